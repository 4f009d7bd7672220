"""Crashes and concurrent writers: every acknowledged change survives, the file stays readable."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from watchlist.store import StoreLocked, WatchlistStore
from watchlist.store.entries import Entry

WORKERS = Path(__file__).with_name("workers.py")
sys.path.insert(0, str(WORKERS.parent))
from workers import COUNTER_ID, allowed_states  # noqa: E402


def spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKERS), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def notes(path: Path) -> dict[str, str]:
    return {e.film_id: e.note for e in WatchlistStore(path).entries()}


@pytest.mark.slow
def test_random_sigkill_during_mixed_writes_loses_nothing(tmp_path: Path) -> None:
    """200 writers killed at random moments: 0 unreadable files, 0 acknowledged writes lost."""
    path, acks = tmp_path / "watchlist.json", tmp_path / "acks.log"
    zygote = spawn("zygote", str(path), str(acks))
    rng = random.Random(20240601)
    state: dict[str, str] = {}
    unreadable = lost = acknowledged = 0
    try:
        for trial in range(200):
            acks.write_text("")
            assert zygote.stdin and zygote.stdout
            zygote.stdin.write(f"trial {trial} {rng.uniform(0, 80):.3f}\n")
            zygote.stdin.flush()
            assert zygote.stdout.readline().strip() == "done"
            try:
                json.loads(path.read_bytes()) if path.exists() else None
                actual = notes(path)
            except Exception:
                unreadable += 1
                break
            log = acks.read_text()
            acknowledged += log.count('"k": "ack"')
            allowed = allowed_states(state, log)
            if actual not in allowed:
                lost += 1
            state = actual
    finally:
        if zygote.stdin:
            zygote.stdin.close()
        zygote.wait(timeout=30)
    assert (unreadable, lost) == (0, 0)
    assert acknowledged > 100  # the writers really did work between kills
    assert not list(tmp_path.glob(".watchlist.json.tmp-*"))  # opening cleaned up stale temps


def run_counters(path: Path, writers: int, count: int) -> None:
    procs = [spawn("counter", str(path), f"w{i}", str(count)) for i in range(writers)]
    for proc in procs:
        assert proc.stdout and proc.stdout.readline().strip() == "ready"
    for proc in procs:  # start together for real contention
        assert proc.stdin
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0 and out.strip() == "ok"


@pytest.mark.slow
@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_writer_processes_keep_every_change(tmp_path: Path, writers: int) -> None:
    path, count = tmp_path / "watchlist.json", 60
    run_counters(path, writers, count)
    store = WatchlistStore(path)
    ids = set(store.statuses())
    expected = {f"w{w}-{i}" for w in range(writers) for i in range(count)} | {COUNTER_ID}
    assert ids == expected
    counter = store.get(COUNTER_ID)
    assert counter is not None and int(counter.note) == writers * count
    assert len(store.entries()) == len(expected)  # no duplicates either


def test_threads_with_separate_store_objects_keep_every_change(tmp_path: Path) -> None:
    path = tmp_path / "watchlist.json"
    errors: list[BaseException] = []

    def work(name: str) -> None:
        store = WatchlistStore(path)  # each thread its own store: shared lock per file
        try:
            for i in range(40):
                store.add(f"{name}-{i}")
                store.update(
                    "counter", lambda e: Entry("counter", note=str(int(e.note) + 1 if e else 1))
                )
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(f"t{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    store = WatchlistStore(path)
    assert len(store.statuses()) == 3 * 40 + 1
    counter = store.get("counter")
    assert counter is not None and counter.note == str(3 * 40)


def test_two_open_windows_never_collide_on_document_ids(tmp_path: Path) -> None:
    """Plain TinyDB caches each table's next id: interleaved inserts from two instances fail."""
    path = tmp_path / "watchlist.json"
    first, second = WatchlistStore(path), WatchlistStore(path)
    for i in range(20):
        (first if i % 2 else second).add(f"film-{i}")
        first.remove(f"film-{i - 1}") if i % 5 == 0 and i else None
    assert set(second.statuses()) == set(first.statuses())
    assert len(first.statuses()) == 20 - 3


def test_a_held_lock_times_out_with_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "watchlist.json"
    WatchlistStore(path).add("the-perfection-2018")
    before = path.read_bytes()
    holder = spawn("hold", str(path) + ".lock")
    try:
        assert holder.stdout and holder.stdout.readline().strip() == "held"
        store = WatchlistStore(path, lock_timeout=0.2)
        assert store.get("the-perfection-2018") is not None  # reading needs no lock
        with pytest.raises(StoreLocked, match="another watchlist process holds the lock"):
            store.add("suspiria-1977")
    finally:
        holder.communicate(timeout=30)
    assert path.read_bytes() == before
    WatchlistStore(path, lock_timeout=5).add("suspiria-1977")  # free again once released


def test_a_transaction_batches_changes_under_one_lock(tmp_path: Path) -> None:
    path = tmp_path / "watchlist.json"
    store = WatchlistStore(path)
    with store.transaction():
        for i in range(10):
            store.add(f"film-{i}", status="seen", rating=3.5)
        assert len(store.statuses()) == 10  # reads inside see the batch's own writes
        store.remove("film-0")
    assert sorted(WatchlistStore(path).statuses()) == [f"film-{i}" for i in range(1, 10)]


def test_a_failed_step_inside_a_transaction_does_not_poison_the_next(tmp_path: Path) -> None:
    path = tmp_path / "watchlist.json"
    store = WatchlistStore(path)
    store.add("keep", note="kept")

    def broken(entry: Entry | None) -> Entry:
        assert entry is not None
        entry.note = "half-done"
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        store.update("keep", broken)
    assert WatchlistStore(path).get("keep").note == "kept"  # type: ignore[union-attr]
    store.add("other")
    assert store.get("keep").note == "kept"  # type: ignore[union-attr]
