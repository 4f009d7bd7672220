"""Recognise an imported film that is already in the bundled catalog.

Same film = the folded title or original title matches either title of a bundled film,
the years are at most one apart, and, when both sides name people, at least one person
(director or cast, folded) is shared. The bundled film then keeps its id, summary and tags;
the imported id becomes an alias of it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from watchlist.catalog.model import Film
from watchlist.catalog.sqlite_catalog import title_key


class BundledMatcher:
    def __init__(self, films: Iterable[Film]) -> None:
        self._by_title: dict[str, list[Film]] = defaultdict(list)
        self._people: dict[str, frozenset[str]] = {}
        for film in films:
            keys = {title_key(film.title)}
            if film.original_title:
                keys.add(title_key(film.original_title))
            for key in keys:
                self._by_title[key].append(film)
            self._people[film.id] = frozenset(title_key(name) for name in film.people)

    def might_match(self, key: str, original_key: str | None = None) -> bool:
        """False when no bundled film has this folded title (the common, cheap case)."""
        return key in self._by_title or (
            original_key is not None and original_key in self._by_title
        )

    def match(self, film: Film, key: str | None = None) -> Film | None:
        """The bundled film this imported film is, or None (`key`: title_key(film.title))."""
        if film.year is None:
            return None
        keys = [title_key(film.title) if key is None else key]
        if film.original_title:
            keys.append(title_key(film.original_title))
        by_title = self._by_title
        if not any(k in by_title for k in keys):
            return None
        candidates = [c for k in keys for c in by_title.get(k, ())]
        if not candidates:
            return None
        people = frozenset(title_key(name) for name in film.people)
        for candidate in candidates:
            if candidate.year is None or abs(candidate.year - film.year) > 1:
                continue
            theirs = self._people[candidate.id]
            if not people or not theirs or people & theirs:
                return candidate
        return None
