"""The names of what can be imported and exported (kept light: the CLI reads them at start)."""

from __future__ import annotations

#: `watchlist import KIND PATH`
KINDS = ("letterboxd", "imdb", "json")
#: `watchlist export --format FORMAT`
FORMATS = ("json", "csv", "letterboxd")
