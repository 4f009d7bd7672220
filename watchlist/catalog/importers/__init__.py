"""Importers for big film catalogs the user downloads: IMDb datasets and Wikipedia film data.

Each importer turns its files into a stream of `Film` records; `run.import_catalog` merges
them with the bundled films and writes `catalog.sqlite` atomically.
"""

from watchlist.catalog.importers.base import CatalogImportError, ImportSummary, Progress

__all__ = ["CatalogImportError", "ImportSummary", "Progress"]
