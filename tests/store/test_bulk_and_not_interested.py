"""put_many (imports) and the not-interested list (recommendations) on the real store."""

from __future__ import annotations

import json
from pathlib import Path

from watchlist.store.entries import Entry
from watchlist.store.watchlist_store import WatchlistStore


def test_put_many_saves_everything_in_few_writes(tmp_path: Path, monkeypatch) -> None:
    store = WatchlistStore(tmp_path / "watchlist.json")
    store.add("kept", status="seen", rating=4.0)
    writes: list[int] = []
    storage_class = type(store.db.safe_storage)
    original = storage_class.write
    monkeypatch.setattr(
        storage_class, "write", lambda self, data: (writes.append(1), original(self, data))[1]
    )
    entries = [Entry(f"film-{n}", status="want") for n in range(300)]
    entries.append(Entry("kept", status="seen", rating=2.5, note="changed my mind"))
    with store.transaction():
        store.put_many(entries)
    assert len(writes) <= 2
    assert len(store.entries()) == 301
    assert store.get("kept").rating == 2.5 and store.get("kept").note == "changed my mind"


def test_put_many_refuses_a_bad_entry_and_writes_nothing(tmp_path: Path) -> None:
    store = WatchlistStore(tmp_path / "watchlist.json")
    store.add("a", status="want")
    before = (tmp_path / "watchlist.json").read_bytes()
    bad = Entry("b", status="want")
    bad.rating = 7.0
    try:
        store.put_many([Entry("c", status="want"), bad])
    except ValueError:
        pass
    else:
        raise AssertionError("a rating of 7 must be refused")
    assert (tmp_path / "watchlist.json").read_bytes() == before


def test_not_interested_is_remembered_and_can_be_undone(tmp_path: Path) -> None:
    path = tmp_path / "watchlist.json"
    store = WatchlistStore(path)
    assert store.set_not_interested("the-room-2003") is True
    assert store.set_not_interested("the-room-2003") is False  # already marked
    assert WatchlistStore(path).not_interested() == {"the-room-2003"}  # a fresh reader
    assert store.entries() == []  # it is not put on the watchlist
    assert store.set_not_interested("the-room-2003", False) is True
    assert store.not_interested() == set()
    data = json.loads(path.read_text("utf-8"))
    assert data["not_interested"] == {}
