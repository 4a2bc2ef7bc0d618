"""At most a few password hashes at once on the machine, counted across processes."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from hrsa.services.accounts import hashing_gate
from hrsa.services.accounts.hashing_gate import Busy

HOLD = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
"""


@pytest.fixture
def one_slot(tmp_path: Path):  # type: ignore[no-untyped-def]
    before = (hashing_gate.slots(), hashing_gate._gate.folder, hashing_gate._gate.wait)
    hashing_gate.configure(slots=1, folder=str(tmp_path), wait=0.3)
    yield tmp_path
    hashing_gate.configure(slots=before[0], folder=str(before[1]), wait=before[2])


def test_another_process_holding_the_only_slot_makes_a_sign_in_wait_then_busy(one_slot) -> None:
    with subprocess.Popen(  # noqa: S603 - this interpreter, this test's own script
        [sys.executable, "-c", HOLD, str(one_slot / "slot-0"), "1.5"],
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        with (
            pytest.raises(Busy, match="Too many people are signing in at once"),
            hashing_gate.slot(),
        ):
            pass
        assert time.monotonic() - started >= 0.3, "it waits before giving up"
        holder.wait(timeout=10)
    with hashing_gate.slot():  # free again once the other process let go
        pass


def test_a_slot_is_handed_on_when_the_holder_finishes(one_slot) -> None:
    hashing_gate.configure(wait=5)
    order: list[str] = []
    inside = threading.Event()

    def first() -> None:
        with hashing_gate.slot():
            inside.set()
            time.sleep(0.2)
            order.append("first done")

    thread = threading.Thread(target=first)
    thread.start()
    inside.wait(5)
    with hashing_gate.slot():
        order.append("second in")
    thread.join()
    assert order == ["first done", "second in"]


def test_two_slots_let_two_hash_at_once(one_slot) -> None:
    hashing_gate.configure(slots=2)
    with hashing_gate.slot(), hashing_gate.slot(), pytest.raises(Busy), hashing_gate.slot():
        pass
