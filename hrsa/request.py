"""hrsa's request class: form and query values never carry NUL characters.

PostgreSQL refuses NUL in text, and no person types one, so a crafted NUL would otherwise turn
any form into a server error. Dropping them here fixes every form at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict


def _clean(value: Any) -> Any:
    return value.replace("\x00", "") if isinstance(value, str) else value


class CleanMultiDict(ImmutableMultiDict[str, Any]):
    def __init__(
        self, mapping: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None
    ) -> None:
        if mapping is None:
            super().__init__()
            return
        if isinstance(mapping, MultiDict):
            items: Iterable[tuple[str, Any]] = mapping.items(multi=True)
        elif isinstance(mapping, Mapping):
            items = mapping.items()
        else:
            items = mapping
        super().__init__([(_clean(key), _clean(value)) for key, value in items])


class HrsaRequest(Request):
    parameter_storage_class = CleanMultiDict
