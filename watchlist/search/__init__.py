"""Fuzzy search over the catalog: query parsing, the candidate index and the engine.

Pure core: no UI imports. `SearchEngine(catalog).search(text)` is the entry point.
"""

from __future__ import annotations

from watchlist.search.engine import Hit, SearchEngine, SearchResult
from watchlist.search.query import Filter, ParsedQuery, parse_query

__all__ = ["Filter", "Hit", "ParsedQuery", "SearchEngine", "SearchResult", "parse_query"]
