"""Reading CSV exports by header name, tolerant of BOMs, quoting and header vintages.

Every reader in this package goes through `read_table`: it decodes strictly as UTF-8
(with or without a BOM), refuses anything that is not a table with the columns the
caller needs, and hands back rows keyed by a *normalised* header name, so "Watched Date"
and "WatchedDate", or "Title Type" and "Title type", are the same column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from watchlist.errors import WatchlistError

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%a %b %d %H:%M:%S %Y",  # old IMDb exports: "Sat Jan 25 00:00:00 2014"
    "%Y-%m-%dT%H:%M:%S",
    "%Y/%m/%d",
    "%d/%m/%Y",
)


class ImportFileError(WatchlistError):
    """A file that cannot be imported; the message names the file and what is wrong."""


def column_key(header: str) -> str:
    """The normalised form of a header: "Runtime (mins)" -> "runtimemins"."""
    return _NOT_ALNUM.sub("", header.strip().lower())


@dataclass(frozen=True)
class Row:
    """One data row: values by normalised column key, and where it came from."""

    values: dict[str, str]
    source: str

    def get(self, *keys: str) -> str:
        """The stripped value of the first of `keys` present and non-empty, else ""."""
        for key in keys:
            value = self.values.get(key)
            if value is not None and value.strip():
                return value.strip()
        return ""


@dataclass(frozen=True)
class Table:
    name: str
    columns: frozenset[str]
    rows: list[Row]

    def has(self, *keys: str) -> bool:
        return all(key in self.columns for key in keys)


def decode(data: bytes, name: str) -> str:
    """Strict UTF-8 text (a BOM is dropped); anything else is a clear error."""
    if b"\x00" in data[:4096]:
        raise ImportFileError(f"{name}: not a CSV file (binary content)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"{name}: not UTF-8 text (byte {error.start}); re-export it or save it as UTF-8"
        ) from error


def read_table(data: bytes, name: str, required: Iterable[Iterable[str]] = ()) -> Table:
    """Parse CSV bytes into a Table.

    `required` lists groups of alternative column keys; each group needs one present,
    e.g. [("title", "name")]. Errors name the file and the missing columns.
    """
    text = decode(data, name)
    if not text.strip():
        raise ImportFileError(f"{name}: the file is empty")
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        records = list(reader)
    except csv.Error as error:
        raise ImportFileError(f"{name}: not a valid CSV file ({error})") from error
    records = [record for record in records if any(cell.strip() for cell in record)]
    header = [column_key(cell) for cell in records[0]]
    columns = frozenset(key for key in header if key)
    missing = [
        " or ".join(repr(key) for key in group)
        for group in (tuple(g) for g in required)
        if not any(key in columns for key in group)
    ]
    if missing:
        shown = ", ".join(cell.strip() for cell in records[0][:8])
        raise ImportFileError(
            f"{name}: missing column {', '.join(missing)} (found: {shown or 'no header'})"
        )
    rows = []
    for number, record in enumerate(records[1:], start=2):
        values = {key: cell for key, cell in zip(header, record, strict=False) if key}
        rows.append(Row(values, f"{name}:{number}"))
    return Table(name, columns, rows)


def parse_year(text: str) -> int | None:
    """A four-digit year, or None for blanks and junk ("1977", "1977-1980" -> 1977)."""
    match = re.match(r"\s*((?:18|19|20)\d\d)", text or "")
    return int(match.group(1)) if match else None


def parse_date(text: str) -> str | None:
    """An ISO date "YYYY-MM-DD" from the date formats the exports use, or None."""
    text = (text or "").strip()
    if not text:
        return None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def parse_stars(text: str, scale: int = 5) -> float | None:
    """A rating on 0.5..5 in half steps from "3.5" (scale 5) or "7" (scale 10); None if blank.

    Raises ValueError for anything that is not a rating on that scale.
    """
    text = (text or "").strip()
    if not text:
        return None
    value = float(text.replace(",", "."))
    stars = value / 2 if scale == 10 else value
    if stars == 0:
        return None  # Letterboxd writes 0 / blank for "not rated"
    if not 0.5 <= stars <= 5 or (stars * 2) != int(stars * 2):
        scale_text = "0.5 to 5 in half steps" if scale == 5 else "1 to 10"
        raise ValueError(f"rating {text!r} is not {scale_text}")
    return stars


def parse_bool(text: str) -> bool:
    """Letterboxd and friends write Yes / true / 1 for a rewatch."""
    return (text or "").strip().lower() in ("yes", "y", "true", "1", "x")


def split_list(text: str) -> tuple[str, ...]:
    """ "horror, giallo" -> ("horror", "giallo"), empty parts dropped, order kept."""
    items: list[str] = []
    for part in (text or "").split(","):
        part = part.strip()
        if part and part not in items:
            items.append(part)
    return tuple(items)
