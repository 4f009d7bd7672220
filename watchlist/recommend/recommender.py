"""The recommender: "more like this" and "for you", content-based over the catalog."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Collection, Iterable, Mapping

import numpy as np

from watchlist.catalog.model import Film
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


class Recommender:
    """Recommendations from one catalog; the feature index is built on first use, once."""

    def __init__(
        self,
        films: Iterable[Film],
        weights: Mapping[str, float] | None = None,
        max_per_director: int = DEFAULT_MAX_PER_DIRECTOR,
    ) -> None:
        self._films: list[Film] = list(films)
        self._row: dict[str, int] = {film.id: i for i, film in enumerate(self._films)}
        self._weights = dict(weights or {})
        self.max_per_director = max_per_director
        self._index: FeatureIndex | None = None
        self._lock = threading.Lock()
        self._directors: list[tuple[str, ...]] = []

    @property
    def index(self) -> FeatureIndex:
        """The feature index, built lazily (thread-safe) and kept."""
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._directors = [tuple(fold(d) for d in f.directors) for f in self._films]
                    self._index = build_index(self._films, self._weights)
        return self._index

    def __len__(self) -> int:
        return len(self._films)

    @property
    def films(self) -> list[Film]:
        """The films recommendations are drawn from, in catalog order."""
        return self._films

    # -- more like this -------------------------------------------------------------------

    def more_like(
        self,
        film_id: str,
        limit: int = 10,
        exclude: Collection[str] = (),
        not_interested: Collection[str] = (),
    ) -> list[Recommendation]:
        """Films like the catalog film `film_id`, never the film itself."""
        row = self._row.get(film_id)
        if row is None:
            raise FilmNotFound(film_id)
        return self._like(self._films[row], self.index.row(row), limit, exclude, not_interested)

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
        penalised = [self._row[i] for i in not_interested if i in self._row]
        for row in penalised:
            parts.append(index.row(row))
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
        known = [(self._row[s.film_id], s) for s in signals if s.film_id in self._row]
        positive_total = sum(s.weight for _, s in known if s.weight > 0)
        if positive_total <= 0:
            return []
        rows = [row for row, _ in known]
        weights = [s.weight / positive_total for _, s in known]
        penalised = [self._row[i] for i in set(not_interested) if i in self._row]
        for row in penalised:
            rows.append(row)
            weights.append(-NOT_INTERESTED_PENALTY / len(penalised))
        scores = index.scores(*_combine([index.row(r) for r in rows], weights))
        ranked = self._rank(scores, blocked, limit)
        liked = [(row, s) for row, s in known if s.weight > 0]
        liked_rows = np.array([row for row, _ in liked], np.int64)
        liked_weights = np.array([s.weight for _, s in liked])
        director_likes = Counter(d for row, _ in liked for d in set(self._directors[row]))
        results = []
        for row, score in ranked:
            similar = index.scores(*index.row(row))[liked_rows] * liked_weights
            order = np.argsort(-similar)[:2]
            sources = [liked[i] for i in order if similar[i] > 0]
            if len(sources) == 2 and similar[order[1]] < SECOND_SOURCE_SHARE * similar[order[0]]:
                sources = sources[:1]
            reasons = self._for_you_reasons(row, sources, director_likes)
            results.append(Recommendation(self._films[row], float(score), reasons))
        return results

    def _for_you_reasons(
        self,
        row: int,
        sources: list[tuple[int, WatchlistSignal]],
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
        for n, (source_row, signal) in enumerate(sources):
            room = MAX_REASONS - len(reasons) - (1 if n == 0 and len(sources) > 1 else 0)
            found = reasons_between(
                index,
                index.row(source_row),
                index.row(row),
                self._films[source_row],
                film,
                relation=signal.describe(),
                limit=max(room, 0),
                skip_groups=frozenset(skip),
            )
            for group, text in found:
                if text not in reasons:
                    reasons.append(text)
                    skip.add(group)
        if not reasons and sources:
            source_row, signal = sources[0]
            reasons.append(f"similar to {self._films[source_row].title} ({signal.describe()})")
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
