"""The people of the load test, added to a demo city: LEADS school leads, each with a school of
their own and this cycle's assessment started, and COMMISSIONERS commissioners. Run with the
servers' environment after `hrsa seed-demo`; prints the accounts as JSON on its last line."""

from __future__ import annotations

import json
import sys

from hrsa import create_app
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.services.accounts import people
from hrsa.services.assessment import starting
from hrsa.services.cycles import lookup
from hrsa.services.schools import profile

PASSWORD = "violet-harbour-tandem-quartz-91"


def main(leads: int, commissioners: int) -> None:
    app = create_app()
    with app.app_context():
        session = db.session
        cycle = lookup.current_cycle(session)
        assert cycle is not None, "run hrsa seed-demo first"
        made = []
        for n in range(leads):
            school = profile.create_school(
                session,
                urn=f"{800000 + n}",
                name=f"Load Test School {n}",
                phase="primary" if n % 3 else "secondary",
                ward="Stoke",
            )
            lead = people.create_user(
                session,
                email=f"load.lead{n}@school.example",
                name=f"Load Lead {n}",
                role=Role.SCHOOL_LEAD,
                school_id=school.id,
                password=PASSWORD,
            )
            session.flush()
            assessment = starting.start(session, school=school, cycle=cycle, user_id=lead.id)
            made.append({"email": lead.email, "assessment_id": assessment.id})
        city = [
            people.create_user(
                session,
                email=f"load.commissioner{n}@city.example",
                name=f"Load Commissioner {n}",
                role=Role.COMMISSIONER,
                password=PASSWORD,
            ).email
            for n in range(commissioners)
        ]
        session.commit()
        print(
            json.dumps(
                {
                    "password": PASSWORD,
                    "cycle_id": cycle.id,
                    "leads": made,
                    "commissioners": city,
                }
            )
        )


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
