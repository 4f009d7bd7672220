"""Fuzzy search over the catalog: query parsing, the candidate index and the engine.

Pure core: no UI imports. `SearchEngine(catalog).search(text)` is the entry point.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from watchlist.lazy import lazy_exports

if TYPE_CHECKING:
    from watchlist.search.engine import Hit, SearchEngine, SearchResult
    from watchlist.search.query import Filter, ParsedQuery, parse_query

__getattr__ = lazy_exports(
    __name__,
    {
        "Hit": "engine",
        "SearchEngine": "engine",
        "SearchResult": "engine",
        "Filter": "query",
        "ParsedQuery": "query",
        "parse_query": "query",
    },
)

__all__ = ["Filter", "Hit", "ParsedQuery", "SearchEngine", "SearchResult", "parse_query"]
