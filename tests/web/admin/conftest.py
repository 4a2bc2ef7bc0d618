"""What the administration's tests share: an administrator, signed in."""

from __future__ import annotations

import pytest

from hrsa.core.vocabulary.people import Role
from hrsa.models import User


@pytest.fixture
def admin(factory, sign_in) -> User:  # type: ignore[no-untyped-def]
    """An administrator, signed in."""
    person = factory.user(Role.ADMIN)
    sign_in(person.email)
    return person
