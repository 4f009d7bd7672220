"""Recommendations that explain themselves: content-based over the catalog's own data.

The core is pure Python + numpy (no UI, no store): the CLI and the TUI build
`WatchlistSignal`s from the store's entries and ask a `Recommender`.
"""

from __future__ import annotations

from watchlist.recommend.model import Recommendation
from watchlist.recommend.recommender import Recommender
from watchlist.recommend.signals import (
    NOT_INTERESTED_TAG,
    WatchlistSignal,
    signals_from_entries,
)

__all__ = [
    "NOT_INTERESTED_TAG",
    "Recommendation",
    "Recommender",
    "WatchlistSignal",
    "signals_from_entries",
]
