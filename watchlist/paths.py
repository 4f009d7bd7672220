"""Where user state lives: one folder, `$WATCHLIST_HOME` or the platform's user data dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "watchlist"
WATCHLIST_FILE = "watchlist.json"
#: Imported catalogs (IMDb, Wikipedia), in SQLite.
CATALOG_FILE = "catalog.sqlite"
#: Saved search indexes of imported catalogs, one folder per catalog fingerprint.
SEARCH_INDEX_DIR = "search-index"


def data_home() -> Path:
    """The folder holding all user state (not created here)."""
    override = os.environ.get("WATCHLIST_HOME")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def watchlist_path(home: Path | None = None) -> Path:
    return (home or data_home()) / WATCHLIST_FILE
