"""Faults on the write path and damaged files: always the old state or the new one, bytes kept."""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from tinydb import TinyDB

from watchlist.store import (
    CorruptedStore,
    DiskFull,
    ReadOnlyStore,
    StoreError,
    TooNewStore,
    WatchlistStore,
    open_safe_db,
)
from watchlist.store import storage as storage_module
from watchlist.store.entries import Entry

#: The os functions that change files; a fault is injected at the N-th call of any of them.
FILE_CALLS = ("open", "write", "fsync", "fchmod", "close", "replace", "rename", "unlink")
ROOT = os.geteuid() == 0


def notes(path: Path) -> dict[str, str]:
    return {e.film_id: e.note for e in WatchlistStore(path).entries()}


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Path, bytes]:
    """A watchlist of 40 films with long notes, and its bytes."""
    path = tmp_path / "watchlist.json"
    store = WatchlistStore(path)
    with store.transaction():
        for i in range(40):
            store.add(f"film-{i}", note="n" * 300, status="seen" if i % 3 else None)
    return path, path.read_bytes()


OPS: dict[str, Callable[[WatchlistStore], object]] = {
    "shrinking-update": lambda s: s.set_note("film-7", ""),
    "insert": lambda s: s.add("film-new", note="new"),
    "delete": lambda s: s.remove("film-3"),
}


def expected_after(op: str, before: dict[str, str]) -> dict[str, str]:
    after = dict(before)
    if op == "shrinking-update":
        after["film-7"] = ""
    elif op == "insert":
        after["film-new"] = "new"
    else:
        del after["film-3"]
    return after


def run_killed_at(path: Path, op: str, step: int, when: str) -> str:
    """Fork a child that SIGKILLs itself before/after the step-th file call during `op`."""
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        try:
            calls = [0]

            def wrap(real: Callable) -> Callable:
                def wrapper(*args: object, **kwargs: object) -> object:
                    calls[0] += 1
                    mine = calls[0]
                    if mine == step and when == "before":
                        os.kill(os.getpid(), signal.SIGKILL)
                    result = real(*args, **kwargs)
                    if mine == step and when == "after":
                        os.kill(os.getpid(), signal.SIGKILL)
                    return result

                return wrapper

            store = WatchlistStore(path, backup_interval=0)  # back up on every write, too
            for name in FILE_CALLS:
                setattr(os, name, wrap(getattr(os, name)))
            OPS[op](store)
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return "killed"
    return "finished" if os.WEXITSTATUS(status) == 0 else "failed"


@pytest.mark.slow
@pytest.mark.parametrize("op", sorted(OPS))
def test_a_kill_at_every_step_of_the_write_path_leaves_old_or_new(
    seeded: tuple[Path, bytes], op: str
) -> None:
    path, original = seeded
    old = notes(path)
    new = expected_after(op, old)
    outcomes: dict[str, int] = {"old": 0, "new": 0}
    killed_steps = 0
    for when in ("before", "after"):
        for step in range(1, 200):
            path.write_bytes(original)
            result = run_killed_at(path, op, step, when)
            assert result != "failed"
            state = notes(path)  # raises if the file were unreadable
            assert state in (old, new), f"step {step} ({when}): neither old nor new"
            outcomes["old" if state == old else "new"] += 1
            if result == "finished":
                assert state == new
                break
            killed_steps += 1
        else:
            pytest.fail("the operation never finished")
    assert killed_steps >= 16  # lock, backup, temp file, write, fsync, replace, dir fsync...
    assert outcomes["old"] and outcomes["new"]  # kills landed on both sides of the replace
    assert not list(path.parent.glob(".watchlist.json.tmp-*"))


class FaultyOS:
    """Stands in for `os` inside storage.py: the N-th file call raises OSError(code)."""

    def __init__(self, fail_at: int, code: int) -> None:
        self.fail_at, self.code, self.calls = fail_at, code, 0

    def __getattr__(self, name: str) -> object:
        real = getattr(os, name)
        if name not in FILE_CALLS:
            return real

        def wrapper(*args: object, **kwargs: object) -> object:
            self.calls += 1
            if self.calls == self.fail_at:
                raise OSError(self.code, os.strerror(self.code))
            return real(*args, **kwargs)

        return wrapper


@contextmanager
def faulty_os(monkeypatch: pytest.MonkeyPatch, fail_at: int, code: int) -> Iterator[FaultyOS]:
    fake = FaultyOS(fail_at, code)
    with monkeypatch.context() as patch:
        patch.setattr(storage_module, "os", fake)
        yield fake


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_an_error_at_every_step_leaves_old_or_new_and_no_temp_file(
    seeded: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    path, original = seeded
    old = notes(path)
    new = expected_after("shrinking-update", old)
    failures = 0
    for step in range(1, 100):
        path.write_bytes(original)
        store = WatchlistStore(path, backup_interval=0)
        store.get("film-0")  # open (and clean up) outside the fault
        with faulty_os(monkeypatch, step, code) as fake:
            try:
                store.set_note("film-7", "")
                raised = None
            except StoreError as error:
                raised = error
        state = notes(path)
        assert state in (old, new)
        assert not list(path.parent.glob(".watchlist.json.tmp-*"))
        if raised is None:
            assert state == new and fake.calls < step
            break
        failures += 1
        if state == old:
            assert path.read_bytes() == original
        if code == errno.ENOSPC:
            assert isinstance(raised, DiskFull) and "nothing was changed" in str(raised)
        store.add("film-after", note="still works")  # a failure never wedges the store
    assert failures >= 6


def test_disk_full_while_writing_keeps_the_file(
    seeded: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, original = seeded
    store = WatchlistStore(path)
    real_write = os.write

    def full(fd: int, data: bytes) -> int:
        if len(data) > 1000:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(storage_module.os, "write", full)
    with pytest.raises(DiskFull, match="no space left"):
        store.add("film-big", note="b" * 5000)
    monkeypatch.undo()
    assert path.read_bytes() == original
    assert not list(path.parent.glob(".watchlist.json.tmp-*"))


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "small"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (disk full is simulated elsewhere)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full_on_a_small_tmpfs_keeps_the_file(small_tmpfs: Path) -> None:
    path = small_tmpfs / "watchlist.json"
    store = WatchlistStore(path)
    with store.transaction():
        for i in range(60):
            store.add(f"film-{i}", note="n" * 1000)
    original = path.read_bytes()
    filler = small_tmpfs / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:  # take the rest of the space
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError as error:
        assert error.errno == errno.ENOSPC
    finally:
        os.close(fd)
    with pytest.raises(DiskFull):
        store.add("film-more", note="m" * 20000)
    assert path.read_bytes() == original
    assert not list(small_tmpfs.glob(".watchlist.json.tmp-*"))


GOOD = json.dumps(
    {
        "entries": {"1": Entry("the-perfection-2018", note="good").to_dict()},
        "_meta": {"1": {"schema_version": 1}},
    }
).encode()

DAMAGED: dict[str, bytes] = {
    "empty": b"",
    "whitespace": b"  \n",
    "truncated": GOOD[: len(GOOD) // 2],
    "garbage": bytes(range(256)) * 4,
    "not-utf8": b'{"entries": {"1": {"film_id": "\xff\xfe", "status": "want"}}}',
    "nul-bytes": b"\0" * 4096,
    "json-then-nul-padding": GOOD + b"\0" * 200,
    "trailing-old-bytes": GOOD + GOOD[-40:],
    "a-list": b"[]",
    "table-not-an-object": b'{"entries": [1, 2]}',
    "bad-document-id": b'{"entries": {"x": {"film_id": "a", "status": "want"}}}',
    "entry-without-film-id": b'{"entries": {"1": {"status": "want"}}}',
    "unknown-status": b'{"entries": {"1": {"film_id": "a", "status": "maybe"}}}',
    "bad-schema-version": b'{"_meta": {"1": {"schema_version": "one"}}}',
}


def make_backup(path: Path) -> Path:
    """A good file with one backup of it; returns the backup."""
    store = WatchlistStore(path, backup_interval=0)
    store.add("the-perfection-2018", note="backed up")
    store.add("suspiria-1977")
    backups = store.backups()
    assert len(backups) == 1
    return backups[0]


@pytest.mark.parametrize("kind", sorted(DAMAGED))
def test_a_damaged_file_is_moved_aside_and_the_backup_offered(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "watchlist.json"
    backup = make_backup(path)
    damaged = DAMAGED[kind]
    path.write_bytes(damaged)
    store = WatchlistStore(path)
    with pytest.raises(CorruptedStore) as caught:
        store.entries()
    error = caught.value
    assert error.moved_to is not None and error.moved_to.read_bytes() == damaged
    assert error.backup == backup
    assert str(error.moved_to) in str(error) and str(backup) in str(error)
    assert not path.exists()
    assert json.loads(backup.read_bytes())["entries"]  # the offered backup is good
    assert store.entries() == []  # a missing file is an empty list from now on
    store.add("the-perfection-2018")
    assert error.moved_to.read_bytes() == damaged  # and the moved file is never touched


def test_a_damaged_file_is_never_overwritten_by_a_write(tmp_path: Path) -> None:
    path = tmp_path / "watchlist.json"
    path.write_bytes(DAMAGED["json-then-nul-padding"])
    with pytest.raises(CorruptedStore) as caught:
        WatchlistStore(path).add("suspiria-1977")  # the very first call is a write
    assert caught.value.moved_to is not None
    assert caught.value.moved_to.read_bytes() == DAMAGED["json-then-nul-padding"]
    assert caught.value.backup is None and "No backup was found" in str(caught.value)


def test_the_newest_good_backup_skips_damaged_backups(tmp_path: Path) -> None:
    path = tmp_path / "watchlist.json"
    older = make_backup(path)
    store = WatchlistStore(path, backup_interval=0)
    store.add("another-film")
    newest = store.backups()[0]
    assert newest != older
    newest.write_bytes(b"{broken")
    path.write_bytes(b"")
    with pytest.raises(CorruptedStore) as caught:
        WatchlistStore(path).entries()
    assert caught.value.backup == older


def test_an_invalid_entry_value_is_an_error_and_the_file_stays(tmp_path: Path) -> None:
    path = tmp_path / "watchlist.json"
    bad = {
        "entries": {"1": {"film_id": "a", "status": "seen", "rating": 7}},
        "_meta": {"1": {"schema_version": 1}},
    }
    path.write_text(json.dumps(bad))
    original = path.read_bytes()
    with pytest.raises(CorruptedStore, match="rating"):
        WatchlistStore(path).entries()
    assert path.read_bytes() == original


def test_a_file_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "watchlist.json"
    newer = {"_meta": {"1": {"schema_version": 99}}, "entries": {}, "future": {}}
    path.write_text(json.dumps(newer))
    original = path.read_bytes()
    store = WatchlistStore(path)
    with pytest.raises(TooNewStore, match="newer watchlist"):
        store.entries()
    with pytest.raises(TooNewStore):
        store.add("the-perfection-2018")
    assert path.read_bytes() == original
    assert not list(tmp_path.glob("watchlist.json.corrupt-*"))


def test_a_read_only_file_is_read_but_never_replaced(seeded: tuple[Path, bytes]) -> None:
    path, original = seeded
    path.chmod(0o444)
    store = WatchlistStore(path)
    assert len(store.entries()) == 40
    with pytest.raises(ReadOnlyStore, match="read-only"):
        store.add("film-new")
    assert path.read_bytes() == original
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_a_read_only_folder_is_refused(seeded: tuple[Path, bytes]) -> None:
    path, original = seeded
    folder = path.parent
    folder.chmod(0o555)
    try:
        store = WatchlistStore(path)
        assert len(store.entries()) == 40
        with pytest.raises(ReadOnlyStore):
            store.remove("film-1")
        path.write_bytes(b"")  # still allowed for root / the owner of the file
        with pytest.raises(CorruptedStore, match="left in place"):
            WatchlistStore(path).entries()
        assert path.exists()  # a read-only folder is not changed even to move a bad file
    finally:
        folder.chmod(0o755)
    del original


@pytest.mark.skipif(ROOT, reason="root reads any file whatever its mode")
def test_an_unreadable_file_is_a_clear_error(seeded: tuple[Path, bytes]) -> None:
    path, original = seeded
    path.chmod(0o000)
    try:
        with pytest.raises(StoreError, match="cannot read"):
            WatchlistStore(path).entries()
    finally:
        path.chmod(0o644)
    assert path.read_bytes() == original


def test_the_file_mode_is_kept(seeded: tuple[Path, bytes]) -> None:
    path, _ = seeded
    path.chmod(0o600)
    WatchlistStore(path).add("film-new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_stale_temp_files_are_removed_on_open(seeded: tuple[Path, bytes]) -> None:
    path, _ = seeded
    stale = path.with_name(".watchlist.json.tmp-99999-deadbeef")
    stale.write_bytes(b"half a wri")
    other = path.with_name(".reviews.json.tmp-1-aa")  # another file's temp: not ours
    other.write_bytes(b"x")
    assert len(WatchlistStore(path).entries()) == 40
    assert not stale.exists() and other.exists()


def test_backups_rotate_and_hold_the_previous_good_state(tmp_path: Path) -> None:
    path = tmp_path / "watchlist.json"
    store = WatchlistStore(path, backup_interval=0, backup_keep=3)
    states = []
    for i in range(6):
        store.add(f"film-{i}")
        states.append(path.read_bytes())
    backups = store.backups()
    assert len(backups) == 3
    assert backups[0].read_bytes() == states[-2]  # taken just before the last write
    hourly = WatchlistStore(tmp_path / "other" / "watchlist.json")
    for i in range(5):
        hourly.add(f"film-{i}")
    assert len(hourly.backups()) == 1  # at most once an hour


def test_a_plain_tinydb_file_is_migrated_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "watchlist.json"
    with TinyDB(path) as plain:  # schema 0: no _meta
        plain.table("entries").insert(Entry("the-perfection-2018", note="old").to_dict())
    original = path.read_bytes()
    store = WatchlistStore(path)
    assert [e.note for e in store.entries()] == ["old"]
    assert json.loads(path.read_bytes())["_meta"] == {"1": {"schema_version": 1}}
    assert [b.read_bytes() for b in store.backups()] == [original]


def test_generic_migrations_run_in_order_and_a_newer_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "reviews.json"
    open_safe_db(path).table("reviews").insert({"text": "fine"})
    v1 = path.read_bytes()

    def add_stars(data: dict) -> dict:
        for doc in data.get("reviews", {}).values():
            doc["stars"] = 3
        return data

    db = open_safe_db(path, schema_version=2, migrations={1: add_stars})
    assert db.table("reviews").all() == [{"text": "fine", "stars": 3}]
    assert json.loads(path.read_bytes())["_meta"]["1"]["schema_version"] == 2
    assert db.safe_storage.backups()[0].read_bytes() == v1
    migrated = path.read_bytes()
    with pytest.raises(TooNewStore):
        open_safe_db(path, schema_version=1)
    assert path.read_bytes() == migrated


def test_plain_tinydb_api_works_on_the_safe_db(tmp_path: Path) -> None:
    db = open_safe_db(tmp_path / "x.json")
    table = db.table("t")
    ids = table.insert_multiple([{"a": i} for i in range(5)])
    table.update({"b": 1}, doc_ids=ids[:2])
    table.upsert({"a": 9}, lambda d: d.get("a") == 4)
    table.remove(doc_ids=[ids[0]])
    assert sorted(d["a"] for d in table.all()) == [1, 2, 3, 9]
    other = open_safe_db(tmp_path / "x.json").table("t")
    other.insert({"a": 10})  # another instance's cached next id must not collide
    table.insert({"a": 11})
    assert len(table) == 6
    db.drop_table("t")
    assert db.tables() == {"_meta"}
