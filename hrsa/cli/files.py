"""Files the commands write: a checked --out path, and a file that appears whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import click


def checked_out(out: str, *suffixes: str) -> Path:
    """The --out path, if it ends with one of the suffixes ('.pdf', '.zip') and its folder
    exists; otherwise a usage error naming --out."""
    target = Path(out)
    if target.suffix.lower() not in suffixes:
        ends = " or ".join(suffixes)
        raise click.BadParameter(f"name the file with {ends} at the end", param_hint="--out")
    if not target.parent.is_dir():
        raise click.BadParameter(f"there is no folder {target.parent}", param_hint="--out")
    return target


@contextmanager
def written_whole(target: Path) -> Iterator[IO[bytes]]:
    """A stream into a hidden file beside `target`, renamed to it only when the block ends
    without an error: an interrupted command never leaves half a file under the name asked for."""
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".hrsa-{target.stem}-")
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
