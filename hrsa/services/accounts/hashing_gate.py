"""At most a few password hashes at once on this machine, so sign-ins cannot starve every other
request.

scrypt is slow and memory-hard on purpose (about a tenth of a second of one core a hash). Fifty
people signing in together (a staff meeting, a training session) would otherwise keep every core
busy for seconds and every other page waiting. Each hash takes one of SLOTS slots: a lock on a
small file in a folder every process of the machine shares (every gunicorn worker, both app
servers of a machine), so the limit holds across processes, not only threads. A sign-in waits
for a slot up to WAIT seconds, then is told to try again (Busy), rather than queueing without
end. The default, half the cores (at least one), leaves the other half for everything else.
"""

from __future__ import annotations

import errno
import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from hrsa.core.errors import Unavailable

BUSY = "Too many people are signing in at once. Wait a minute, then try again."


class Busy(Unavailable):
    """No hashing slot came free in time."""


@dataclass
class Gate:
    slots: int
    folder: Path
    wait: float


def default_slots() -> int:
    return max(1, (os.cpu_count() or 2) // 2)


_gate = Gate(default_slots(), Path(tempfile.gettempdir()) / "hrsa-password-slots", 10.0)


def configure(
    *, slots: int | None = None, folder: str | None = None, wait: float | None = None
) -> None:
    """Set the gate from the app's settings (HRSA_HASH_SLOTS; 0 or None means the default)."""
    _gate.slots = slots or default_slots()
    if folder:
        _gate.folder = Path(folder)
    if wait is not None:
        _gate.wait = wait


def slots() -> int:
    return _gate.slots


@contextmanager
def slot() -> Iterator[None]:
    """Hold one hashing slot for the block; Busy if none comes free within the wait."""
    _gate.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    deadline = time.monotonic() + _gate.wait
    pause = 0.005
    while True:
        for number in range(_gate.slots):
            descriptor = os.open(_gate.folder / f"slot-{number}", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as error:
                os.close(descriptor)
                if error.errno not in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES):
                    raise
                continue
            try:
                yield
            finally:
                fcntl.flock(descriptor, fcntl.LOCK_UN)
                os.close(descriptor)
            return
        if time.monotonic() >= deadline:
            raise Busy(BUSY)
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
