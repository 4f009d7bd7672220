"""The Wikipedia film set (../shared/data/wikipedia-movies.json.gz) as Film objects.

A benchmark helper only: the real importer is `watchlist catalog import wikipedia`. Rows
become films with id slugify(title)-year (deduplicated), no directors, tags or summary.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from watchlist.catalog.model import Film
from watchlist.text import slugify

WIKIPEDIA_FILE = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "wikipedia-movies.json.gz"
)


def load_wikipedia_films(path: Path = WIKIPEDIA_FILE) -> list[Film]:
    """Every usable row of the file as a Film, in file order."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = json.load(handle)
    films: list[Film] = []
    seen: set[str] = set()
    for row in rows:
        title = (row.get("title") or "").strip()
        year = row.get("year")
        if not title or not isinstance(year, int):
            continue
        base = f"{slugify(title)}-{year}"
        film_id, suffix = base, 2
        while film_id in seen:
            film_id, suffix = f"{base}-{suffix}", suffix + 1
        seen.add(film_id)
        films.append(
            Film(
                id=film_id,
                title=title,
                original_title=None,
                year=year,
                directors=(),
                cast=tuple(name.strip() for name in row.get("cast") or () if name.strip()),
                genres=tuple(genre.strip() for genre in row.get("genres") or () if genre.strip()),
                countries=(),
                runtime=None,
                tags=(),
                summary="",
            )
        )
    return films
