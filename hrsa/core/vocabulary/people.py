"""People: what each role may do, and where an account stands."""

from __future__ import annotations

from hrsa.core.vocabulary.base import Labelled


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


class AccountStatus(Labelled):
    """Where an account stands: disabled wins; otherwise invited until a password is chosen."""

    ACTIVE = "active"
    INVITED = "invited"
    DISABLED = "disabled"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def tag_colour(self) -> str:
        """The GOV.UK tag colour the accounts pages show it in."""
        return _ACCOUNT_COLOURS[self]


_ACCOUNT_COLOURS = {
    AccountStatus.ACTIVE: "green",
    AccountStatus.INVITED: "blue",
    AccountStatus.DISABLED: "grey",
}
