"""hrsa's request class: form and query values never carry NUL or other invisible characters.

PostgreSQL refuses NUL in text, and no person types one, so a crafted NUL would otherwise turn
any form into a server error. Bidirectional controls and other invisible format characters
(hrsa.core.invisible) would be carried into lists, exports, PDFs and emails. Dropping them here,
once, normalises every text field of every form and query at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from hrsa.core.invisible import without_invisible


def _clean(value: Any) -> Any:
    return without_invisible(value) if isinstance(value, str) else value


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

    def _load_form_data(self) -> None:
        """Werkzeug raises the same 413 for too many parts as for too many bytes: tell them
        apart, so the page says which."""
        try:
            super()._load_form_data()
        except RequestEntityTooLarge as error:
            if _raised_by_parts_limit(error):
                from hrsa.web.errors import TooManyParts

                raise TooManyParts() from error
            raise


def _raised_by_parts_limit(error: BaseException) -> bool:
    """Werkzeug's multipart decoder raises the parts limit from next_event (and only that)."""
    trace = error.__traceback__
    last = None
    while trace is not None:
        last = trace.tb_frame.f_code
        trace = trace.tb_next
    return last is not None and last.co_name == "next_event"
