"""A small city for the app servers under test: the framework, an open cycle, one school with
its lead and a started assessment, and an administrator. Run with the servers' environment:

    python -m tests.servers.setup_city   (prints the ids as JSON)
"""

from __future__ import annotations

import json
from datetime import timedelta

from hrsa import create_app
from hrsa.core.formatting import uk_today
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.services.accounts import people
from hrsa.services.assessment import starting
from hrsa.services.cycles import framework_versions, lifecycle
from hrsa.services.schools import profile

PASSWORD = "correct-horse-battery-staple"


def main() -> None:
    app = create_app()
    with app.app_context():
        session = db.session
        framework_versions.import_framework(session, app.config["HRSA_FRAMEWORK_PATH"])
        today = uk_today()
        cycle = lifecycle.open_cycle(
            session,
            name="2026/27",
            opens_on=today - timedelta(days=30),
            closes_on=today + timedelta(days=200),
        )
        school = profile.create_school(
            session, urn="123456", name="Two Server School", phase="primary", ward="Stoke"
        )
        lead = people.create_user(
            session,
            email="lead@two.example",
            name="Lena Lead",
            role=Role.SCHOOL_LEAD,
            school_id=school.id,
            password=PASSWORD,
        )
        admin = people.create_user(
            session, email="admin@two.example", name="Ada Admin", role=Role.ADMIN, password=PASSWORD
        )
        commissioner = people.create_user(
            session,
            email="commissioner@two.example",
            name="Cora Commissioner",
            role=Role.COMMISSIONER,
            password=PASSWORD,
        )
        session.flush()
        assessment = starting.start(
            session, school=school, cycle=cycle, user_id=lead.id, carry_forward=False
        )
        session.commit()
        print(
            json.dumps(
                {
                    "assessment_id": assessment.id,
                    "lead": lead.email,
                    "admin": admin.email,
                    "commissioner": commissioner.email,
                    "cycle_id": cycle.id,
                    "password": PASSWORD,
                }
            )
        )


if __name__ == "__main__":
    main()
