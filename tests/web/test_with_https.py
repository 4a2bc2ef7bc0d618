"""Web addresses typed the way a browser shows them get https:// added
(hrsa.web.forms.with_https)."""

from __future__ import annotations

import pytest

from hrsa.web.forms import with_https


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("www.example.org.uk", "https://www.example.org.uk"),
        ("example.org.uk/policies/rse.pdf", "https://example.org.uk/policies/rse.pdf"),
        ("example.org.uk:8080/path", "https://example.org.uk:8080/path"),
        ("//example.org.uk", "https://example.org.uk"),
        ("  www.example.org.uk  ", "https://www.example.org.uk"),
        ("https://www.example.org.uk", "https://www.example.org.uk"),
        ("http://www.example.org.uk", "http://www.example.org.uk"),
        # A scheme of its own is left for validation to refuse.
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("mailto:head@example.org.uk", "mailto:head@example.org.uk"),
        ("ftp://example.org.uk", "ftp://example.org.uk"),
        ("", ""),
        ("   ", ""),
        (None, None),
    ],
)
def test_with_https(typed, kept):
    assert with_https(typed) == kept
