"""Text normalisation shared by search, matching and importers."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
# Letters that NFKD does not decompose into a base letter plus accents.
_SPECIAL_LETTERS = str.maketrans(
    {
        "½": " 1 2 ",
        "¼": " 1 4 ",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ł": "l",
        "þ": "th",
        "ı": "i",
    }
)


def fold(text: str) -> str:
    """Lower-case, strip accents, turn punctuation into spaces: "Amélie!" -> "amelie"."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_SPECIAL_LETTERS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("'", "").replace("\u2019", "")
    return _NON_WORD.sub(" ", text).strip()


def slugify(text: str) -> str:
    """A stable id fragment: "The Perfection" -> "the-perfection"."""
    return fold(text).replace(" ", "-") or "film"


def word_count(text: str) -> int:
    return len(text.split())
