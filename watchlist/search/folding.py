"""`fold()` (watchlist.text) with a fast path: most titles, names and queries are ASCII."""

from __future__ import annotations

import re

from watchlist.text import fold

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fast_fold(text: str) -> str:
    """Exactly `fold(text)`, several times faster for plain ASCII text."""
    if text.isascii():
        return _NON_WORD.sub(" ", text.lower().replace("'", "")).strip()
    return fold(text)
