"""Build valid Film records from untidy source values (bad values become None or are dropped)."""

from __future__ import annotations

from collections.abc import Iterable

from watchlist.catalog.model import Film

YEARS = (1870, 2100)
RUNTIMES = (1, 1500)
_CONTROL = dict.fromkeys(range(32), " ")


def clean_text(value: object) -> str | None:
    """A stripped, single-line string, or None for anything else or blank."""
    if not isinstance(value, str):
        return None
    value = value.translate(_CONTROL).strip() if not value.isprintable() else value.strip()
    return value or None


def clean_names(values: Iterable[object], limit: int | None = None) -> tuple[str, ...]:
    """Non-empty strings in order, without repeats."""
    result: list[str] = []
    for value in values:
        text = clean_text(value)
        if text and text not in result:
            result.append(text)
            if limit is not None and len(result) >= limit:
                break
    return tuple(result)


def clean_number(value: object, bounds: tuple[int, int]) -> int | None:
    if isinstance(value, str):
        value = int(value) if value.isdigit() else None
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if bounds[0] <= value <= bounds[1] else None


def make_film(
    film_id: str,
    title: str,
    *,
    original_title: str | None = None,
    year: int | None = None,
    directors: tuple[str, ...] = (),
    cast: tuple[str, ...] = (),
    genres: tuple[str, ...] = (),
    countries: tuple[str, ...] = (),
    runtime: int | None = None,
) -> Film:
    """An imported film: no tags and no summary (those are the project's own words)."""
    if original_title == title:
        original_title = None
    return Film(
        film_id, title, original_title, year, directors, cast, genres, countries, runtime, (), ""
    )
