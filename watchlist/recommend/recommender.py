"""The recommender: "more like this" and "for you", content-based over the catalog.

Over a big imported catalog (a million IMDb titles) a feature index of every film would
take minutes and gigabytes, so recommendations are drawn from a *pool*: every bundled film
plus the `pool_size` most popular imported films (by `catalog.popularity()`, IMDb votes;
50,000 by default). A film outside the pool still works as a source: `more_like` and the
watchlist signals vectorise it on the fly against the pool's vocabulary. The pool and its
index are built on first use (never at start-up), once, under a lock.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import NamedTuple

import numpy as np

from watchlist.catalog.catalog import Catalog
from watchlist.catalog.model import Film
from watchlist.catalog.sqlite_catalog import title_key
from watchlist.errors import FilmNotFound
from watchlist.recommend.diversity import DEFAULT_MAX_PER_DIRECTOR, diversify
from watchlist.recommend.features import FeatureIndex, build_index
from watchlist.recommend.model import Recommendation
from watchlist.recommend.reasons import MAX_REASONS, reasons_between
from watchlist.recommend.signals import WatchlistSignal
from watchlist.text import fold

Vector = tuple[np.ndarray, np.ndarray]

#: Total pull-down of "not interested" films, shared between them.
NOT_INTERESTED_PENALTY = 0.5
#: A second source film is named in the reasons when it contributes this share of the first.
SECOND_SOURCE_SHARE = 0.5
#: Imported films in the pool besides the bundled ones (the most popular first).
DEFAULT_POOL_SIZE = 50_000


def pool_positions(catalog: Catalog, pool_size: int = DEFAULT_POOL_SIZE) -> Sequence[int]:
    """Catalog positions of the recommendation pool, ascending: every bundled film plus the
    `pool_size` imported films with the most votes (ties: the earlier position)."""
    total = len(catalog)
    bundled = getattr(catalog, "bundled_count", total)
    if total - bundled <= pool_size:
        return range(total)
    votes = catalog.popularity()[bundled:]
    top = np.argsort(-votes.astype(np.int64), kind="stable")[: max(pool_size, 0)]
    return [*range(bundled), *(np.sort(top) + bundled).tolist()]


class Recommender:
    """Recommendations from one catalog (or a list of films); the pool of films and its
    feature index are built on first use, once.

    With a `Catalog`, the pool is `pool_positions(catalog, pool_size)`; with a plain
    iterable of films, it is all of them.
    """

    def __init__(
        self,
        films: Catalog | Iterable[Film],
        weights: Mapping[str, float] | None = None,
        max_per_director: int = DEFAULT_MAX_PER_DIRECTOR,
        pool_size: int = DEFAULT_POOL_SIZE,
    ) -> None:
        self._catalog: Catalog | None = films if isinstance(films, Catalog) else None
        self._source: Iterable[Film] | None = None if self._catalog else films
        self.pool_size = pool_size
        self._films: list[Film] = []
        self._row: dict[str, int] = {}
        self._weights = dict(weights or {})
        self.max_per_director = max_per_director
        self._index: FeatureIndex | None = None
        self._pooled = False
        self._lock = threading.RLock()
        self._directors: list[tuple[str, ...]] = []

    def _pool(self) -> None:
        """Read the pool's films (once, thread-safe)."""
        if self._pooled:
            return
        with self._lock:
            if self._pooled:
                return
            if self._catalog is not None:
                films = self._catalog.films_at(pool_positions(self._catalog, self.pool_size))
            else:
                films = list(self._source or ())
            self._films = films
            self._row = {film.id: i for i, film in enumerate(films)}
            self._pooled = True

    @property
    def index(self) -> FeatureIndex:
        """The feature index, built lazily (thread-safe) and kept."""
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._pool()
                    key = title_key  # fold, faster for ASCII
                    self._directors = [tuple(key(d) for d in f.directors) for f in self._films]
                    self._index = build_index(self._films, self._weights)
        return self._index

    def __len__(self) -> int:
        self._pool()
        return len(self._films)

    @property
    def films(self) -> list[Film]:
        """The films recommendations are drawn from (the pool), in catalog order."""
        self._pool()
        return self._films

    def _film(self, film_id: str) -> Film | None:
        """A film in the pool, else in the catalog (aliases resolve to their film)."""
        self._pool()
        row = self._row.get(film_id)
        if row is not None:
            return self._films[row]
        return self._catalog.get(film_id) if self._catalog is not None else None

    def _vector(self, film_id: str) -> tuple[Film, Vector] | None:
        """A film and its vector: its index row in the pool, else vectorised on the fly."""
        index = self.index
        row = self._row.get(film_id)
        if row is not None:
            return self._films[row], index.row(row)
        film = self._film(film_id)
        if film is None:
            return None
        row = self._row.get(film.id)  # an alias of a pooled film
        return film, index.row(row) if row is not None else index.vectorize(film)

    # -- more like this -------------------------------------------------------------------

    def more_like(
        self,
        film_id: str,
        limit: int = 10,
        exclude: Collection[str] = (),
        not_interested: Collection[str] = (),
    ) -> list[Recommendation]:
        """Films like the catalog film `film_id` (in the pool or not), never the film itself."""
        found = self._vector(film_id)
        if found is None:
            raise FilmNotFound(film_id)
        film, vector = found
        return self._like(film, vector, limit, exclude, not_interested)

    def more_like_film(
        self,
        film: Film,
        limit: int = 10,
        exclude: Collection[str] = (),
        not_interested: Collection[str] = (),
    ) -> list[Recommendation]:
        """Films like any film, in the catalog or not (its own id is never returned)."""
        return self._like(film, self.index.vectorize(film), limit, exclude, not_interested)

    def _like(
        self,
        source: Film,
        vector: Vector,
        limit: int,
        exclude: Collection[str],
        not_interested: Collection[str],
    ) -> list[Recommendation]:
        index = self.index
        blocked = {source.id, *exclude, *not_interested}
        parts, weights = [vector], [1.0]
        penalised = [v for i in not_interested if (v := self._vector(i)) is not None]
        for _, penalty in penalised:
            parts.append(penalty)
            weights.append(-NOT_INTERESTED_PENALTY / len(penalised))
        scores = index.scores(*_combine(parts, weights))
        ranked = self._rank(scores, blocked, limit)
        results = []
        for row, score in ranked:
            film = self._films[row]
            found = reasons_between(index, vector, index.row(row), source, film)
            reasons = [text for _, text in found] or [f"similar to {source.title}"]
            results.append(Recommendation(film, float(score), reasons))
        return results

    # -- for you --------------------------------------------------------------------------

    def for_you(
        self,
        signals: Iterable[WatchlistSignal],
        limit: int = 10,
        not_interested: Collection[str] = (),
        exclude: Collection[str] = (),
    ) -> list[Recommendation]:
        """Films for a person from their watchlist; never a film already on it.

        Seen films pull their neighbours up by their rating (2 or less pushes them away),
        wanted films pull more gently, "not interested" films are excluded and push theirs
        away. Returns nothing when no signal is positive.
        """
        index = self.index
        signals = list(signals)
        blocked = {s.film_id for s in signals} | set(not_interested) | set(exclude)
        known: list[_Known] = []
        for signal in signals:
            row = self._row.get(signal.film_id)
            if row is not None:
                known.append(_Known(row, self._films[row], index.row(row), signal))
            elif self._catalog is not None and (found := self._vector(signal.film_id)):
                film, vector = found
                blocked.add(film.id)  # an alias of a pooled film blocks that film
                known.append(_Known(self._row.get(film.id), film, vector, signal))
        positive_total = sum(k.signal.weight for k in known if k.signal.weight > 0)
        if positive_total <= 0:
            return []
        vectors = [k.vector for k in known]
        weights = [k.signal.weight / positive_total for k in known]
        penalised = [v for i in set(not_interested) if (v := self._vector(i)) is not None]
        for _, vector in penalised:
            vectors.append(vector)
            weights.append(-NOT_INTERESTED_PENALTY / len(penalised))
        scores = index.scores(*_combine(vectors, weights))
        ranked = self._rank(scores, blocked, limit)
        liked = [k for k in known if k.signal.weight > 0]
        similarity = _Similarity(index, liked)
        director_likes = Counter(d for k in liked for d in set(self._directors_of(k)))
        results = []
        for row, score in ranked:
            similar = similarity.to(row)
            order = np.argsort(-similar)[:2]
            sources = [liked[i] for i in order if similar[i] > 0]
            if len(sources) == 2 and similar[order[1]] < SECOND_SOURCE_SHARE * similar[order[0]]:
                sources = sources[:1]
            reasons = self._for_you_reasons(row, sources, director_likes)
            results.append(Recommendation(self._films[row], float(score), reasons))
        return results

    def _directors_of(self, known: _Known) -> tuple[str, ...]:
        if known.row is not None:
            return self._directors[known.row]
        return tuple(fold(d) for d in known.film.directors)

    def _for_you_reasons(
        self,
        row: int,
        sources: list[_Known],
        director_likes: Counter[str],
    ) -> list[str]:
        index, film = self.index, self._films[row]
        reasons: list[str] = []
        skip: set[str] = set()
        again = [
            name
            for name, key in zip(film.directors, self._directors[row], strict=True)
            if director_likes[key] >= 2
        ]
        if again:
            reasons.append(f"{again[0]} again")
            skip.add("director")
        for n, source in enumerate(sources):
            room = MAX_REASONS - len(reasons) - (1 if n == 0 and len(sources) > 1 else 0)
            found = reasons_between(
                index,
                source.vector,
                index.row(row),
                source.film,
                film,
                relation=source.signal.describe(),
                limit=max(room, 0),
                skip_groups=frozenset(skip),
            )
            for group, text in found:
                if text not in reasons:
                    reasons.append(text)
                    skip.add(group)
        if not reasons and sources:
            source = sources[0]
            reasons.append(f"similar to {source.film.title} ({source.signal.describe()})")
        return reasons[:MAX_REASONS] or ["close to the films on your list"]

    # -- shared ---------------------------------------------------------------------------

    def _rank(self, scores: np.ndarray, blocked: set[str], limit: int) -> list[tuple[int, float]]:
        """The best `limit` rows by score, minus blocked films, re-ranked for diversity."""
        if limit <= 0:
            return []
        scores = scores.copy()
        blocked_rows = [self._row[i] for i in blocked if i in self._row]
        scores[blocked_rows] = -np.inf
        pool = min(len(scores), max(limit * 6, 60))
        if pool <= 0:
            return []
        top = np.argpartition(-scores, pool - 1)[:pool]
        candidates = [(int(r), float(scores[r])) for r in top if scores[r] > 0]
        directors = self._directors
        return diversify(candidates, lambda r: directors[r], limit, self.max_per_director)


class _Known(NamedTuple):
    """A watchlist film the recommender can use: its pool row (None when outside the pool)."""

    row: int | None
    film: Film
    vector: Vector
    signal: WatchlistSignal


class _Similarity:
    """Similarity of a pool film to each liked film, in `liked` order (unweighted x weight):
    pooled ones through the index's postings, others by a dense dot product."""

    def __init__(self, index: FeatureIndex, liked: list[_Known]) -> None:
        self.index = index
        self.weights = np.array([k.signal.weight for k in liked], np.float64)
        self.pooled = np.array([i for i, k in enumerate(liked) if k.row is not None], np.int64)
        self.rows = np.array([k.row for k in liked if k.row is not None], np.int64)
        outside = [k for k in liked if k.row is None]
        self.outside = np.array([i for i, k in enumerate(liked) if k.row is None], np.int64)
        if outside:
            self.cols = np.concatenate([k.vector[0] for k in outside])
            self.vals = np.concatenate([k.vector[1].astype(np.float64) for k in outside])
            self.owner = np.repeat(np.arange(len(outside)), [len(k.vector[0]) for k in outside])

    def to(self, row: int) -> np.ndarray:
        index = self.index
        if not len(self.outside):
            return index.scores(*index.row(row))[self.rows] * self.weights
        similar = np.zeros(len(self.weights))
        if len(self.pooled):
            similar[self.pooled] = index.scores(*index.row(row))[self.rows]
        dense = np.zeros(len(index.keys))
        cols, vals = index.row(row)
        dense[cols] = vals
        similar[self.outside] = np.bincount(
            self.owner, dense[self.cols] * self.vals, minlength=len(self.outside)
        )
        return similar * self.weights


def _combine(vectors: list[Vector], weights: list[float]) -> Vector:
    """The weighted sum of sparse vectors."""
    if len(vectors) == 1 and weights[0] == 1.0:
        return vectors[0]
    cols = np.concatenate([v[0] for v in vectors])
    pairs = zip(vectors, weights, strict=True)
    vals = np.concatenate([v[1].astype(np.float64) * w for v, w in pairs])
    if len(cols) == 0:
        return cols, vals
    unique, inverse = np.unique(cols, return_inverse=True)
    return unique, np.bincount(inverse, vals)
