"""Two app servers behave as one: sign-in limits count across both, a file uploaded through one
is downloaded through the other, and a job started on one is run by a worker process and
downloaded through the other."""

from __future__ import annotations

import re
import subprocess
import time

import pytest
import requests

from tests.servers.conftest import BIN, REPO, Servers

pytestmark = pytest.mark.servers

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"two servers " * 100


def _token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10)
    page.raise_for_status()
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
    assert found, f"no CSRF token on {url}"
    return found.group(1)


def _sign_in(session: requests.Session, base: str, email: str, password: str) -> int:
    token = _token(session, f"{base}/sign-in")
    response = session.post(
        f"{base}/sign-in",
        data={"email": email, "password": password, "csrf_token": token},
        allow_redirects=False,
        timeout=10,
    )
    return response.status_code


def test_sign_in_limits_count_across_both_servers(servers: Servers) -> None:
    """5 wrong passwords a minute for one account, whichever server each reaches."""
    session = requests.Session()
    statuses = []
    for attempt in range(8):
        base = servers.a if attempt % 2 == 0 else servers.b
        statuses.append(_sign_in(session, base, str(servers.city["admin"]), "wrong-password-1"))
    assert statuses[:5] == [200] * 5, statuses
    assert statuses[5:] == [429] * 3, statuses


def test_a_file_uploaded_through_one_is_downloaded_through_the_other(servers: Servers) -> None:
    session = requests.Session()
    lead, password = str(servers.city["lead"]), str(servers.city["password"])
    assert _sign_in(session, servers.a, lead, password) == 302
    assessment = servers.city["assessment_id"]
    principle = f"/assessments/{assessment}/principles/1"
    token = _token(session, servers.a + principle)
    uploaded = session.post(
        f"{servers.a}/assessments/{assessment}/standards/1.1/evidence",
        data={"csrf_token": token},
        files={"files": ("two-servers.pdf", PDF, "application/pdf")},
        timeout=30,
    )
    assert uploaded.status_code == 200, uploaded.text[:500]
    page = session.get(servers.b + principle, timeout=10).text  # the other server
    link = re.search(r'href="(/evidence/\d+/download)">two-servers.pdf<', page)
    assert link, "the upload is not listed by the other server"
    downloaded = session.get(servers.b + link.group(1), timeout=10)
    assert downloaded.status_code == 200
    assert downloaded.content == PDF
    # It came from the shared object store, not from either server's disk.
    from hrsa.storage.s3 import s3_client

    bucket = servers.env["HRSA_STORAGE_URL"].removeprefix("s3://").split("/", 1)[0]
    listed = s3_client(servers.env["HRSA_S3_ENDPOINT_URL"]).list_objects_v2(Bucket=bucket)
    assert [item["Size"] for item in listed["Contents"]] == [len(PDF)]


def test_a_job_started_on_one_is_run_by_a_worker_and_downloaded_through_the_other(
    servers: Servers,
) -> None:
    session = requests.Session()
    who, password = str(servers.city["commissioner"]), str(servers.city["password"])
    assert _sign_in(session, servers.a, who, password) == 302
    export = f"/exports/ratings/{servers.city['cycle_id']}.csv"
    token = _token(session, f"{servers.a}/exports")
    started = session.post(
        servers.a + export, data={"csrf_token": token}, allow_redirects=False, timeout=30
    )
    assert started.status_code in (302, 303), started.text[:500]
    job = started.headers["Location"]
    assert re.search(r"/jobs/\d+$", job), job
    status = session.get(f"{servers.b}{job}/status", timeout=10).json()
    assert status["state"] == "queued", status  # nothing runs jobs in the web servers
    worker = subprocess.run(
        [str(BIN / "hrsa"), "worker", "--burst"],
        env=servers.env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert worker.returncode == 0, worker.stdout[-2000:] + worker.stderr[-2000:]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status = session.get(f"{servers.b}{job}/status", timeout=10).json()
        if status["state"] == "finished":
            break
        time.sleep(0.5)
    assert status["state"] == "finished", status
    downloaded = session.get(f"{servers.b}{job}/download", timeout=30)
    assert downloaded.status_code == 200
    assert "Two Server School" in downloaded.content.decode("utf-8-sig")
