"""watchlist's own JSON export: every entry, lossless, with a format marker and a version.

    {
      "format": "watchlist-export",
      "schema_version": 1,
      "exported_at": "2024-05-01T10:00:00+02:00",
      "entries": [ <Entry.to_dict()>, ... ],          # exactly what the store holds
      "reviews": [ <Review.to_dict()>, ... ],         # the review service's records
      "films": {"<film_id>": {"title": ..., "year": ...}}   # for people and other tools
    }

Reading checks the marker and the version (a newer version is refused) and validates every
entry with the store's own rules, so a damaged file fails before anything is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from watchlist.catalog.catalog import Catalog
from watchlist.errors import WatchlistError
from watchlist.interchange.sources import read_file
from watchlist.interchange.tables import ImportFileError, decode
from watchlist.reviews.model import REQUIRED_KEYS, Review
from watchlist.store.entries import Entry

FORMAT_MARKER = "watchlist-export"
SCHEMA_VERSION = 1


@dataclass
class NativeExport:
    """What a JSON export holds, validated."""

    entries: list[Entry]
    reviews: list[Review] = field(default_factory=list)
    films: dict[str, dict] = field(default_factory=dict)


def dump(
    entries: Iterable[Entry],
    catalog: Catalog,
    exported_at: str,
    reviews: Iterable[Review] = (),
) -> str:
    """The JSON text of an export."""
    entries = sorted(entries, key=lambda entry: entry.film_id)
    films = {}
    for entry in entries:
        film = catalog.get(entry.film_id)
        title = film.title if film else entry.title
        year = film.year if film else entry.year
        films[entry.film_id] = {"title": title, "year": year}
    document = {
        "format": FORMAT_MARKER,
        "schema_version": SCHEMA_VERSION,
        "exported_at": exported_at,
        "entries": [entry.to_dict() for entry in entries],
        "reviews": [review.to_dict() for review in reviews],
        "films": films,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def load(path: Path) -> NativeExport:
    """The entries, reviews and title/year side table of an export file."""
    path = Path(path).expanduser()
    return parse(path.name, read_file(path))


def parse(name: str, data: bytes) -> NativeExport:
    text = decode(data, name)
    try:
        document = json.loads(text)
    except ValueError as error:
        raise ImportFileError(f"{name}: not a JSON file ({error})") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT_MARKER:
        raise ImportFileError(
            f'{name}: not a watchlist JSON export (no "format": "{FORMAT_MARKER}")'
        )
    version = document.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportFileError(f"{name}: malformed schema_version {version!r}")
    if version > SCHEMA_VERSION:
        raise ImportFileError(
            f"{name}: written by a newer watchlist (export version {version}; this one reads "
            f"up to {SCHEMA_VERSION}); upgrade watchlist to import it"
        )
    raw_entries = document.get("entries")
    if not isinstance(raw_entries, list):
        raise ImportFileError(f'{name}: "entries" must be a list')
    films = document.get("films") if isinstance(document.get("films"), dict) else {}
    entries: list[Entry] = []
    seen: set[str] = set()
    for number, raw in enumerate(raw_entries, start=1):
        try:
            entry = Entry.from_dict(raw)
        except WatchlistError as error:
            raise ImportFileError(f"{name}: entry {number}: {error}") from error
        if entry.film_id in seen:
            raise ImportFileError(f"{name}: entry {number}: duplicate film_id {entry.film_id!r}")
        seen.add(entry.film_id)
        entries.append(entry)
    raw_reviews = document.get("reviews", [])
    if not isinstance(raw_reviews, list):
        raise ImportFileError(f'{name}: "reviews" must be a list')
    reviews = [_review(name, number, raw) for number, raw in enumerate(raw_reviews, start=1)]
    films = {key: value for key, value in films.items() if isinstance(value, dict)}
    return NativeExport(entries, reviews, films)


def _review(name: str, number: int, raw: object) -> Review:
    missing = [key for key in REQUIRED_KEYS if not isinstance(raw, dict) or key not in raw]
    if missing or not all(isinstance(raw[key], str) for key in ("id", "film_id", "text")):
        raise ImportFileError(f"{name}: review {number} is malformed (missing {missing})")
    return Review.from_dict(raw)
