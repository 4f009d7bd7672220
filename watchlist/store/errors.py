"""Typed errors of the store: each one names the file and tells the user what to do."""

from __future__ import annotations

from pathlib import Path

from watchlist.errors import WatchlistError


class StoreError(WatchlistError):
    """The watchlist file cannot be read or written; the message says why and what to do."""


class CorruptedStore(StoreError):
    """The file is damaged. It was moved aside (never overwritten) when that was possible."""

    def __init__(
        self,
        path: Path,
        reason: str,
        moved_to: Path | None = None,
        backup: Path | None = None,
        move_error: str | None = None,
    ) -> None:
        self.path = path
        self.reason = reason
        self.moved_to = moved_to
        self.backup = backup
        if moved_to is not None:
            where = f"It was moved to {moved_to}; a new, empty file will be used from now on."
        elif move_error:
            where = f"It was left in place (it could not be moved aside: {move_error})."
        else:
            where = "It was left in place."
        if moved_to is None and not move_error:
            where += " Fix the value named above in that JSON file, or restore a backup."
        if backup is not None:
            offer = (
                f" The newest good backup is {backup}: copy it to {path} to go back to it "
                "(changes made after it was taken are only in the damaged file)."
            )
        else:
            offer = " No backup was found."
        super().__init__(f"{path} is damaged ({reason}). {where}{offer}")


class StoreLocked(StoreError):
    """Another process (or thread) held the lock for longer than the timeout."""

    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        super().__init__(
            f"another watchlist process holds the lock on {path} (waited {timeout:g} s); "
            "finish or close the other window or command and try again"
        )


class ReadOnlyStore(StoreError):
    """The file or its folder is read-only; the store refuses to change it."""


class TooNewStore(StoreError):
    """The file was written by a newer version of the app; it is refused, never rewritten."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = path
        self.found = found
        self.supported = supported
        super().__init__(
            f"{path} was written by a newer watchlist (schema version {found}; this version "
            f"understands up to {supported}). Upgrade watchlist; the file was left untouched."
        )


class DiskFull(StoreError):
    """No space left while saving; the previous file is intact."""


class InvalidEntry(WatchlistError, ValueError):
    """A value given for an entry is out of range or malformed (e.g. a rating of 7)."""
