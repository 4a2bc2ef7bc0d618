"""Factories that build the objects a test's story needs, with believable defaults.

Everything is made through the services a person's actions go through (hrsa/services/*), never by
writing rows, so a test cannot build a state the service would refuse: a Green comes with its
evidence narrative and a document, plan actions go only on Red or Amber standards, a submitted
assessment has every standard rated and was submitted by the school's lead. If a test asks for
something the rules refuse, the factory raises the service's own error.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary.assessment import ActionStatus
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.demo.city import WARD_NAMES
from hrsa.extensions import db
from hrsa.models import Assessment, Authority, Cycle, EvidenceItem, PlanAction, Rating, School, User
from hrsa.services.accounts import people
from hrsa.services.assessment import plan, ratings, starting, submission
from hrsa.services.authorities import records as authorities
from hrsa.services.cycles import lifecycle
from hrsa.services.evidence import items, uploads
from hrsa.services.schools import profile
from hrsa.storage.base import Storage
from hrsa.storage.configured import storage_from_config

PASSWORD = "correct-horse-battery"
DEFAULT_DUE_ON = date(2027, 3, 31)
_counter = itertools.count(1)
M = TypeVar("M")


def fresh(model: type[M], id_: int) -> M | None:
    """The row as the database has it now (views commit in their own transaction)."""
    db.session.expire_all()
    return db.session.get(model, id_)


class Refused(AssertionError):
    """The service refused what a test asked a factory for: the state it wanted is impossible."""


class Factory:
    """Makes schools, people, cycles, assessments, ratings, evidence and plan actions."""

    def __init__(self, session: Session, config: Mapping[str, Any] | None = None) -> None:
        self.session = session
        self.config: Mapping[str, Any] = config or {}

    # --- the city ------------------------------------------------------------------------------

    def authority(self, code: str = "879", name: str = "Plymouth") -> Authority:
        """The authority with this DfE code, made the first time it is asked for; the test
        city (879) has the demo city's 20 wards."""
        found = authorities.find_authority(self.session, code)
        if found is not None:
            return found
        authority = authorities.create_authority(
            self.session,
            code=code,
            details=authorities.AuthorityDetails(
                name=name,
                service_name=f"Safer {name}",
                partnership_name=f"Safer {name} partnership",
            ),
        )
        for ward in WARD_NAMES if code == "879" else ():
            authorities.ensure_ward(self.session, authority.id, ward)
        self.session.commit()
        return authority

    def school(self, **values: Any) -> School:
        n = next(_counter)
        if "authority_id" not in values:
            values["authority_id"] = self.authority().id
        school = profile.create_school(
            self.session,
            urn=values.pop("urn", f"{100000 + n}"),
            name=values.pop("name", f"Test School {n}"),
            phase=values.pop("phase", "secondary"),
            ward=values.pop("ward", "Stoke"),
            **values,
        )
        self.session.commit()
        return school

    def complete_profile(self, school: School, *, by: User | None = None) -> School:
        """Fill the profile fields the school must give before submitting (those still empty),
        as its lead would on the profile page."""
        defaults: dict[str, Any] = {
            "address": "1 Tamar Road, Plymouth PL1 1AA",
            "telephone": "01752 123456",
            "website": "https://school.example.org.uk",
            "last_ofsted_on": date(2024, 5, 14),
            "number_on_roll": 420,
            "nominated_lead": "Lena Lead",
            "headteacher": "Hana Head",
        }
        empty = {field for field, _ in profile.missing_profile_fields(school)}
        values = {field: value for field, value in defaults.items() if field in empty}
        if values:
            profile.update_profile(self.session, school, values, user_id=by.id if by else None)
            self.session.commit()
        return school

    def user(
        self, role: Role = Role.SCHOOL_LEAD, school: School | None = None, **values: Any
    ) -> User:
        n = next(_counter)
        self.authority()  # the city every person works in
        if role.is_school_role and school is None:
            school = self.school()
        user = people.create_user(
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
        cycle = lifecycle.open_cycle(
            self.session,
            name=name,
            opens_on=values.pop("opens_on", date(2026, 9, 1)),
            closes_on=values.pop("closes_on", date(2027, 7, 31)),
        )
        self.session.commit()
        return cycle

    # --- assessments ---------------------------------------------------------------------------

    def assessment(
        self,
        school: School | None = None,
        cycle: Cycle | None = None,
        *,
        by: User | None = None,
        carry_forward: bool = False,
        rags: Mapping[str, Rag | str | None] | None = None,
    ) -> Assessment:
        """A school's assessment in the cycle (both made if not given), started as the school
        would start it: every standard unrated, or carried forward from the last cycle."""
        school = school or self.school()
        cycle = cycle or self.cycle()
        assessment = starting.start(
            self.session,
            school=school,
            cycle=cycle,
            user_id=by.id if by else None,
            carry_forward=carry_forward,
        )
        self.session.commit()
        if rags:
            self.rate(assessment, rags, by=by)
        return assessment

    def rating(self, assessment: Assessment, code: str) -> Rating:
        """The assessment's rating for one standard, as stored now."""
        rating = self.session.scalar(
            select(Rating).where(
                Rating.assessment_id == assessment.id, Rating.standard_code == code
            )
        )
        if rating is None:
            raise Refused(f"Standard {code!r} is not part of assessment {assessment.id}")
        return rating

    def rate(
        self,
        assessment: Assessment,
        rags: Mapping[str, Rag | str | None],
        *,
        by: User | None = None,
        narrative: str | None = None,
        next_steps: Mapping[str, str] | None = None,
    ) -> None:
        """Save these standards' ratings from their principle pages, as the school would.

        A Green gets what the Green rule needs if it has not got it yet: an evidence narrative
        and one link as documentary evidence."""
        person = by or self.school_person(assessment.school_id)
        by_principle: dict[int, list[ratings.StandardInput]] = {}
        for code, rag in rags.items():
            rating = self.rating(assessment, code)
            text = rating.narrative if narrative is None else narrative
            if rag is not None and Rag(rag) is Rag.GREEN:
                text = text.strip() or f"How the school fully meets standard {code}"
                if not self._has_evidence(rating):
                    self.link(assessment, code, by=person)
            by_principle.setdefault(rating.principle_number, []).append(
                ratings.StandardInput(
                    code=code,
                    rag=None if rag is None else Rag(rag),
                    narrative=text,
                    next_steps=(next_steps or {}).get(code, rating.next_steps),
                    version=rating.version,
                )
            )
        for number, inputs in sorted(by_principle.items()):
            with self._refusals():
                outcome = ratings.save_principle(
                    self.session, assessment, number, inputs, user_id=person.id
                )
            if not outcome.ok:
                self.session.rollback()
                raise Refused(f"Ratings refused: {outcome.errors or outcome.conflicts}")
        self.session.commit()
        self.session.expire_all()

    def rate_all(
        self,
        assessment: Assessment,
        rag: Rag | str = Rag.AMBER,
        *,
        except_codes: Iterable[str] = (),
        by: User | None = None,
    ) -> None:
        """Rate every standard (but those in except_codes) with the same RAG."""
        skip = set(except_codes)
        codes = starting.framework_for(assessment).standard_codes
        self.rate(assessment, {code: rag for code in codes if code not in skip}, by=by)

    def submitted(
        self,
        assessment: Assessment,
        *,
        lead: User | None = None,
        rag: Rag = Rag.AMBER,
        at: datetime | None = None,
    ) -> Assessment:
        """Submit the assessment as its lead would, rating any unrated standard `rag` and
        filling any empty field of the school's profile first.

        `at` backdates when it was submitted (the service stamps the present moment)."""
        lead = lead or self.school_person(assessment.school_id, Role.SCHOOL_LEAD)
        missing = [code for _, code in submission.missing_standards(self.session, assessment)]
        if missing:
            self.rate(assessment, dict.fromkeys(missing, rag), by=lead)
        self.complete_profile(self.session.get_one(School, assessment.school_id), by=lead)
        self.session.expire_all()
        current = self.session.get_one(Assessment, assessment.id)
        with self._refusals():
            submission.submit(self.session, current, user=lead)
        if at is not None:
            current.submitted_at = at
        self.session.commit()
        return current

    # --- evidence and the plan -----------------------------------------------------------------

    def link(
        self,
        assessment: Assessment,
        code: str,
        *,
        url: str = "https://example.org/policies/relationships",
        title: str = "Relationships policy",
        by: User | None = None,
    ) -> EvidenceItem:
        """A web link added as evidence for one standard."""
        person = by or self.school_person(assessment.school_id)
        with self._refusals():
            item = items.add_link(
                self.session,
                rating=self.rating(assessment, code),
                url=url,
                title=title,
                user_id=person.id,
            )
        self.session.commit()
        return item

    def evidence_file(
        self,
        assessment: Assessment,
        code: str,
        *,
        content: bytes = b"Our relationships policy, agreed by governors.\n",
        filename: str = "policy.txt",
        by: User | None = None,
    ) -> EvidenceItem:
        """A file uploaded as evidence for one standard, inspected and stored like any upload."""
        person = by or self.school_person(assessment.school_id)
        with self._refusals():
            item = items.add_file(
                self.session,
                self.store,
                rating=self.rating(assessment, code),
                stream=io.BytesIO(content),
                filename=filename,
                user_id=person.id,
                limits=uploads.limits_from(self.config),
            )
        self.session.commit()
        return item

    def action(
        self,
        assessment: Assessment,
        code: str,
        *,
        what: str = "Train staff on the new policy",
        who: str = "Head of PSHE",
        due_on: date = DEFAULT_DUE_ON,
        status: ActionStatus | str = ActionStatus.NOT_STARTED,
        by: User | None = None,
    ) -> PlanAction:
        """A delivery-plan action; the standard must be rated Red or Amber (else Refused)."""
        with self._refusals():
            action = plan.add_action(
                self.session,
                assessment,
                code,
                what=what,
                who=who,
                due_on=due_on,
                status=ActionStatus(status),
                user_id=by.id if by else None,
            )
        self.session.commit()
        return action

    # --- helpers -------------------------------------------------------------------------------

    @property
    def store(self) -> Storage:
        """The upload store the app under test uses."""
        return storage_from_config(self.config)

    def school_person(self, school_id: int, role: Role | None = None) -> User:
        """Someone at the school (its lead if role says so) to act as: the first one there, or a
        new one."""
        query = select(User).where(User.school_id == school_id).order_by(User.id)
        if role is not None:
            query = query.where(User.role == role)
        person = self.session.scalar(query.limit(1))
        if person is None:
            school = self.session.get_one(School, school_id)
            person = self.user(role or Role.SCHOOL_STAFF, school)
        return person

    @contextmanager
    def _refusals(self) -> Iterator[None]:
        """A service's refusal becomes Refused, after rolling back what was half done."""
        try:
            yield
        except ServiceError as refused:
            self.session.rollback()
            raise Refused(str(refused)) from refused

    def _has_evidence(self, rating: Rating) -> bool:
        return bool(items.live_items_for_ratings(self.session, [rating.id])[rating.id])
