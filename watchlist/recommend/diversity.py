"""Re-ranking so a list of ten is not ten films by one director."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

DEFAULT_MAX_PER_DIRECTOR = 3
DEFAULT_DECAY = 0.85


def diversify(
    candidates: Sequence[tuple[int, float]],
    directors_of: Callable[[int], Sequence[str]],
    limit: int,
    max_per_director: int = DEFAULT_MAX_PER_DIRECTOR,
    decay: float = DEFAULT_DECAY,
) -> list[tuple[int, float]]:
    """Greedy re-rank of (row, score) pairs, best first.

    Each pick's score is multiplied by `decay` for every film already picked from the same
    director, and no director gets more than `max_per_director` places while other
    candidates remain. The returned scores are the adjusted ones (never increasing).
    """
    pool = sorted(candidates, key=lambda item: -item[1])
    picked: list[tuple[int, float]] = []
    counts: Counter[str] = Counter()
    while pool and len(picked) < limit:
        best_at, best_score, fallback_at = -1, float("-inf"), -1
        for at, (row, score) in enumerate(pool):
            if score <= best_score:
                break  # sorted: nothing later can beat the best adjusted score
            repeats = max((counts[d] for d in directors_of(row)), default=0)
            if repeats >= max_per_director:
                if fallback_at < 0:
                    fallback_at = at
                continue
            adjusted = score * decay**repeats if score > 0 else score
            if adjusted > best_score:
                best_at, best_score = at, adjusted
        if best_at < 0:
            best_at = fallback_at
            best_score = pool[best_at][1] * decay**max_per_director
        row, _ = pool.pop(best_at)
        if picked:
            best_score = min(best_score, picked[-1][1])
        picked.append((row, best_score))
        counts.update(set(directors_of(row)))
    return picked
