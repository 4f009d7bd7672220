"""The user's watchlist: entries keyed by film id, kept safe in `watchlist.json`.

Every change is one locked read-modify-write through `watchlist.store.storage`, so two app
windows and a CLI command never lose each other's changes, and a crash leaves the old list
or the new one. See storage.py for backups, schema versions and damaged files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from watchlist.store.entries import (
    STATUSES,
    Entry,
    Status,
    check_day,
    check_rating,
    check_status,
    now_iso,
    today_iso,
)
from watchlist.store.errors import CorruptedStore, InvalidEntry
from watchlist.store.storage import (
    DEFAULT_BACKUP_INTERVAL,
    DEFAULT_BACKUP_KEEP,
    DEFAULT_LOCK_TIMEOUT,
    LockedTable,
    SafeTinyDB,
    open_safe_db,
)

ENTRIES_TABLE = "entries"
#: Films the user said they are not interested in: {"film_id", "at"}; recommendations skip them.
NOT_INTERESTED_TABLE = "not_interested"
#: Version 1: one document per film in the "entries" table (see entries.Entry).
SCHEMA_VERSION = 1


def validate_file(data: dict) -> None:
    """The cheap checks run on every read; a failure means the file is moved aside."""
    for doc_id, doc in data.get(ENTRIES_TABLE, {}).items():
        film_id = doc.get("film_id")
        if not isinstance(film_id, str) or not film_id:
            raise ValueError(f"entry {doc_id} has no film_id")
        if doc.get("status") not in STATUSES:
            raise ValueError(f"entry {film_id!r} has an unknown status {doc.get('status')!r}")
    for doc_id, doc in data.get(NOT_INTERESTED_TABLE, {}).items():
        if not isinstance(doc.get("film_id"), str) or not doc["film_id"]:
            raise ValueError(f"not-interested record {doc_id} has no film_id")


@dataclass(frozen=True)
class Toggled:
    """What `toggle_want` did: "added", "removed" (keep `entry` to undo) or "unchanged"."""

    action: Literal["added", "removed", "unchanged"]
    entry: Entry


class WatchlistStore:
    """The watchlist file. Reads are always fresh; each change is atomic and locked.

    The file is opened (checked, migrated) on first use, so building a store never fails.
    Errors are `StoreError`s (corrupted, locked, read-only, too new, disk full) or
    `InvalidEntry` for a bad value; all are `WatchlistError`s with a message for the user.
    """

    def __init__(
        self,
        path: Path,
        *,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        backup_keep: int = DEFAULT_BACKUP_KEEP,
        backup_interval: float = DEFAULT_BACKUP_INTERVAL,
    ) -> None:
        self.path = Path(path)
        self._options = {
            "lock_timeout": lock_timeout,
            "backup_keep": backup_keep,
            "backup_interval": backup_interval,
        }
        self._db: SafeTinyDB | None = None

    @property
    def db(self) -> SafeTinyDB:
        if self._db is None:
            self._db = open_safe_db(
                self.path,
                schema_version=SCHEMA_VERSION,
                validate=validate_file,
                **self._options,  # type: ignore[arg-type]
            )
        return self._db

    @property
    def _table(self) -> LockedTable:
        return self.db.table(ENTRIES_TABLE)  # type: ignore[return-value]

    @contextmanager
    def transaction(self) -> Iterator[WatchlistStore]:
        """Several changes under one lock (e.g. an import); the file is parsed once."""
        with self.db.transaction():
            yield self

    # -- reading -------------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """Every entry, in the order they were first written."""
        return [self._entry(doc) for doc in self._table.all()]

    def get(self, film_id: str) -> Entry | None:
        docs = self._find(film_id)
        return self._entry(docs[0]) if docs else None

    def statuses(self) -> dict[str, str]:
        """film_id -> "want" | "seen", cheap (no validation of the rest of each entry)."""
        return {doc["film_id"]: doc["status"] for doc in self._table}

    def backups(self) -> list[Path]:
        """Backups of the file, newest first."""
        return self.db.safe_storage.backups()

    # -- changing ------------------------------------------------------------------------

    def update(self, film_id: str, fn: Callable[[Entry | None], Entry | None]) -> Entry | None:
        """Apply `fn` to a copy of the entry (None if absent) under the lock and save its result.

        `fn` returns the new entry, or None to remove it. `updated_at` is stamped when the
        entry changed; nothing is written if it did not. Returns the saved entry or None.
        """
        with self.db.transaction():
            docs = self._find(film_id)
            before = self._entry(docs[0]) if docs else None
            result = fn(before.copy() if before else None)
            if result is None:
                if docs:
                    self._table.remove(doc_ids=[doc.doc_id for doc in docs])
                return None
            if result.film_id != film_id:
                raise InvalidEntry(f"an update of {film_id!r} cannot change its film_id")
            result.check()
            if result == before:
                return result
            result.updated_at = now_iso()
            self._put(docs, result)
            return result

    def add(
        self,
        film_id: str,
        status: Status | None = None,
        rating: float | None = None,
        note: str | None = None,
        *,
        tags: Iterable[str] | None = None,
        viewed_on: str | None = None,
        title: str | None = None,
        year: int | None = None,
    ) -> Entry:
        """Add the film or update its entry; None leaves a field as it is.

        A new entry is "want" unless `status` says otherwise (an existing one keeps its
        status). Becoming "seen" records a viewing on `viewed_on` (default today); `viewed_on`
        on an already seen film records another viewing (a rewatch). A rating on a "want"
        entry is allowed. `title` / `year` are kept for films the catalog may not know.
        """
        if status is not None:
            check_status(status)
        rating = check_rating(rating)
        if viewed_on is not None:
            check_day(viewed_on)

        def change(entry: Entry | None) -> Entry:
            now = now_iso()
            if entry is None:
                entry = Entry(film_id, status=status or "want", added_at=now)
                entry.history.append({"at": now, "status": entry.status})
                if entry.status == "seen":
                    _record_viewing(entry, viewed_on)
            elif status is not None and status != entry.status:
                entry.status = status
                entry.history.append({"at": now, "status": status})
                if status == "seen":
                    _record_viewing(entry, viewed_on)
            elif viewed_on is not None and entry.status == "seen":
                _record_viewing(entry, viewed_on)
            if rating is not None:
                entry.rating = rating
            if note is not None:
                entry.note = note
            if tags is not None:
                entry.tags = list(tags)
            if title is not None:
                entry.title = title
            if year is not None:
                entry.year = year
            return entry

        result = self.update(film_id, change)
        assert result is not None
        return result

    def set_status(self, film_id: str, status: Status, *, viewed_on: str | None = None) -> Entry:
        """Set "want" or "seen" (adding the film if needed); see `add`."""
        return self.add(film_id, status=check_status(status), viewed_on=viewed_on)

    def toggle_want(self, film_id: str) -> Toggled:
        """Put the film on the list as "want", or take a "want" film off it.

        A "seen" film is left unchanged ("unchanged"): toggling must never throw away its
        viewings and rating; use `remove` for that (or `set_status(..., "want")` to see it
        again). A removal returns the removed entry so the caller can `restore` it (undo).
        """
        outcome: dict[str, Toggled] = {}

        def change(entry: Entry | None) -> Entry | None:
            if entry is None:
                now = now_iso()
                entry = Entry(film_id, added_at=now, history=[{"at": now, "status": "want"}])
                outcome["t"] = Toggled("added", entry)
                return entry
            if entry.status == "want":
                outcome["t"] = Toggled("removed", entry)
                return None
            outcome["t"] = Toggled("unchanged", entry)
            return entry

        saved = self.update(film_id, change)
        toggled = outcome["t"]
        if toggled.action == "added" and saved is not None:
            toggled = Toggled("added", saved)
        return toggled

    def rate(self, film_id: str, rating: float | None) -> Entry | None:
        """Set (or with None clear) the rating. Rating a film not on the list adds it as
        "seen" (you rate what you have seen), with a viewing today; clearing one is a no-op.
        """
        rating = check_rating(rating)

        def change(entry: Entry | None) -> Entry | None:
            if entry is None:
                if rating is None:
                    return None
                now = now_iso()
                entry = Entry(film_id, status="seen", added_at=now)
                entry.history.append({"at": now, "status": "seen"})
                _record_viewing(entry, None)
            entry.rating = rating
            return entry

        return self.update(film_id, change)

    def set_note(self, film_id: str, text: str) -> Entry:
        """Replace the note ("" clears it); a film not on the list is added as "want"."""
        if not isinstance(text, str):
            raise InvalidEntry("a note must be text")
        return self.add(film_id, note=text)

    def remove(self, film_id: str) -> Entry | None:
        """Take the film off the list; returns the removed entry (for undo) or None."""
        removed: list[Entry] = []

        def change(entry: Entry | None) -> None:
            if entry is not None:
                removed.append(entry)
            return None

        self.update(film_id, change)
        return removed[0] if removed else None

    def restore(self, entry: Entry) -> Entry:
        """Put back an entry exactly as it was (undo of `remove` or of any change)."""
        entry = entry.copy()
        with self.db.transaction():
            self._put(self._find(entry.film_id), entry)
        return entry

    def put_many(self, entries: Iterable[Entry]) -> None:
        """Save many entries exactly as given (replacing any with the same film_id) in at most
        two atomic writes, instead of one write per entry (an import of thousands of films).

        Runs under the lock; call it inside `transaction()` when the entries were computed
        from what the store held, so nobody writes in between.
        """
        wanted = {entry.film_id: entry for entry in entries}
        if not wanted:
            return
        for entry in wanted.values():
            entry.check()
        with self.db.transaction():
            existing: dict[str, list[int]] = {}
            for doc in self._table.all():
                existing.setdefault(doc.get("film_id"), []).append(doc.doc_id)
            replaced = {fid: e.to_dict() for fid, e in wanted.items() if fid in existing}
            # An old duplicate document of the same film is dropped, as `_put` does.
            duplicates = [doc_id for fid in replaced for doc_id in existing[fid][1:]]

            def replace(doc: dict) -> None:
                new = replaced[doc["film_id"]]
                doc.clear()
                doc.update(new)

            if replaced:
                self._table.update(replace, doc_ids=[existing[fid][0] for fid in replaced])
            if duplicates:
                self._table.remove(doc_ids=duplicates)
            new_docs = [e.to_dict() for fid, e in wanted.items() if fid not in existing]
            if new_docs:
                self._table.insert_multiple(new_docs)

    # -- not interested ------------------------------------------------------------------

    def not_interested(self) -> set[str]:
        """Film ids the user asked never to be recommended."""
        return {doc["film_id"] for doc in self.db.table(NOT_INTERESTED_TABLE)}

    def set_not_interested(self, film_id: str, flag: bool = True) -> bool:
        """Mark (or with flag=False unmark) a film as not interested; True if that changed."""
        table = self.db.table(NOT_INTERESTED_TABLE)
        with self.db.transaction():
            docs = table.search(lambda doc: doc.get("film_id") == film_id)
            if flag and not docs:
                table.insert({"film_id": film_id, "at": now_iso()})
                return True
            if not flag and docs:
                table.remove(doc_ids=[doc.doc_id for doc in docs])
                return True
            return False

    # -- internals -----------------------------------------------------------------------

    def _find(self, film_id: str) -> list:
        # Copies (safe to keep), and much cheaper than a tinydb Query on large lists.
        return self._table.find_copies("film_id", film_id)

    def _put(self, docs: list, entry: Entry) -> None:
        """Replace the entry's document (dropping any duplicates), or insert it."""
        new = entry.to_dict()
        if not docs:
            self._table.insert(new)
            return
        self._table.replace(docs[0].doc_id, new)
        if len(docs) > 1:
            self._table.remove(doc_ids=[doc.doc_id for doc in docs[1:]])

    def _entry(self, doc: dict) -> Entry:
        try:
            return Entry.from_dict(doc)
        except InvalidEntry as error:
            storage = self.db.safe_storage
            raise CorruptedStore(
                self.path, str(error), backup=storage.newest_good_backup()
            ) from None


def _record_viewing(entry: Entry, day: str | None) -> None:
    day = day or today_iso()
    if any(v["date"] == day for v in entry.viewings):
        return
    entry.viewings.append({"date": day, "rewatch": bool(entry.viewings)})
    entry.viewings.sort(key=lambda v: v["date"])
