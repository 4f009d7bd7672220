"""A safe TinyDB layer for any JSON file of user state (the watchlist, later the reviews).

TinyDB's own `JSONStorage` rewrites the file in place with no lock, so a crash or a second
process can destroy it (see /work/shared/notes/tinydb-safety.md). This module keeps TinyDB's
API and replaces the unsafe parts through TinyDB's two extension points:

* `SafeJSONStorage` (a `Storage`): every write serialises first, writes a temp file in the
  same folder, fsyncs it, keeps the file mode, `os.replace`s it over the old file and fsyncs
  the folder, so the file on disk is always the complete old state or the complete new one.
  Every read opens the path afresh. A damaged file is never treated as empty: it is moved
  aside to `<name>.corrupt-<timestamp>` and the error names that path and the newest good
  backup. A file the user made read-only (or a read-only folder) is refused, never replaced.
* `LockedTable` (the `table_class`): every mutating table operation holds a sidecar lock
  (`<name>.lock`, via `filelock`) plus a process-wide thread lock across its whole
  read-modify-write, and resets TinyDB's cached next id and query cache inside the lock.

Backups: a copy of the last good file goes to `backups/<stem>-<timestamp><suffix>` before
every migration and, on write, at most once per `backup_interval` seconds (an hour by
default); the newest `backup_keep` (5) are kept.

Schema: the file carries `{"_meta": {"1": {"schema_version": N}}}`. An older file is migrated
(in memory on every read; on disk by `open_safe_db`, under the lock, after a backup); a file
from a newer version raises `TooNewStore` and is never rewritten.

Within one locked section the parsed file is read once and reused (the lock guarantees
nobody else changed it); documents returned by TinyDB inside a `transaction()` share nested
lists with that cached state, so copy them before mutating them without writing.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import stat
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from watchlist.store.errors import (
    CorruptedStore,
    DiskFull,
    ReadOnlyStore,
    StoreError,
    StoreLocked,
    TooNewStore,
)

META_TABLE = "_meta"
_META_DOC_ID = "1"
DEFAULT_LOCK_TIMEOUT = 10.0
DEFAULT_BACKUP_KEEP = 5
DEFAULT_BACKUP_INTERVAL = 3600.0
BACKUP_DIR = "backups"

#: Upgrades the whole file (a dict of tables) from version N to N + 1.
Migration = Callable[[dict], dict]
#: Checks the decoded file; raises ValueError (with a reason for the user) if it is malformed.
Validator = Callable[[dict], None]

_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NOT_ALLOWED = {errno.EACCES, errno.EPERM, errno.EROFS}


class _Damaged(Exception):
    """Internal: the bytes on disk are not a usable file (the reason is for the user)."""


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")


def fsync_dir(directory: Path) -> None:
    """Make a rename or a new file in `directory` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")


def atomic_write(path: Path, payload: bytes, mode: int | None = None) -> None:
    """Replace `path` with `payload` so a crash leaves the old file or the new one, never a mix.

    The temp file lives in the same folder (so `os.replace` is atomic) and is removed on any
    error. `mode` defaults to the existing file's mode (or the umask's default for a new file).
    Raises OSError; the old file is untouched unless `os.replace` succeeded.
    """
    if mode is None:
        with suppress(FileNotFoundError):
            mode = stat.S_IMODE(os.stat(path).st_mode)
    tmp = temp_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        try:
            if mode is not None:
                os.fchmod(fd, mode)
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


@dataclass
class _SharedState:
    """One per lock file in this process: the locks and what was read under them."""

    lock_path: Path
    thread_lock: threading.RLock = field(default_factory=threading.RLock)
    file_lock: FileLock | None = None
    depth: int = 0
    owner: int | None = None
    cache: dict | None = None  # the parsed file, valid only while the lock is held
    raw: bytes | None = None  # the good bytes behind `cache` (for backups)
    migrated: bool = False  # `cache` was upgraded in memory: back up before writing

    def owned(self) -> bool:
        return self.depth > 0 and self.owner == threading.get_ident()

    def forget(self) -> None:
        self.cache, self.raw, self.migrated = None, None, False

    @contextmanager
    def hold(self, timeout: float, data_path: Path) -> Iterator[None]:
        deadline = time.monotonic() + timeout
        if not self.thread_lock.acquire(timeout=timeout):
            raise StoreLocked(data_path, timeout)
        try:
            if self.depth == 0:
                self._acquire_file_lock(max(0.0, deadline - time.monotonic()), timeout, data_path)
                self.forget()
            self.depth += 1
            self.owner = threading.get_ident()
            try:
                yield
            except BaseException:
                self.forget()  # an operation failed half-way: never trust what it left cached
                raise
            finally:
                self.depth -= 1
                if self.depth == 0:
                    self.owner = None
                    self.forget()
                    assert self.file_lock is not None
                    self.file_lock.release()
        finally:
            self.thread_lock.release()

    def _acquire_file_lock(self, remaining: float, timeout: float, data_path: Path) -> None:
        if self.file_lock is None:
            # One FileLock per process: flock locks conflict between descriptors of one process.
            self.file_lock = FileLock(self.lock_path, thread_local=False)
        try:
            self.file_lock.acquire(timeout=remaining)
        except Timeout:
            raise StoreLocked(data_path, timeout) from None
        except OSError as error:
            if error.errno in _NOT_ALLOWED:
                raise ReadOnlyStore(
                    f"cannot create the lock file {self.lock_path} ({error.strerror}); "
                    f"make {self.lock_path.parent} writable to save changes"
                ) from None
            raise StoreError(f"cannot lock {data_path}: {error.strerror or error}") from None


_SHARED: dict[Path, _SharedState] = {}
_SHARED_GUARD = threading.Lock()


def _forget_parent_locks() -> None:
    # A forked child owns none of its parent's locks (and filelock refuses inherited ones).
    global _SHARED_GUARD
    _SHARED.clear()
    _SHARED_GUARD = threading.Lock()


os.register_at_fork(after_in_child=_forget_parent_locks)


def _shared_state(lock_path: Path) -> _SharedState:
    with _SHARED_GUARD:
        state = _SHARED.get(lock_path)
        if state is None:
            state = _SHARED[lock_path] = _SharedState(lock_path)
        return state


class SafeJSONStorage(Storage):
    """A TinyDB storage that never leaves a half-written or silently emptied file.

    See the module docstring for the guarantees. Use it through `open_safe_db`.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        schema_version: int = 1,
        migrations: Mapping[int, Migration] | None = None,
        validate: Validator | None = None,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        backup_keep: int = DEFAULT_BACKUP_KEEP,
        backup_interval: float = DEFAULT_BACKUP_INTERVAL,
    ) -> None:
        super().__init__()
        # Resolve symlinks so a replace updates the file the link points to, not the link.
        self.path = Path(os.path.realpath(os.fspath(path)))
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.backup_dir = self.path.parent / BACKUP_DIR
        self.schema_version = schema_version
        self.migrations = dict(migrations or {})
        self.validate = validate
        self.lock_timeout = lock_timeout
        self.backup_keep = backup_keep
        self.backup_interval = backup_interval
        self._last_backup: float | None = None

    @property
    def _shared(self) -> _SharedState:
        # Looked up each time: after a fork the child gets fresh, unheld locks.
        return _shared_state(self.lock_path)

    # -- locking -------------------------------------------------------------------------

    @contextmanager
    def locked(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the file lock and the thread lock (re-entrant) for several reads and writes."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise self._write_error(error, self.path.parent) from None
        with self._shared.hold(self.lock_timeout if timeout is None else timeout, self.path):
            yield

    @contextmanager
    def transaction(self, timeout: float | None = None) -> Iterator[None]:
        """`locked()`, after checking the file may be written at all."""
        self.check_writable()
        with self.locked(timeout):
            yield

    def check_writable(self) -> None:
        """Raise ReadOnlyStore if the user made the file or its folder read-only.

        Checked from the mode bits as well as `os.access`, so it holds for root too.
        """
        for target, what in ((self.path, "file"), (self.path.parent, "folder")):
            try:
                mode = os.stat(target).st_mode
            except FileNotFoundError:
                continue
            if not mode & 0o222 or not os.access(target, os.W_OK):
                raise ReadOnlyStore(
                    f"{target} is read-only ({what} mode {stat.S_IMODE(mode):o}); watchlist will "
                    f"not change it. Make it writable (chmod u+w {target}) to save changes."
                )

    # -- reading -------------------------------------------------------------------------

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The whole file as a dict of tables, or None if it does not exist yet."""
        shared = self._shared
        if shared.owned() and shared.cache is not None:
            return shared.cache
        data, raw, migrated = self._read_fresh()
        if shared.owned():
            shared.cache, shared.raw, shared.migrated = data, raw, migrated
        return data

    def _read_fresh(self) -> tuple[dict | None, bytes | None, bool]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None, None, False
        except OSError as error:
            raise StoreError(f"cannot read {self.path}: {error.strerror or error}") from None
        try:
            data, migrated = self._decode(raw)
        except _Damaged as damage:
            return self._handle_damage(str(damage))
        return data, raw, migrated

    def _decode(self, raw: bytes) -> tuple[dict, bool]:
        """Parse, check and (in memory) migrate; raises _Damaged or TooNewStore."""
        if not raw.strip():
            raise _Damaged("the file is empty")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _Damaged("the file is not UTF-8 text") from None
        try:
            data = json.loads(text)
        except ValueError as error:
            raise _Damaged(f"not valid JSON, maybe cut short: {error}") from None
        _check_shape(data)
        version = _schema_version(data)
        if version > self.schema_version:
            raise TooNewStore(self.path, version, self.schema_version)
        migrated = version < self.schema_version
        if migrated:
            data = self._migrate(data, version)
        if self.validate is not None:
            try:
                self.validate(data)
            except ValueError as error:
                raise _Damaged(str(error)) from None
        return data, migrated

    def _migrate(self, data: dict, version: int) -> dict:
        try:
            while version < self.schema_version:
                step = self.migrations.get(version)
                if step is not None:
                    data = step(data)
                version += 1
        except Exception as error:
            raise StoreError(
                f"cannot upgrade {self.path} from schema version {version}: {error}; "
                "the file was left untouched"
            ) from error
        data[META_TABLE] = {_META_DOC_ID: {"schema_version": self.schema_version}}
        _check_shape(data)
        return data

    def _handle_damage(self, reason: str) -> tuple[dict | None, bytes | None, bool]:
        """Move a damaged file aside under the lock (re-checking it first) and raise."""
        if not self._shared.owned():
            try:
                with self.locked():
                    # Re-read under the lock: a writer may have replaced it meanwhile.
                    return self._read_fresh()
            except (ReadOnlyStore, StoreLocked) as error:
                raise CorruptedStore(
                    self.path, reason, backup=self.newest_good_backup(), move_error=str(error)
                ) from None
        try:
            self.check_writable()  # a read-only file or folder is the user's: leave it be
        except ReadOnlyStore as error:
            raise CorruptedStore(
                self.path, reason, backup=self.newest_good_backup(), move_error=str(error)
            ) from None
        target = _unique(self.path.with_name(f"{self.path.name}.corrupt-{_stamp()}"))
        try:
            os.rename(self.path, target)  # the name is fresh, so nothing is overwritten
            fsync_dir(self.path.parent)
        except OSError as error:
            raise CorruptedStore(
                self.path,
                reason,
                backup=self.newest_good_backup(),
                move_error=error.strerror or str(error),
            ) from None
        raise CorruptedStore(self.path, reason, moved_to=target, backup=self.newest_good_backup())

    # -- writing -------------------------------------------------------------------------

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Atomically replace the file with `data` (always under the lock)."""
        shared = self._shared
        if not shared.owned():
            with self.transaction():
                self.write(data)
            return
        self.check_writable()
        if shared.raw is None and self.path.exists():
            self.read()  # never replace a file nobody has checked (it may be damaged or newer)
        data[META_TABLE] = {_META_DOC_ID: {"schema_version": self.schema_version}}
        payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
        try:
            if shared.raw is not None and (shared.migrated or self._backup_due()):
                self._backup(shared.raw)
            atomic_write(self.path, payload)
        except OSError as error:
            raise self._write_error(error, self.path) from None
        shared.cache, shared.raw, shared.migrated = data, payload, False

    def _write_error(self, error: OSError, target: Path) -> StoreError:
        reason = error.strerror or str(error)
        if error.errno in _NO_SPACE:
            return DiskFull(
                f"no space left on the disk while saving {self.path}; nothing was changed. "
                "Free some space and try again."
            )
        if error.errno in _NOT_ALLOWED:
            return ReadOnlyStore(f"cannot write {target} ({reason}); nothing was changed")
        return StoreError(f"cannot save {self.path} ({reason}); the previous file is intact")

    # -- backups -------------------------------------------------------------------------

    def backups(self) -> list[Path]:
        """This file's backups, newest first."""
        pattern = re.compile(
            rf"^{re.escape(self.path.stem)}-\d{{8}}T\d{{6}}\.\d{{6}}Z(-\d+)?"
            rf"{re.escape(self.path.suffix)}$"
        )
        try:
            names = [n for n in os.listdir(self.backup_dir) if pattern.match(n)]
        except (FileNotFoundError, NotADirectoryError):
            return []
        return [self.backup_dir / name for name in sorted(names, reverse=True)]

    def newest_good_backup(self) -> Path | None:
        """The newest backup that this version can read, if any."""
        for candidate in self.backups():
            try:
                self._decode(candidate.read_bytes())
            except (OSError, _Damaged, StoreError):
                continue
            return candidate
        return None

    def backup_now(self, raw: bytes | None = None) -> Path:
        """Copy the current file (or `raw`) into the backups folder and prune old copies."""
        if raw is None:
            raw = self.path.read_bytes()
        return self._backup(raw)

    def _backup_due(self) -> bool:
        now = time.time()
        if self._last_backup is None:
            newest = self.backups()
            self._last_backup = newest[0].stat().st_mtime if newest else 0.0
        return now - self._last_backup >= self.backup_interval

    def _backup(self, raw: bytes) -> Path:
        self.backup_dir.mkdir(exist_ok=True)
        name = f"{self.path.stem}-{_stamp()}{self.path.suffix}"
        target = _unique(self.backup_dir / name)
        mode = None
        with suppress(FileNotFoundError):
            mode = stat.S_IMODE(os.stat(self.path).st_mode) | stat.S_IWUSR
        atomic_write(target, raw, mode)
        for old in self.backups()[self.backup_keep :]:
            with suppress(OSError):
                old.unlink()
        self._last_backup = time.time()
        return target

    # -- housekeeping --------------------------------------------------------------------

    def prepare(self) -> None:
        """Remove stale temp files, then check the file and migrate it on disk if it is old.

        Opening never creates the file or its folder. Raises CorruptedStore / TooNewStore.
        """
        if not self.path.parent.is_dir():
            return
        if self._temp_files():
            with suppress(StoreLocked, ReadOnlyStore), self.locked(timeout=0):
                # Nobody is mid-write while we hold the lock, so every temp file is stale.
                for stale in self._temp_files():
                    with suppress(OSError):
                        stale.unlink()
        _, _, migrated = self._read_fresh()
        if not migrated:
            return
        with suppress(ReadOnlyStore), self.transaction():
            data = self.read()
            if self._shared.migrated and data is not None:
                self.write(data)  # backs up the old version first

    def _temp_files(self) -> list[Path]:
        """Temp files of this file (and of its backups) left by an interrupted write."""
        found = []
        for folder, prefix in (
            (self.path.parent, f".{self.path.name}.tmp-"),
            (self.backup_dir, "."),
        ):
            try:
                names = os.listdir(folder)
            except OSError:
                continue
            found += [folder / n for n in names if n.startswith(prefix) and ".tmp-" in n]
        return found

    def close(self) -> None:
        """Nothing stays open between operations."""


def _unique(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def _check_shape(data: object) -> None:
    """A TinyDB file: {table: {"<int>": {document}}}; raises _Damaged otherwise."""
    if not isinstance(data, dict):
        raise _Damaged(f"expected a JSON object of tables, found {type(data).__name__}")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise _Damaged(f"table {name!r} is {type(table).__name__}, not an object")
        for doc_id, doc in table.items():
            if not doc_id.isdigit() or not isinstance(doc, dict):
                raise _Damaged(f"table {name!r} has a malformed document {doc_id!r}")


def _schema_version(data: dict) -> int:
    meta = data.get(META_TABLE)
    if meta is None:
        return 0  # written before versioning (or by plain TinyDB)
    version = meta.get(_META_DOC_ID, {}).get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise _Damaged(f"the schema version is malformed: {version!r}")
    return version


class LockedTable(Table):
    """A TinyDB table whose every write is one locked read-modify-write against fresh data."""

    # Reads always go to the file; a query cache would serve results from before another
    # process's write.
    default_query_cache_capacity = 0

    @contextmanager
    def _locked(self) -> Iterator[None]:
        storage = self._storage
        assert isinstance(storage, SafeJSONStorage)
        with storage.transaction():
            # Another process may have added documents since this Table last looked.
            self._next_id = None
            self.clear_cache()
            yield
            self._next_id = None

    def insert(self, document):
        with self._locked():
            return super().insert(document)

    def insert_multiple(self, documents):
        with self._locked():
            return super().insert_multiple(documents)

    def update(self, fields, cond=None, doc_ids=None):
        with self._locked():
            return super().update(fields, cond, doc_ids)

    def update_multiple(self, updates):
        with self._locked():
            return super().update_multiple(updates)

    def upsert(self, document, cond=None):
        with self._locked():
            return super().upsert(document, cond)

    def remove(self, cond=None, doc_ids=None):
        with self._locked():
            return super().remove(cond, doc_ids)

    def truncate(self) -> None:
        with self._locked():
            super().truncate()


class SafeTinyDB(TinyDB):
    """TinyDB over `SafeJSONStorage` with `LockedTable`s and a `transaction()` for batches."""

    table_class = LockedTable
    default_storage_class = SafeJSONStorage

    @property
    def safe_storage(self) -> SafeJSONStorage:
        storage = self.storage
        assert isinstance(storage, SafeJSONStorage)
        return storage

    def transaction(self, timeout: float | None = None):
        """Several reads and writes under one lock (e.g. a batch import); re-entrant.

        The file is parsed once per transaction and written once per write operation.
        """
        return self.safe_storage.transaction(timeout)

    def locked(self, timeout: float | None = None):
        """A consistent snapshot for several reads (no writability check)."""
        return self.safe_storage.locked(timeout)

    def drop_table(self, name: str) -> None:
        with self.transaction():
            super().drop_table(name)

    def drop_tables(self) -> None:
        with self.transaction():
            self.storage.read()  # refuse to drop a damaged file's tables by overwriting it
            super().drop_tables()


def open_safe_db(
    path: str | os.PathLike[str],
    *,
    schema_version: int = 1,
    migrations: Mapping[int, Migration] | None = None,
    validate: Validator | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    backup_keep: int = DEFAULT_BACKUP_KEEP,
    backup_interval: float = DEFAULT_BACKUP_INTERVAL,
) -> SafeTinyDB:
    """Open (never create) a safe TinyDB file: stale temp files removed, old schema migrated.

    `migrations[n]` upgrades the whole file from version n to n + 1 (a missing step is the
    identity); `validate` raises ValueError for a file of the right shape but wrong content.
    Raises CorruptedStore, TooNewStore or another StoreError.
    """
    db = SafeTinyDB(
        path,
        storage=SafeJSONStorage,
        schema_version=schema_version,
        migrations=migrations,
        validate=validate,
        lock_timeout=lock_timeout,
        backup_keep=backup_keep,
        backup_interval=backup_interval,
    )
    db.safe_storage.prepare()
    return db
