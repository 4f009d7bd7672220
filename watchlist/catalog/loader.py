"""Build the active catalog: the bundled films plus whatever the user imported."""

from __future__ import annotations

from pathlib import Path

from watchlist.catalog.bundled import load_bundled
from watchlist.catalog.catalog import Catalog, CatalogSource
from watchlist.paths import CATALOG_FILE, data_home

BUNDLED_DESCRIPTION = "starter catalog shipped with watchlist; summaries written by the project"


def load_catalog(home: Path | None = None) -> Catalog:
    """The catalog for a data home: bundled films, then imported ones (lazily, from
    catalog.sqlite). An unreadable catalog.sqlite is reported as a source, not a crash."""
    films = load_bundled()
    bundled_source = CatalogSource("bundled", len(films), BUNDLED_DESCRIPTION)
    bundled = Catalog(films, [bundled_source])
    path = (home or data_home()) / CATALOG_FILE
    if not path.exists():
        return bundled
    # Only now: most people never import a catalog, and start-up should not pay for it.
    from watchlist.catalog.sqlite_catalog import CatalogStoreError, ImportedFilms, MergedCatalog

    try:
        imported = ImportedFilms(path)
    except CatalogStoreError as error:
        broken = CatalogSource(
            "imported",
            0,
            f"{path.name} cannot be read ({error}); import again to replace it",
        )
        return Catalog(bundled.films, [bundled_source, broken])
    sources = [bundled_source] + [
        CatalogSource(
            source.name,
            source.films,
            source.description,
            source.credit,
            {"merged": source.merged, "imported_at": source.imported_at},
        )
        for source in imported.sources
    ]
    return MergedCatalog(bundled, imported, sources)
