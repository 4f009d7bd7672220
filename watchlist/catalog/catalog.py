"""The active catalog: every film the app knows, looked up by id or by what a person types.

`Catalog` is both the interface the rest of the app uses and its in-memory implementation
(the bundled films, test catalogs). `watchlist.catalog.sqlite_catalog.MergedCatalog`
subclasses it to add the imported films lazily from SQLite, overriding the primitives
below; `resolve`, `info` and `__contains__` are written in terms of those primitives.

Films have *positions*: 0..len-1, stable for one catalog object (the bundled films first).
The search engine keys its arrays by position and reads films back with `film_at` /
`films_at`.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, overload

from rapidfuzz import fuzz, process

from watchlist.catalog.model import Film
from watchlist.errors import AmbiguousFilm, FilmNotFound
from watchlist.text import fold

if TYPE_CHECKING:
    import numpy as np

_TRAILING_YEAR = re.compile(r"^(?P<title>.*?)[\s,]*\(?(?P<year>(18|19|20)\d\d)\)?\s*$")


@dataclass(frozen=True)
class CatalogSource:
    """Where some of the catalog's films came from."""

    name: str
    films: int
    description: str = ""
    credit: str = ""
    extra: dict = field(default_factory=dict)


class FilmSequence(Sequence[Film]):
    """A read-only, lazy view of a catalog's films by position."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog

    def __len__(self) -> int:
        return len(self._catalog)

    @overload
    def __getitem__(self, index: int) -> Film: ...
    @overload
    def __getitem__(self, index: slice) -> list[Film]: ...
    def __getitem__(self, index: int | slice) -> Film | list[Film]:
        if isinstance(index, slice):
            return self._catalog.films_at(range(len(self))[index])
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._catalog.film_at(index)

    def __iter__(self) -> Iterator[Film]:
        return iter(self._catalog)


class Catalog:
    """An ordered, immutable collection of films with id and title look-ups (in memory)."""

    def __init__(self, films: Iterable[Film], sources: Iterable[CatalogSource] = ()) -> None:
        self._films: list[Film] = list(films)
        self._by_id: dict[str, Film] = {film.id: film for film in self._films}
        self._position: dict[str, int] | None = None
        self.sources: list[CatalogSource] = list(sources)
        self._by_title: dict[str, list[Film]] | None = None

    # -- primitives (overridden by MergedCatalog) -----------------------------------------

    def __len__(self) -> int:
        return len(self._films)

    def __iter__(self) -> Iterator[Film]:
        return iter(self._films)

    @property
    def films(self) -> Sequence[Film]:
        """Every film in position order (a list here; a lazy sequence for big catalogs)."""
        return self._films

    def get(self, film_id: str) -> Film | None:
        """The film with this id (or, in a merged catalog, this alias), else None."""
        return self._by_id.get(film_id)

    def film_at(self, position: int) -> Film:
        """The film at a position (0..len-1)."""
        return self._films[position]

    def films_at(self, positions: Iterable[int]) -> list[Film]:
        """The films at these positions, in the order given."""
        films = self._films
        return [films[position] for position in positions]

    def position_of(self, film_id: str) -> int | None:
        """The position of a film id (or alias), else None."""
        if self._position is None:
            self._position = {film.id: number for number, film in enumerate(self._films)}
        return self._position.get(film_id)

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

    def suggest(self, reference: str, limit: int = 3) -> list[str]:
        """Labels of the films whose titles look most like `reference`."""
        choices = {film.id: fold(film.title) for film in self._films}
        hits = process.extract(fold(reference), choices, scorer=fuzz.WRatio, limit=limit)
        return [self._by_id[key].label for _, score, key in hits if score >= 70]

    def popularity(self) -> np.ndarray:
        """Votes per position (int32; 0 when unknown): a ranking prior for search."""
        import numpy as np

        return np.zeros(len(self), dtype=np.int32)

    @property
    def fingerprint(self) -> str:
        """Changes whenever the catalog's films change: a cache key for derived indexes."""
        digest = hashlib.blake2b(digest_size=8)
        for film in self._films:
            digest.update(film.id.encode())
            digest.update(b"\0")
        return f"mem-{len(self)}-{digest.hexdigest()}"

    # -- built on the primitives ----------------------------------------------------------

    def __contains__(self, film_id: object) -> bool:
        return isinstance(film_id, str) and self.get(film_id) is not None

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
                near = [
                    f for f in self.by_title(match["title"]) if f.year and abs(f.year - year) <= 1
                ]
                candidates = near
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            raise AmbiguousFilm(reference, sorted(candidates, key=lambda f: f.year or 0))
        raise FilmNotFound(reference, self.suggest(reference))

    def info(self) -> dict:
        return {
            "films": len(self),
            "sources": [
                {"name": s.name, "films": s.films, "description": s.description, "credit": s.credit}
                | s.extra
                for s in self.sources
            ],
        }
