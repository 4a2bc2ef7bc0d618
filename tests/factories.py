"""Factories that build the objects a test's story needs, with believable defaults."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrsa.models import Cycle, Role, School, User
from hrsa.services import accounts, cycles, schools

PASSWORD = "correct-horse-battery"
_counter = itertools.count(1)


class Factory:
    def __init__(self, session: Session) -> None:
        self.session = session

    def school(self, **values: Any) -> School:
        n = next(_counter)
        school = schools.create_school(
            self.session,
            urn=values.pop("urn", f"{100000 + n}"),
            name=values.pop("name", f"Test School {n}"),
            phase=values.pop("phase", "secondary"),
            ward=values.pop("ward", "Stoke"),
            **values,
        )
        self.session.commit()
        return school

    def user(
        self, role: Role = Role.SCHOOL_LEAD, school: School | None = None, **values: Any
    ) -> User:
        n = next(_counter)
        if role.is_school_role and school is None:
            school = self.school()
        user = accounts.create_user(
            self.session,
            email=values.pop("email", f"person{n}@example.org"),
            name=values.pop("name", f"Person {n}"),
            role=role,
            school_id=school.id if school else None,
            password=values.pop("password", PASSWORD),
        )
        self.session.commit()
        return user

    def cycle(self, name: str = "2026/27", **values: Any) -> Any:
        """The cycle with this name (opened if it is not there yet)."""
        existing = self.session.scalar(select(Cycle).where(Cycle.name == name))
        if existing is not None:
            return existing
        cycle = cycles.open_cycle(
            self.session,
            name=name,
            opens_on=values.pop("opens_on", date(2026, 9, 1)),
            closes_on=values.pop("closes_on", date(2027, 7, 31)),
        )
        self.session.commit()
        return cycle
