"""People who sign in and the single-use tokens sent to them by email."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models.base import UTCDateTime, utcnow
from hrsa.models.school import School


class User(UserMixin, db.Model):  # type: ignore[name-defined]
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"), index=True)
    password_hash: Mapped[str | None] = mapped_column(String(300))
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Changes whenever the password does: old sessions and reset links stop working.
    session_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Reminders by email (cycle closing, plan actions due, reviews due): the person can say no.
    wants_reminders: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    school: Mapped[School | None] = relationship()

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def is_active(self) -> bool:  # Flask-Login: disabled accounts cannot sign in
        return self.is_enabled

    def get_id(self) -> str:
        # Flask-Login stores this in the session; a password change invalidates it.
        return f"{self.id}:{self.session_token}"

    def has_role(self, *roles: Role) -> bool:
        return self.role_enum in roles

    @property
    def is_school_user(self) -> bool:
        return self.role_enum.is_school_role

    @property
    def sees_city(self) -> bool:
        """Commissioners, advisory group members and admins see every school."""
        return self.role_enum.sees_city

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class AuthToken(db.Model):  # type: ignore[name-defined]
    """A sent invitation or password-reset link: signed, single use, expiring."""

    __tablename__ = "auth_token"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
