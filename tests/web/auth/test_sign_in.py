"""Signing in when the machine's password-hashing slots are all taken."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from hrsa.core.vocabulary.people import Role
from hrsa.services.accounts import hashing_gate
from tests.factories import PASSWORD


def test_a_sign_in_with_no_free_slot_is_asked_to_try_again_and_keeps_the_email(
    client, factory, tmp_path: Path
) -> None:
    person = factory.user(Role.COMMISSIONER, email="cora@example.org")
    before = (hashing_gate.slots(), hashing_gate._gate.folder, hashing_gate._gate.wait)
    hashing_gate.configure(slots=1, folder=str(tmp_path), wait=0.2)
    held = os.open(tmp_path / "slot-0", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(held, fcntl.LOCK_EX)  # as if another sign-in were hashing
    try:
        response = client.post("/sign-in", data={"email": person.email, "password": PASSWORD})
    finally:
        os.close(held)
        hashing_gate.configure(slots=before[0], folder=str(before[1]), wait=before[2])
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    html = response.get_data(as_text=True)
    assert "Too many people are signing in at once" in html
    assert 'value="cora@example.org"' in html
    signed_in = client.post("/sign-in", data={"email": person.email, "password": PASSWORD})
    assert signed_in.status_code == 302
