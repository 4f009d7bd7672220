"""Which catalog film an imported row means, or an honest "none" / "can't tell".

Order of evidence:
1. an id: a catalog film whose id is the row's IMDb id (tconst);
2. the folded title or original title (either side's) with the same year;
3. the same with the year one off (release years differ between countries and sites),
   unless the row names directors and none of them made that film;
4. directors break ties between several candidates.

Nothing is guessed silently: several candidates left after the tie-break make the row
ambiguous, no candidate makes it unmatched, and both are kept under an `unmatched:` id
(see `unmatched_id`) and listed in the report.
"""

from __future__ import annotations

from dataclasses import dataclass

from watchlist.catalog.catalog import Catalog
from watchlist.catalog.model import Film
from watchlist.interchange.records import ImportRecord
from watchlist.text import fold, slugify

UNMATCHED_PREFIX = "unmatched:"

BY_ID = "id"
BY_TITLE = "title"
UNMATCHED = "unmatched"
AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class Match:
    """The outcome for one record: `how` is one of id, title, unmatched, ambiguous."""

    how: str
    film_id: str
    film: Film | None = None
    candidates: tuple[Film, ...] = ()
    reason: str = ""

    @property
    def in_catalog(self) -> bool:
        return self.film is not None


def unmatched_id(title: str, year: int | None) -> str:
    """The id of an entry for a film the catalog lacks: "unmatched:<slug>-<year>"."""
    slug = slugify(title)
    return f"{UNMATCHED_PREFIX}{slug}-{year}" if year else f"{UNMATCHED_PREFIX}{slug}"


def match(record: ImportRecord, catalog: Catalog) -> Match:
    """The catalog film `record` means, or why there is none."""
    if record.imdb_id and (film := catalog.get(record.imdb_id)):
        return Match(BY_ID, film.id, film)
    candidates = _title_candidates(record, catalog)
    fallback = unmatched_id(record.title, record.year)
    if not candidates:
        return Match(UNMATCHED, fallback, reason="no film with this title in the catalog")
    if record.year is None:
        pool = candidates
    else:
        pool = [film for film in candidates if film.year == record.year]
        if not pool:
            pool = [
                film
                for film in candidates
                if film.year is not None
                and abs(film.year - record.year) == 1
                and not _directors_conflict(record, film)
            ]
    if not pool:
        years = ", ".join(film.label for film in candidates)
        return Match(UNMATCHED, fallback, reason=f"title matches {years} but not the year")
    if len(pool) > 1:
        by_director = [film for film in pool if _shares_director(record, film)]
        if len(by_director) == 1:
            pool = by_director
    if len(pool) == 1:
        return Match(BY_TITLE, pool[0].id, pool[0])
    labels = "; ".join(f"{film.label} [{film.id}]" for film in pool)
    return Match(AMBIGUOUS, fallback, candidates=tuple(pool), reason=f"could be any of: {labels}")


def _title_candidates(record: ImportRecord, catalog: Catalog) -> list[Film]:
    found: dict[str, Film] = {}
    for title in (record.title, record.original_title):
        if title and fold(title):
            for film in catalog.by_title(title):
                found.setdefault(film.id, film)
    return list(found.values())


def _folded_directors(names: tuple[str, ...]) -> set[str]:
    return {fold(name) for name in names if fold(name)}


def _shares_director(record: ImportRecord, film: Film) -> bool:
    return bool(_folded_directors(record.directors) & _folded_directors(film.directors))


def _directors_conflict(record: ImportRecord, film: Film) -> bool:
    """Both sides name directors and have none in common."""
    ours, theirs = _folded_directors(record.directors), _folded_directors(film.directors)
    return bool(ours and theirs and not ours & theirs)
