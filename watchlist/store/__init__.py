"""The user's own data, kept safe on disk: the watchlist (and the generic safe TinyDB layer).

Pure core: no UI imports. See storage.py for the safety guarantees.
"""

from __future__ import annotations

from watchlist.store.entries import STATUSES, Entry, Status, check_rating, parse_rating
from watchlist.store.errors import (
    CorruptedStore,
    DiskFull,
    InvalidEntry,
    ReadOnlyStore,
    StoreError,
    StoreLocked,
    TooNewStore,
)
from watchlist.store.storage import SafeJSONStorage, SafeTinyDB, open_safe_db
from watchlist.store.watchlist_store import Toggled, WatchlistStore

__all__ = [
    "STATUSES",
    "CorruptedStore",
    "DiskFull",
    "Entry",
    "InvalidEntry",
    "ReadOnlyStore",
    "SafeJSONStorage",
    "SafeTinyDB",
    "Status",
    "StoreError",
    "StoreLocked",
    "Toggled",
    "TooNewStore",
    "WatchlistStore",
    "check_rating",
    "open_safe_db",
    "parse_rating",
]
