"""Reading and re-showing the principle page's form: one set of fields per standard.

The form is built from the framework at run time (like Indico's survey forms), so it is parsed
here rather than declared as a fixed WTForms class. Field names carry the standard code:
rag-1.1, narrative-1.1, next_steps-1.1, version-1.1, files-1.1, link_url-1.1, link_title-1.1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from werkzeug.datastructures import FileStorage, ImmutableMultiDict, MultiDict

from hrsa.core.errors import BadInput
from hrsa.core.framework import Principle
from hrsa.services.assessment.ratings import StandardInput
from hrsa.services.assessment.saving import StandardEvidenceInput
from hrsa.web.forms import with_https

NOT_RATED = "not_rated"
# Ids and versions are plain ASCII numbers that fit a database integer ("²" is a digit to
# str.isdigit, and 10**20 would overflow the column).
NUMBER = re.compile(r"^[0-9]{1,9}$")


@dataclass
class StandardFields:
    """Everything one standard's part of the form sent, kept so the page can be shown again."""

    code: str
    rag: str | None
    narrative: str
    next_steps: str
    version: int
    files: list[FileStorage] = field(default_factory=list)
    link_url: str = ""
    link_title: str = ""

    def as_evidence(self) -> StandardEvidenceInput:
        return StandardEvidenceInput(
            code=self.code, files=self.files, link_url=self.link_url, link_title=self.link_title
        )

    def as_input(self) -> StandardInput:
        return StandardInput(
            code=self.code,
            rag=self.rag,
            narrative=self.narrative,
            next_steps=self.next_steps,
            version=self.version,
        )


def _text(form: MultiDict[str, str], name: str) -> str:
    # Browsers send CRLF in textareas; count and store one character per line break.
    return form.get(name, "").replace("\r\n", "\n")


def parse(
    principle: Principle,
    form: MultiDict[str, str] | ImmutableMultiDict[str, str],
    files: MultiDict[str, FileStorage] | ImmutableMultiDict[str, FileStorage],
) -> tuple[list[StandardFields], list[int]]:
    """The per-standard fields and the evidence ids ticked for removal; BadInput if tampered."""
    expected = {s.code for s in principle.standards}
    for name in form:
        if "-" in name:
            prefix, _, code = name.partition("-")
            if (
                prefix in {"rag", "narrative", "next_steps", "version", "link_url", "link_title"}
                and code not in expected
            ):
                raise BadInput(f"Standard {code!r} is not part of principle {principle.number}")
    parsed = []
    for standard in principle.standards:
        code = standard.code
        raw_version = form.get(f"version-{code}", "")
        if not NUMBER.match(raw_version):
            raise BadInput(f"The form for standard {code} is incomplete")
        rag = form.get(f"rag-{code}") or NOT_RATED
        parsed.append(
            StandardFields(
                code=code,
                rag=None if rag == NOT_RATED else rag,
                narrative=_text(form, f"narrative-{code}"),
                next_steps=_text(form, f"next_steps-{code}"),
                version=int(raw_version),
                files=[f for f in files.getlist(f"files-{code}") if f and f.filename],
                link_url=str(with_https(form.get(f"link_url-{code}", ""))),
                link_title=form.get(f"link_title-{code}", "").strip(),
            )
        )
    removals = []
    for raw in form.getlist("remove_evidence"):
        if not NUMBER.match(raw):
            raise BadInput("Evidence to remove must be chosen from the list")
        removals.append(int(raw))
    return parsed, removals
