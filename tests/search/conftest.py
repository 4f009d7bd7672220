"""Helpers for the search tests: small hand-built catalogs and the Wikipedia set."""

from __future__ import annotations

import gzip
import json

import pytest

from tests.conftest import WIKIPEDIA_FILE, require_shared
from watchlist.catalog.model import Film
from watchlist.text import slugify


def make_film(title: str, year: int | None = 2000, **fields: object) -> Film:
    """A film with sensible empty defaults; list fields may be given as lists."""
    values: dict = {
        "id": f"{slugify(title)}-{year or 'x'}",
        "title": title,
        "original_title": None,
        "year": year,
        "directors": (),
        "cast": (),
        "genres": (),
        "countries": (),
        "runtime": None,
        "tags": (),
        "summary": "",
    }
    values.update(fields)
    for key in ("directors", "cast", "genres", "countries", "tags"):
        values[key] = tuple(values[key])
    return Film(**values)


@pytest.fixture(scope="session")
def wikipedia_films() -> list[Film]:
    """The 36k Wikipedia rows as films (id slugify(title)-year, deduplicated)."""
    path = require_shared(WIKIPEDIA_FILE)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = json.load(handle)
    films: list[Film] = []
    seen: set[str] = set()
    for row in rows:
        title = (row.get("title") or "").strip()
        if not title or not isinstance(row.get("year"), int):
            continue
        base = film_id = f"{slugify(title)}-{row['year']}"
        suffix = 2
        while film_id in seen:
            film_id, suffix = f"{base}-{suffix}", suffix + 1
        seen.add(film_id)
        films.append(
            make_film(
                title,
                row["year"],
                id=film_id,
                cast=[name.strip() for name in row.get("cast") or () if name.strip()],
                genres=[genre.strip() for genre in row.get("genres") or () if genre.strip()],
            )
        )
    return films
