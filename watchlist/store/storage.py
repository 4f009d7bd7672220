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
  (`flock` on `<name>.lock`; `filelock` where the file system has no `flock`) plus a
  process-wide thread lock across its whole read-modify-write, and resets TinyDB's cached
  next id and query cache inside the lock.

Backups: a copy of the last good file goes to `backups/<stem>-<timestamp><suffix>` before
every migration and, on write, at most once per `backup_interval` seconds (an hour by
default); the newest `backup_keep` (5) are kept.

Schema: the file carries `{"_meta": {"1": {"schema_version": N}}}`. An older file is migrated
(in memory on every read; on disk by `open_safe_db`, under the lock, after a backup); a file
from a newer version raises `TooNewStore` and is never rewritten.

Within one locked section the parsed file is read once and reused (the lock guarantees
nobody else changed it); documents returned by TinyDB inside a `transaction()` share nested
lists with that cached state, so copy them before mutating them without writing.

Across locked sections the file is still read afresh every time, but parsing it is skipped
when its bytes are exactly the bytes this storage last parsed or wrote: equal bytes decode to
an equal document, so nothing depends on timestamps or inode numbers. That parsed document is
kept only while no reference into it can have escaped: the section used nothing but
`LockedTable`'s inserts, `update` / `remove` by doc id, `replace` and `find_copies`, whose
inputs are stored as fresh JSON-normalised copies and whose outputs are copies. Any other
read or write in a locked section (a search, a callable update, a query) drops it.
"""

from __future__ import annotations

import errno
import fcntl
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
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB

if TYPE_CHECKING:
    import filelock
from tinydb.storages import Storage
from tinydb.table import Document, Table

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
#: flock errors meaning "this file system cannot lock": fall back to `filelock`.
_NO_FLOCK = {errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOLCK, getattr(errno, "ENOTSUP", 0)}
_LOCK_POLL_MAX = 0.05


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


def _json_copy(value: Any) -> Any:
    """A fresh copy of `value` exactly as writing it and reading it back would give it."""
    return json.loads(json.dumps(value, ensure_ascii=False))


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


#: Closing a lock file descriptor cannot lose data, so its (ignored) errors are not faults
#: of the write path; bound once so fault-injection of `os` in tests leaves it alone.
_close_lock_fd = os.close


def _close_quietly(fd: int) -> None:
    with suppress(OSError):
        _close_lock_fd(fd)


@dataclass
class _Kept:
    """A parsed file carried from one locked section to the next (see the module docstring)."""

    raw: bytes  # the exact bytes `data` stands for
    data: dict
    producer: object  # the storage whose decoder (schema, migrations, validate) made it
    checked: bool  # `data` came from a decode (False: from a write, check it before use)


@dataclass
class _SharedState:
    """One per lock file in this process: the locks and what was read under them."""

    lock_path: Path
    thread_lock: threading.RLock = field(default_factory=threading.RLock)
    lock_fd: int | None = None  # open (and flocked) only while the lock is held
    fallback: filelock.FileLock | None = None  # only where the file system has no flock
    depth: int = 0
    owner: int | None = None
    cache: dict | None = None  # the parsed file, valid only while the lock is held
    raw: bytes | None = None  # the good bytes behind `cache` (for backups)
    migrated: bool = False  # `cache` was upgraded in memory: back up before writing
    checked: bool = True  # `cache` passed the decoder's checks (not so after a write)
    producer: object | None = None  # the storage that parsed or wrote `cache`
    internal: int = 0  # > 0 while a LockedTable operation that leaks nothing runs
    clean: bool = True  # no reference into `cache` escaped in this locked section
    kept: _Kept | None = None  # `cache` from the last clean locked section

    def owned(self) -> bool:
        return self.depth > 0 and self.owner == threading.get_ident()

    def forget(self) -> None:
        self.cache, self.raw, self.migrated = None, None, False
        self.checked, self.producer = True, None

    def _keep(self) -> None:
        if (
            self.clean
            and self.cache is not None
            and self.raw is not None
            and not self.migrated
            and self.producer is not None
        ):
            self.kept = _Kept(self.raw, self.cache, self.producer, self.checked)
        else:
            self.kept = None

    @contextmanager
    def hold(self, timeout: float, storage: SafeJSONStorage) -> Iterator[None]:
        deadline = time.monotonic() + timeout
        if not self.thread_lock.acquire(timeout=timeout):
            raise StoreLocked(storage.path, timeout)
        try:
            if self.depth == 0:
                self._acquire_file_lock(deadline, timeout, storage)
                self.forget()
                self.clean, self.internal = True, 0
            self.depth += 1
            self.owner = threading.get_ident()
            try:
                yield
            except BaseException:
                # An operation failed half-way: never trust what it left cached.
                self.forget()
                self.clean, self.kept = False, None
                raise
            finally:
                self.depth -= 1
                if self.depth == 0:
                    self.owner = None
                    self._keep()
                    self.forget()
                    self._release_file_lock()
        finally:
            self.thread_lock.release()

    def _acquire_file_lock(self, deadline: float, timeout: float, storage: SafeJSONStorage) -> None:
        """flock the sidecar file, polling until `deadline`; raises StoreLocked or StoreError."""
        pause = 0.001
        while self.fallback is None:
            fd = self._open_lock_file(storage)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                _close_quietly(fd)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise StoreLocked(storage.path, timeout) from None
                time.sleep(min(pause, left))
                pause = min(pause * 2, _LOCK_POLL_MAX)
                continue
            except OSError as error:
                _close_quietly(fd)
                if error.errno not in _NO_FLOCK:
                    raise StoreError(
                        f"cannot lock {storage.path}: {error.strerror or error}"
                    ) from None
                import filelock  # only here: the package costs start-up time everywhere else

                self.fallback = filelock.FileLock(self.lock_path, thread_local=False)
                break
            try:
                # Locking a lock file that was deleted (or replaced) meanwhile protects
                # nothing: another process may create and lock a new one. Retry on that one.
                same = os.path.samestat(os.fstat(fd), os.stat(self.lock_path))
            except OSError:
                same = False
            if same:
                self.lock_fd = fd
                return
            with suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            _close_quietly(fd)
        import filelock

        try:
            self.fallback.acquire(timeout=max(0.0, deadline - time.monotonic()))
        except filelock.Timeout:
            raise StoreLocked(storage.path, timeout) from None
        except OSError as error:
            raise storage._lock_error(error) from None

    def _open_lock_file(self, storage: SafeJSONStorage) -> int:
        flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW
        try:
            try:
                return os.open(self.lock_path, flags, 0o644)
            except FileNotFoundError:
                # The first save of a new file: its folder may not exist yet.
                self.lock_path.parent.mkdir(parents=True, exist_ok=True)
                return os.open(self.lock_path, flags, 0o644)
        except OSError as error:
            raise storage._lock_error(error) from None

    def _release_file_lock(self) -> None:
        if self.lock_fd is not None:
            fd, self.lock_fd = self.lock_fd, None
            # Unlock explicitly: a forked child may still hold a copy of this descriptor.
            # Never raise here: it would hide the outcome of the locked operation.
            with suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            _close_quietly(fd)
        elif self.fallback is not None:
            self.fallback.release()


_SHARED: dict[Path, _SharedState] = {}
_SHARED_GUARD = threading.Lock()


def _forget_parent_locks() -> None:
    # A forked child owns none of its parent's locks (and filelock refuses inherited ones).
    # Close the inherited descriptors without unlocking: the lock belongs to the parent.
    global _SHARED_GUARD
    for state in _SHARED.values():
        if state.lock_fd is not None:
            with suppress(OSError):
                os.close(state.lock_fd)
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
        """Hold the file lock and the thread lock (re-entrant) for several reads and writes.

        Creates the folder (for the lock file) if needed.
        """
        with self._shared.hold(self.lock_timeout if timeout is None else timeout, self):
            yield

    @contextmanager
    def transaction(self, timeout: float | None = None) -> Iterator[None]:
        """`locked()`, after checking the file may be written at all."""
        shared = self._shared
        if not shared.owned():
            self.check_writable()  # `write` checks again under the lock
        with self.locked(timeout):
            yield

    @contextmanager
    def _internal(self, clean: bool = True) -> Iterator[None]:
        """Inside: reads and writes by a LockedTable operation (see the module docstring).

        With `clean=False` the operation may leak references into the cached file, so it is
        not carried over to the next locked section.
        """
        shared = self._shared
        if not shared.owned():
            yield
            return
        if not clean:
            shared.clean = False
        shared.internal += 1
        try:
            yield
        finally:
            shared.internal -= 1

    def _lock_error(self, error: OSError) -> StoreError:
        if error.errno in _NOT_ALLOWED:
            return ReadOnlyStore(
                f"cannot create the lock file {self.lock_path} ({error.strerror}); "
                f"make {self.lock_path.parent} writable to save changes"
            )
        if error.errno in _NO_SPACE:
            return self._write_error(error, self.lock_path)
        return StoreError(f"cannot lock {self.path}: {error.strerror or error}")

    def check_writable(self) -> int | None:
        """Raise ReadOnlyStore if the user made the file or its folder read-only.

        Checked from the mode bits as well as `os.access`, so it holds for root too.
        Returns the file's permission bits (None if it does not exist yet).
        """
        file_mode = None
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
            if target is self.path:
                file_mode = stat.S_IMODE(mode)
        return file_mode

    # -- reading -------------------------------------------------------------------------

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The whole file as a dict of tables, or None if it does not exist yet."""
        shared = self._shared
        if not shared.owned():
            return self._read_fresh()[0]
        if not shared.internal:
            shared.clean = False  # the caller gets references into the cached file
        return self._read_locked(shared)

    def _read_locked(self, shared: _SharedState) -> dict[str, dict[str, Any]] | None:
        if shared.cache is not None:
            return shared.cache
        kept, shared.kept = shared.kept, None
        data, raw, migrated = self._read_fresh(kept if kept and kept.producer is self else None)
        shared.cache, shared.raw, shared.migrated = data, raw, migrated
        shared.checked, shared.producer = True, self
        return data

    def _read_fresh(self, kept: _Kept | None = None) -> tuple[dict | None, bytes | None, bool]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None, None, False
        except OSError as error:
            raise StoreError(f"cannot read {self.path}: {error.strerror or error}") from None
        if kept is not None and raw == kept.raw:
            # The very bytes behind `kept.data`: decoding them again would give an equal
            # document. One this storage wrote still gets the checks a decode would run.
            if kept.checked:
                return kept.data, raw, False
            with suppress(_Damaged, StoreError):
                self._check(kept.data)
                return kept.data, raw, False
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
        self._validate(data)
        return data, migrated

    def _validate(self, data: dict) -> None:
        if self.validate is not None:
            try:
                self.validate(data)
            except ValueError as error:
                raise _Damaged(str(error)) from None

    def _check(self, data: dict) -> None:
        """The checks `_decode` runs, on a document this storage wrote; raises on failure."""
        _check_shape(data)
        if _schema_version(data) != self.schema_version:
            raise _Damaged("unexpected schema version")
        self._validate(data)

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
        mode = self.check_writable()
        if shared.raw is None and mode is not None:
            # Never replace a file nobody has checked (it may be damaged or newer).
            self._read_locked(shared)
        if not (shared.internal and (data is shared.cache or shared.cache is None)):
            shared.clean = False  # `data` may share objects with the caller
        data[META_TABLE] = {_META_DOC_ID: {"schema_version": self.schema_version}}
        payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
        try:
            if shared.raw is not None and (shared.migrated or self._backup_due()):
                self._backup(shared.raw)
            atomic_write(self.path, payload, mode)
        except OSError as error:
            raise self._write_error(error, self.path) from None
        shared.cache, shared.raw, shared.migrated = data, payload, False
        shared.checked, shared.producer = False, self

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
    """A TinyDB table whose every write is one locked read-modify-write against fresh data.

    Inserts, `update` / `remove` by doc id, `replace` and `find_copies` store and return
    fresh copies, so the parsed file may be reused by the next locked section (see the module
    docstring); operations that hand documents to a callable or a query do not allow that.
    """

    # Reads always go to the file; a query cache would serve results from before another
    # process's write.
    default_query_cache_capacity = 0

    @property
    def _safe_storage(self) -> SafeJSONStorage:
        storage = self._storage
        assert isinstance(storage, SafeJSONStorage)
        return storage

    @contextmanager
    def _locked(self, clean: bool = True) -> Iterator[None]:
        storage = self._safe_storage
        with storage.transaction():
            # Another process may have added documents since this Table last looked.
            self._next_id = None
            self.clear_cache()
            with storage._internal(clean):
                yield
            self._next_id = None

    def insert(self, document):
        if not isinstance(document, Mapping):
            return super().insert(document)  # raises TinyDB's own error
        try:
            copy = _json_copy(document)
        except (TypeError, ValueError):
            with self._locked(clean=False):
                return super().insert(document)
        if isinstance(document, Document):
            copy = self.document_class(copy, document.doc_id)
        with self._locked():
            return super().insert(copy)

    def insert_multiple(self, documents):
        with self._locked(clean=False):
            return super().insert_multiple(documents)

    def update(self, fields, cond=None, doc_ids=None):
        if cond is None and doc_ids is not None and isinstance(fields, Mapping):
            try:
                encoded = json.dumps(fields, ensure_ascii=False)
            except (TypeError, ValueError):
                pass
            else:

                def perform(doc: dict) -> None:
                    doc.update(json.loads(encoded))  # a copy per document: nothing shared

                with self._locked():
                    return super().update(perform, None, doc_ids)
        with self._locked(clean=False):
            return super().update(fields, cond, doc_ids)

    def update_multiple(self, updates):
        with self._locked(clean=False):
            return super().update_multiple(updates)

    def upsert(self, document, cond=None):
        with self._locked(clean=False):
            return super().upsert(document, cond)

    def remove(self, cond=None, doc_ids=None):
        with self._locked(clean=cond is None):
            return super().remove(cond, doc_ids)

    def truncate(self) -> None:
        with self._locked():
            super().truncate()

    def replace(self, doc_id: int, document: Mapping) -> None:
        """Replace the whole document `doc_id` by `document` (skipped if there is none)."""
        new = _json_copy(dict(document))
        key = self.document_id_class(doc_id)

        def updater(table: dict) -> None:
            if key in table:
                table[key] = new

        with self._locked():
            self._update_table(updater)

    def find_copies(self, key: str, value: object) -> list[Document]:
        """Copies of the documents whose `key` equals `value` (cheaper than a Query)."""
        with self._safe_storage._internal():
            table = self._read_table()
            found = [(doc_id, doc) for doc_id, doc in table.items() if doc.get(key) == value]
            return [
                self.document_class(_json_copy(doc), self.document_id_class(doc_id))
                for doc_id, doc in found
            ]


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
