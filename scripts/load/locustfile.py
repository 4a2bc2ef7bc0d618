"""The load test's people (run by scripts/load/run.py, `make load`): school leads saving their
principle pages with the real form and its version fields, and commissioners reading the
dashboards and a school's PDF report. Each acknowledged save is written to HRSA_LOAD_SAVES at
the end, so the runner can check that every one is in the database."""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
import uuid
from typing import Any

from locust import HttpUser, between, events, task

CITY: dict[str, Any] = json.loads(os.environ["HRSA_LOAD_CITY"])
PASSWORD = CITY["password"]
_leads = itertools.cycle(CITY["leads"])
_commissioners = itertools.cycle(CITY["commissioners"])
_take = threading.Lock()
SAVES: dict[str, str] = {}  # "assessment_id/code" -> the narrative last acknowledged

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
VERSION = re.compile(r'name="version-([\d.]+)"[^>]*value="(\d+)"')


def _token(html: str) -> str:
    found = TOKEN.search(html)
    return found.group(1) if found else ""


class Person(HttpUser):
    abstract = True
    wait_time = between(0.4, 0.6)  # about half a second between pages

    def sign_in(self, email: str) -> None:
        self.client.verify = False  # the servers' certificate is made for the run
        # As a browser does: over https, Flask-WTF's CSRF check wants a same-site Referer.
        self.client.headers["Referer"] = f"{self.host}/"
        page = self.client.get("/sign-in", name="GET /sign-in")
        self.client.post(
            "/sign-in",
            data={"email": email, "password": PASSWORD, "csrf_token": _token(page.text)},
            name="POST /sign-in",
        )


class Lead(Person):
    weight = 80

    def on_start(self) -> None:
        with _take:
            me = next(_leads)
        self.assessment = me["assessment_id"]
        self.sign_in(me["email"])

    @task
    def save_a_principle(self) -> None:
        number = random.randint(1, 8)
        url = f"/assessments/{self.assessment}/principles/{number}"
        page = self.client.get(url, name="GET principle page")
        versions = dict(VERSION.findall(page.text))
        if not versions:
            return
        data: dict[str, str] = {"csrf_token": _token(page.text)}
        written: dict[str, str] = {}
        for code, version in versions.items():
            text = f"Load test {uuid.uuid4().hex}: work has started on standard {code}."
            data |= {
                f"version-{code}": version,
                f"rag-{code}": "amber",
                f"narrative-{code}": text,
                f"next_steps-{code}": "Finish it this term.",
            }
            written[f"{self.assessment}/{code}"] = text
        with self.client.post(
            url, data=data, name="POST principle page", allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code in (302, 303):
                SAVES.update(written)
                answer.success()
            else:
                answer.failure(f"save not acknowledged: {answer.status_code}")


class Commissioner(Person):
    weight = 20

    def on_start(self) -> None:
        with _take:
            email = next(_commissioners)
        self.sign_in(email)

    @task(4)
    def overview(self) -> None:
        self.client.get("/dashboard/", name="GET /dashboard/")

    @task(3)
    def school_heatmap(self) -> None:
        self.client.get("/dashboard/heatmap/schools", name="GET schools heatmap")

    @task(2)
    def area_heatmap(self) -> None:
        self.client.get("/dashboard/heatmap/areas", name="GET areas heatmap")

    @task(2)
    def gaps(self) -> None:
        self.client.get("/dashboard/gaps", name="GET gap ranking")

    @task(1)
    def trends(self) -> None:
        self.client.get("/dashboard/trends", name="GET trends")

    @task(1)
    def a_school_report(self) -> None:
        lead = random.choice(CITY["leads"])
        self.client.get(f"/assessments/{lead['assessment_id']}/report.pdf", name="GET school PDF")

    @task(1)
    def every_schools_reports(self) -> None:
        """Now and then: start the ZIP of every school's reports (a background job) and look
        at its page once, as a person would before going on."""
        if random.random() > 0.1:
            return
        cycle = CITY["cycle_id"]
        page = self.client.get(f"/cycles/{cycle}/reports", name="GET reports page")
        started = self.client.post(
            f"/cycles/{cycle}/reports.zip",
            data={"csrf_token": _token(page.text)},
            name="POST start the ZIP job",
            allow_redirects=False,
        )
        if started.status_code in (302, 303):
            self.client.get(started.headers["Location"], name="GET job page")


@events.quitting.add_listener
def _write_saves(environment: Any, **_: Any) -> None:
    with open(os.environ["HRSA_LOAD_SAVES"], "w", encoding="utf-8") as out:
        json.dump(SAVES, out)
