"""The active catalog: every film the app knows, looked up by id or by what a person types."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from watchlist.catalog.model import Film
from watchlist.errors import AmbiguousFilm, FilmNotFound
from watchlist.text import fold

_TRAILING_YEAR = re.compile(r"^(?P<title>.*?)[\s,]*\(?(?P<year>(18|19|20)\d\d)\)?\s*$")


@dataclass(frozen=True)
class CatalogSource:
    """Where some of the catalog's films came from."""

    name: str
    films: int
    description: str = ""
    credit: str = ""
    extra: dict = field(default_factory=dict)


class Catalog:
    """An ordered, immutable collection of films with id and title look-ups."""

    def __init__(self, films: Iterable[Film], sources: Iterable[CatalogSource] = ()) -> None:
        self._films: list[Film] = list(films)
        self._by_id: dict[str, Film] = {film.id: film for film in self._films}
        self.sources: list[CatalogSource] = list(sources)
        self._by_title: dict[str, list[Film]] | None = None

    def __len__(self) -> int:
        return len(self._films)

    def __iter__(self) -> Iterator[Film]:
        return iter(self._films)

    def __contains__(self, film_id: object) -> bool:
        return film_id in self._by_id

    @property
    def films(self) -> list[Film]:
        return self._films

    def get(self, film_id: str) -> Film | None:
        return self._by_id.get(film_id)

    def by_title(self, title: str) -> list[Film]:
        """Films whose title or original title folds to the same text."""
        if self._by_title is None:
            index: dict[str, list[Film]] = defaultdict(list)
            for film in self._films:
                index[fold(film.title)].append(film)
                if film.original_title and fold(film.original_title) != fold(film.title):
                    index[fold(film.original_title)].append(film)
            self._by_title = dict(index)
        return list(self._by_title.get(fold(title), []))

    def resolve(self, reference: str) -> Film:
        """The one film a person means by an id, a title, or a title with its year.

        Raises FilmNotFound (with suggestions) or AmbiguousFilm (with the candidates).
        """
        reference = reference.strip()
        if not fold(reference):
            raise FilmNotFound(reference)
        if film := self.get(reference):
            return film
        candidates = self.by_title(reference)
        match = _TRAILING_YEAR.match(reference)
        if not candidates and match and fold(match["title"]):
            year = int(match["year"])
            candidates = [f for f in self.by_title(match["title"]) if f.year == year]
            if not candidates:
                near = [f for f in self.by_title(match["title"]) if f.year and abs(f.year - year) <= 1]
                candidates = near
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            raise AmbiguousFilm(reference, sorted(candidates, key=lambda f: f.year or 0))
        raise FilmNotFound(reference, self.suggest(reference))

    def suggest(self, reference: str, limit: int = 3) -> list[str]:
        """Labels of the films whose titles look most like `reference`."""
        choices = {film.id: fold(film.title) for film in self._films}
        hits = process.extract(fold(reference), choices, scorer=fuzz.WRatio, limit=limit)
        return [self._by_id[key].label for _, score, key in hits if score >= 70]

    def info(self) -> dict:
        return {
            "films": len(self),
            "sources": [
                {"name": s.name, "films": s.films, "description": s.description, "credit": s.credit}
                | s.extra
                for s in self.sources
            ],
        }
