"""The engine's shortcuts change nothing: partial_ratio pruning and the phrase cache."""

from __future__ import annotations

import numpy as np
import pytest
from rapidfuzz import fuzz, process

from watchlist.catalog.bundled import load_bundled
from watchlist.catalog.catalog import Catalog
from watchlist.search import SearchEngine
from watchlist.search.engine import KIND_WEIGHTS, MIN_SCORE, PHRASE_CANDIDATES
from watchlist.search.index import Kind

TEXTS = [
    "the perfection",
    "the perfecton",
    "alison wiliams",
    "kubrik",
    "giallo",
    "gial",
    "richard cas",
    "bong joon ho",
    "war",
    "the hous with laughing",
    "stanley",
    "ho",
    "amelie",
    "deep red",
    "cast",
    "col",
]


@pytest.fixture(scope="module")
def bundled() -> SearchEngine:
    return SearchEngine(Catalog(load_bundled()))


def _unpruned_scores(engine: SearchEngine, text: str, entries: np.ndarray) -> np.ndarray:
    """`_score_entries` without the pruning: partial_ratio on every longer entry."""
    index = engine.index
    texts = index.entry_text.take(entries)
    tails = index.entry_tail.take(entries)
    kinds = index.entry_kind[entries]
    whole = process.cdist([text], texts, scorer=fuzz.ratio, dtype=np.float32)[0]
    people = (kinds == Kind.DIRECTOR) | (kinds == Kind.CAST)
    tail = process.cdist([text], tails, scorer=fuzz.ratio, dtype=np.float32)[0]
    whole = np.where(people, np.maximum(whole, 0.95 * tail), whole)
    partial = process.cdist([text], texts, scorer=fuzz.partial_ratio, dtype=np.float32)[0]
    longer = index.entry_len[entries] >= len(text)
    scores = np.where(longer, 0.5 * partial + 0.5 * whole, whole)
    for j, candidate in enumerate(texts):
        if longer[j] and partial[j] >= 100:
            if candidate == text:
                scores[j] = max(scores[j], 100.0)
            elif candidate.startswith(text):
                scores[j] = max(scores[j], 95 + 5 * len(text) / len(candidate))
            elif " " + text in candidate:
                scores[j] = max(scores[j], 85 + 10 * len(text) / len(candidate))
    return scores * KIND_WEIGHTS[kinds]


@pytest.mark.parametrize("text", TEXTS)
def test_pruned_scoring_keeps_every_match(bundled: SearchEngine, text: str) -> None:
    entries = bundled.index.trigram_candidates(text, PHRASE_CANDIDATES)
    fast = bundled._score_entries(text, entries)
    full = _unpruned_scores(bundled, text, entries)
    kept = full >= MIN_SCORE
    assert np.array_equal(fast >= MIN_SCORE, kept)
    assert np.array_equal(fast[kept], full[kept])


def test_cached_answers_equal_fresh_ones() -> None:
    films = load_bundled()
    warm = SearchEngine(Catalog(films))
    typed = [t[:end] for t in TEXTS for end in range(1, len(t) + 1)]
    for query in [*typed, *reversed(typed)]:  # typing, then deleting: cache hits
        cached = warm.search(query, limit=20)
        fresh = SearchEngine(Catalog(films)).search(query, limit=20)
        assert cached == fresh, query
