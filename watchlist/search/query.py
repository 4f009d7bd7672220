"""Parse what a person types into free words and field filters.

`giallo year:1970-1979 cast:"allison williams"` -> words ("giallo",), filters year and cast.
Parsing never raises: an empty or punctuation-only query is reported through
`ParsedQuery.state`, and a malformed filter value is dropped with a note in `problems`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from watchlist.search.folding import fast_fold as fold

#: Anything longer is cut before parsing: no one types more, and work stays bounded.
MAX_QUERY_CHARS = 200
#: Free words beyond this are dropped (a per-word match costs one index look-up each).
MAX_WORDS = 8

#: Filter keys as typed -> canonical field.
FILTER_KEYS = {
    "cast": "cast",
    "dir": "dir",
    "director": "dir",
    "genre": "genre",
    "tag": "tag",
    "year": "year",
    "status": "status",
}
STATUSES = ("want", "seen")
YEAR_RANGE = (1870, 2100)

_TOKEN = re.compile(
    r"""(?P<key>[A-Za-z]+):(?:"(?P<quoted>[^"]*)"?|(?P<value>\S*))"""
    r"""|"(?P<phrase>[^"]*)"?"""
    r"""|(?P<word>\S+)"""
)
_YEAR = re.compile(r"^(?P<start>\d{4})?(?:(?P<dash>-)(?P<end>\d{4})?)?$")
_DECADE = re.compile(r"^(?P<decade>\d{3})0s$")


@dataclass(frozen=True, slots=True)
class Filter:
    """One `field:value` filter; `value` is folded text, or a year range / status."""

    field: str  # "cast", "dir", "genre", "tag", "year" or "status"
    value: str
    year_from: int | None = None
    year_to: int | None = None

    def describe(self) -> str:
        """The filter as a reason for a hit: "year: 1970-1979", "status: want"."""
        if self.field == "year":
            if self.year_from == self.year_to:
                return f"year: {self.year_from}"
            return f"year: {self.year_from or ''}-{self.year_to or ''}"
        return f"{self.field}: {self.value}"


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    raw: str
    #: Folded free words, in typed order (at most MAX_WORDS).
    words: tuple[str, ...]
    filters: tuple[Filter, ...]
    truncated: bool = False
    #: One line per ignored filter value ("year: expects 1975 or 1970-1985").
    problems: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The free words as one folded string ("bong joon ho")."""
        return " ".join(self.words)

    @property
    def state(self) -> str:
        """ "empty" (nothing typed), "punctuation" (nothing searchable) or "ok"."""
        if self.words or self.filters:
            return "ok"
        return "empty" if not self.raw.strip() else "punctuation"

    def has_filter(self, field: str) -> bool:
        return any(f.field == field for f in self.filters)


def parse_query(raw: str) -> ParsedQuery:
    """Split `raw` into folded free words and filters; never raises."""
    truncated = len(raw) > MAX_QUERY_CHARS
    if truncated:
        raw = raw[:MAX_QUERY_CHARS]
    words: list[str] = []
    filters: list[Filter] = []
    problems: list[str] = []
    for match in _TOKEN.finditer(raw):
        key = match["key"]
        if key is not None and key.lower() in FILTER_KEYS:
            value = match["quoted"] if match["quoted"] is not None else match["value"]
            parsed = _parse_filter(FILTER_KEYS[key.lower()], value or "", problems)
            if parsed is not None:
                filters.append(parsed)
            continue
        # Unknown `foo:` and plain words alike are free text.
        words.extend(fold(match[0]).split())
    return ParsedQuery(raw, tuple(words[:MAX_WORDS]), tuple(filters), truncated, tuple(problems))


def _parse_filter(field: str, value: str, problems: list[str]) -> Filter | None:
    value = value.strip()
    if not value:
        return None  # `cast:` while the user is still typing: not a filter yet
    if field == "year":
        return _parse_year(value, problems)
    if field == "status":
        folded = fold(value)
        for status in STATUSES:
            if folded and status.startswith(folded):  # "status:w" while typing
                return Filter("status", status)
        problems.append(f"status: expects {' or '.join(STATUSES)}")
        return None
    folded = fold(value)
    if not folded:
        return None
    return Filter(field, folded)


def _parse_year(value: str, problems: list[str]) -> Filter | None:
    low, high = YEAR_RANGE
    if decade := _DECADE.match(value):  # "1970s"
        start = int(decade["decade"]) * 10
        return Filter("year", value, start, start + 9)
    match = _YEAR.match(value)
    if match and (match["start"] or match["end"]):
        start = int(match["start"]) if match["start"] else None
        end = int(match["end"]) if match["end"] else None
        if not match["dash"]:
            end = start
        if all(y is None or low <= y <= high for y in (start, end)) and (
            start is None or end is None or start <= end
        ):
            return Filter("year", value, start, end)
    problems.append("year: expects a year like 1975 or a range like 1970-1985")
    return None
