"""One factory for the core services, shared by the CLI, the TUI and the tests.

Data flows one way: store and catalog -> services -> UI. Everything is built lazily so a
command that only needs the catalog never opens the watchlist file, and vice versa.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from watchlist.catalog.catalog import Catalog
from watchlist.catalog.loader import load_catalog
from watchlist.paths import data_home


class Services:
    def __init__(self, home: Path | None = None, catalog: Catalog | None = None) -> None:
        self.home = home or data_home()
        if catalog is not None:
            self.__dict__["catalog"] = catalog

    @cached_property
    def catalog(self) -> Catalog:
        return load_catalog(self.home)


def open_services(home: Path | None = None, catalog: Catalog | None = None) -> Services:
    return Services(home, catalog)
