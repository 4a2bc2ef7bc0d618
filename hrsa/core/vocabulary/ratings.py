"""The framework's rating scale (Red, Amber, Green) and a standard not yet rated."""

from __future__ import annotations

from hrsa.core.vocabulary.base import Look, Looked, words


class Rag(Looked):
    """The framework's rating scale, weakest first."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"

    @property
    def look(self) -> Look:
        return _RAG_LOOKS[self]

    @property
    def letter(self) -> str:
        return self.look.letter

    @property
    def score(self) -> int:
        """Red 0, Amber 1, Green 2: the scale the citywide means and changes are measured on."""
        return _RAG_SCORES[self]

    @property
    def is_gap(self) -> bool:
        """Red and Amber are gaps: they get delivery-plan actions and recommended resources."""
        return self is not Rag.GREEN

    @classmethod
    def gaps(cls) -> tuple[Rag, ...]:
        return tuple(rag for rag in cls if rag.is_gap)


MAX_RAG_SCORE = 2

# A standard with no rating yet: presented like a value, stored as NULL.
UNRATED = Look(
    label="Not yet rated",
    tag_class="govuk-tag--grey",
    fill="f3f2f1",
    text_colour="0b0c0c",
    letter="–",
)

_RAG_LOOKS = {
    # Cell fills are GOV.UK palette colours; each text colour passes WCAG AA contrast on its fill.
    Rag.RED: Look("Red", "govuk-tag--red", "d4351c", "ffffff", "R"),
    Rag.AMBER: Look("Amber", "govuk-tag--orange", "f47738", "0b0c0c", "A"),
    Rag.GREEN: Look("Green", "govuk-tag--green", "00703c", "ffffff", "G"),
}
_RAG_SCORES = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}


def rag_look(value: str | None) -> Look:
    """The presentation of a stored rating, or of no rating yet (None)."""
    return UNRATED if value is None else Rag(value).look


def rag_scores() -> str:
    """The scale with its scores in words: 'Red 0, Amber 1, Green 2'."""
    return ", ".join(f"{rag.label} {rag.score}" for rag in Rag)


def rag_words(*, gaps: bool = False, conjunction: str = "or") -> str:
    """The scale in a sentence, 'Red, Amber or Green'; the gaps only with gaps=True."""
    return words((rag.label for rag in (Rag.gaps() if gaps else Rag)), conjunction)
