"""The starter catalog that ships inside the package."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from watchlist.catalog.model import Film, FilmValidationError

SUMMARY_WORDS = (40, 90)


def bundled_files() -> list[Path]:
    """The JSON files of the starter catalog, in a stable order."""
    folder = resources.files("watchlist.catalog") / "data"
    return sorted(Path(str(path)) for path in folder.iterdir() if path.name.endswith(".json"))


def read_film_file(path: Path) -> Iterator[Film]:
    """Films from one JSON array file; errors name the file."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FilmValidationError(f"{path.name}: {error}") from error
    if not isinstance(records, list):
        raise FilmValidationError(f"{path.name}: expected a JSON array of films")
    for record in records:
        try:
            yield Film.from_dict(record)
        except FilmValidationError as error:
            raise FilmValidationError(f"{path.name}: {error}") from error


def load_bundled() -> list[Film]:
    """Every bundled film, ids unique (a duplicate is a packaging bug)."""
    films: list[Film] = []
    seen: set[str] = set()
    for path in bundled_files():
        for film in read_film_file(path):
            if film.id in seen:
                raise FilmValidationError(f"{path.name}: duplicate film id {film.id!r}")
            seen.add(film.id)
            films.append(film)
    return films
