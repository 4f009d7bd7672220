"""One factory for the core services, shared by the CLI, the TUI and the tests.

Data flows one way: store and catalog -> services -> UI. Everything is built lazily so a
command that only needs the catalog never opens the watchlist file, and vice versa.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from watchlist.catalog.catalog import Catalog
from watchlist.catalog.loader import load_catalog
from watchlist.errors import WatchlistError
from watchlist.paths import SEARCH_INDEX_DIR, data_home, watchlist_path
from watchlist.store.watchlist_store import WatchlistStore

if TYPE_CHECKING:  # heavy modules load on first use, keeping start-up fast
    from watchlist.recommend import Recommendation, Recommender
    from watchlist.reviews.service import ReviewService
    from watchlist.search import SearchEngine


class Services:
    def __init__(self, home: Path | None = None, catalog: Catalog | None = None) -> None:
        self.home = home or data_home()
        if self.home.exists() and not self.home.is_dir():
            raise WatchlistError(
                f"{self.home} is a file, but watchlist keeps its data in a folder there: "
                "set WATCHLIST_HOME to a folder"
            )
        if catalog is not None:
            self.__dict__["catalog"] = catalog

    @cached_property
    def catalog(self) -> Catalog:
        return load_catalog(self.home)

    @cached_property
    def store(self) -> WatchlistStore:
        return WatchlistStore(watchlist_path(self.home))

    @cached_property
    def reviews(self) -> ReviewService:
        """The user's reviews (`reviews.json` in the data home) linked to the catalog."""
        from watchlist.reviews.service import ReviewService

        return ReviewService.in_home(self.catalog, self.home)

    @cached_property
    def recommender(self) -> Recommender:
        """Recommendations over the catalog; its feature index is built on first use."""
        from watchlist.recommend import Recommender

        return Recommender(self.catalog)

    @cached_property
    def search(self) -> SearchEngine:
        """Fuzzy search over the catalog: built in memory for the bundled films; an imported
        catalog's index is saved under `search-index/` and memory-mapped on later opens."""
        from watchlist.search.engine import open_engine

        return open_engine(self.catalog, cache_dir=self.home / SEARCH_INDEX_DIR)

    def for_you(self, limit: int = 10) -> list[Recommendation] | None:
        """Recommendations from the watchlist, or None when it gives nothing to go on.

        Seen films count by their rating, want-to-see as intent; films marked not interested
        (in the store, or by an entry tag) are never recommended and push their neighbours down.
        """
        from watchlist.recommend import signals_from_entries

        signals, dismissed = signals_from_entries(self.store.entries())
        if not signals:
            return None
        dismissed |= self.store.not_interested()
        return self.recommender.for_you(signals, limit=limit, not_interested=dismissed)


def open_services(home: Path | None = None, catalog: Catalog | None = None) -> Services:
    return Services(home, catalog)
