"""Fixtures for the recommender tests: the bundled catalog's recommender, built once."""

from __future__ import annotations

import pytest

from watchlist.catalog.loader import load_catalog
from watchlist.recommend import Recommender

#: Tags of The Perfection's neighbourhood (issue 6).
PERFECTION_NEIGHBOURHOOD = frozenset(
    {
        "giallo",
        "korean horror",
        "korean thriller",
        "psychological thriller",
        "psychological horror",
        "prodigy",
        "music",
        "obsession",
    }
)


@pytest.fixture(scope="session")
def bundled_recommender() -> Recommender:
    return Recommender(load_catalog())
