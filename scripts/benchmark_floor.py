"""The framework's floor: the simplest signed-in page against the same template rendered by a
bare Flask view with no database and no session, in one run.

    .venv/bin/python scripts/benchmark_floor.py [--requests 2000]

Builds a scratch SQLite database with one commissioner, signs in through the test client, then
alternates blocks of requests to /account (the real page: session check, user loader, the
page's forms, the GOV.UK template) and to /_floor, a view added here that renders the same
template with the same forms for a person held in memory (no database, no session, no request
hooks of its own). Prints each one's throughput (requests a second, in-process, one thread),
the ratio, and the load average. Issue 17's target: the page at least half the floor.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask import g, render_template  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from hrsa import create_app  # noqa: E402
from hrsa.core.vocabulary.people import Role  # noqa: E402
from hrsa.extensions import db  # noqa: E402
from hrsa.models import User  # noqa: E402
from hrsa.services.accounts import people  # noqa: E402
from hrsa.web.auth.forms import ChangePasswordForm  # noqa: E402
from hrsa.web.auth.reminders import reminders_form  # noqa: E402

PASSWORD = "violet-harbour-tandem-quartz-91"  # noqa: S105 - a scratch account


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hrsa-floor-"))
    (folder / "uploads").mkdir()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'floor.sqlite3'}",
            "SECRET_KEY": "floor-benchmark-" + "x" * 32,
            "HRSA_UPLOAD_DIR": str(folder / "uploads"),
            "HRSA_LOGIN_ACCOUNT_LIMIT": "100000 per minute",
            "HRSA_LOGIN_ADDRESS_LIMIT": "100000 per minute",
            "MAIL_SERVER": "",
            "WTF_CSRF_ENABLED": False,
        }
    )
    stand_in = User(id=10**9, email="floor@city.example", name="Floor Person")
    stand_in.role = Role.COMMISSIONER.value
    stand_in.wants_reminders = True

    @app.route("/_floor")
    def floor() -> str:
        g._login_user = stand_in  # flask-login's current user, without a session or a query
        return render_template(
            "auth/account.html",
            title="Your account",
            form=ChangePasswordForm(),
            reminders=reminders_form(),
        )

    with app.app_context():
        upgrade(directory=str(ROOT / "hrsa" / "migrations"))
        people.create_user(
            db.session,
            email="cora@city.example",
            name="Cora Commissioner",
            role=Role.COMMISSIONER,
            password=PASSWORD,
        )
        db.session.commit()
    client = app.test_client()
    signed_in = client.post("/sign-in", data={"email": "cora@city.example", "password": PASSWORD})
    assert signed_in.status_code == 302, signed_in.status_code
    bare = app.test_client()
    for url, who in (("/account", client), ("/_floor", bare)):  # warm up, and check both work
        page = who.get(url)
        assert page.status_code == 200 and b"Your account" in page.data, (url, page.status_code)
    times = {"/account": 0.0, "/_floor": 0.0}
    block = 100
    for _ in range(max(1, args.requests // block)):  # alternate, so both see the same machine
        for url, who in (("/account", client), ("/_floor", bare)):
            started = time.perf_counter()
            for _ in range(block):
                who.get(url)
            times[url] += time.perf_counter() - started
    count = max(1, args.requests // block) * block
    page, floor_rate = count / times["/account"], count / times["/_floor"]
    load = " ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"{count} requests each, in-process, one thread; load average {load}")
    print(f"  /account (signed in, database, session): {page:7.0f} requests/s "
          f"({1000 / page:.2f} ms each)")  # fmt: skip
    print(f"  the same template, bare view:            {floor_rate:7.0f} requests/s "
          f"({1000 / floor_rate:.2f} ms each)")  # fmt: skip
    print(f"  ratio: {page / floor_rate:.2f} (target at least 0.50)")


if __name__ == "__main__":
    main()
