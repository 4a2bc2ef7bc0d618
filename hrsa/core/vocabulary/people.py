"""People: what each role may do, and where an account stands."""

from __future__ import annotations

from hrsa.core.vocabulary.base import Labelled, Look, Looked


class Role(Labelled):
    """What a person may do; school roles belong to exactly one school."""

    SCHOOL_STAFF = "school_staff"
    SCHOOL_LEAD = "school_lead"
    COMMISSIONER = "commissioner"
    ADVISORY = "advisory"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @property
    def is_school_role(self) -> bool:
        """School staff and leads belong to one school and see only its data."""
        return self in (Role.SCHOOL_STAFF, Role.SCHOOL_LEAD)

    @property
    def sees_city(self) -> bool:
        """Every other role (commissioners, advisory group members, admins) sees every school."""
        return not self.is_school_role

    @classmethod
    def school_roles(cls) -> tuple[Role, ...]:
        return tuple(role for role in cls if role.is_school_role)

    @classmethod
    def city_roles(cls) -> tuple[Role, ...]:
        return tuple(role for role in cls if role.sees_city)


ROLE_LABELS = {
    Role.SCHOOL_STAFF: "School staff",
    Role.SCHOOL_LEAD: "School lead",
    Role.COMMISSIONER: "Commissioner",
    Role.ADVISORY: "Advisory group member",
    Role.ADMIN: "Administrator",
}


class AccountStatus(Looked):
    """Where an account stands: disabled wins; otherwise invited until a password is chosen."""

    ACTIVE = "active"
    INVITED = "invited"
    DISABLED = "disabled"

    @property
    def look(self) -> Look:
        return _ACCOUNT_LOOKS[self]


_ACCOUNT_LOOKS = {
    AccountStatus.ACTIVE: Look("Active", "govuk-tag--green", "cce2d8", "0b0c0c"),
    AccountStatus.INVITED: Look("Invited", "govuk-tag--blue", "d2e2f1", "0b0c0c"),
    AccountStatus.DISABLED: Look("Disabled", "govuk-tag--grey", "f3f2f1", "0b0c0c"),
}
