"""Entries and the WatchlistStore operations: values validated, history kept, undo exact."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from watchlist.store import Entry, InvalidEntry, WatchlistStore, check_rating, parse_rating
from watchlist.store.entries import now_iso


@pytest.fixture
def store(tmp_path: Path) -> WatchlistStore:
    return WatchlistStore(tmp_path / "watchlist.json")


@pytest.mark.parametrize("rating", [0.5, 1, 2.5, 5, 5.0])
def test_ratings_in_half_steps_are_accepted(rating: float) -> None:
    assert check_rating(rating) == float(rating)


@pytest.mark.parametrize("rating", [0, 0.25, 5.5, -1, 4.3, 10, float("nan"), True, "4"])
def test_other_ratings_are_refused(rating: object) -> None:
    with pytest.raises(InvalidEntry, match="rating"):
        check_rating(rating)


@pytest.mark.parametrize(("text", "value"), [("4", 4.0), ("4.5", 4.5), ("4,5", 4.5), ("3/5", 3.0)])
def test_typed_ratings_are_parsed(text: str, value: float) -> None:
    assert parse_rating(text) == value


@pytest.mark.parametrize("text", ["", "four", "9/10", "4.25", "6"])
def test_bad_typed_ratings_name_the_input(text: str) -> None:
    with pytest.raises(InvalidEntry, match="half steps"):
        parse_rating(text)


def test_an_entry_round_trips_through_json() -> None:
    entry = Entry(
        "the-perfection-2018",
        status="seen",
        rating=4.5,
        note="wow",
        tags=["horror"],
        viewings=[{"date": "2024-05-01", "rewatch": False}],
        history=[{"at": now_iso(), "status": "seen"}],
        title="The Perfection",
        year=2018,
    )
    assert Entry.from_dict(json.loads(json.dumps(entry.to_dict()))) == entry
    assert datetime.fromisoformat(entry.added_at).tzinfo is not None
    assert entry.updated_at == entry.added_at


@pytest.mark.parametrize(
    "change",
    [
        {"status": "maybe"},
        {"film_id": ""},
        {"added_at": "2024-01-01T10:00:00"},  # no timezone
        {"viewings": [{"date": "01/05/2024", "rewatch": False}]},
        {"viewings": [{"date": "2024-05-01"}]},
        {"history": [{"at": "yesterday", "status": "seen"}]},
        {"tags": "horror"},
        {"year": "2018"},
    ],
)
def test_malformed_entries_are_refused(change: dict) -> None:
    data = Entry("a").to_dict() | change
    with pytest.raises(InvalidEntry):
        Entry.from_dict(data)


def test_a_missing_file_is_an_empty_list_and_reading_creates_nothing(tmp_path: Path) -> None:
    store = WatchlistStore(tmp_path / "home" / "watchlist.json")
    assert store.entries() == [] and store.statuses() == {} and store.get("x") is None
    assert not store.path.parent.exists()
    store.path.parent.mkdir()
    assert store.entries() == [] and not list(store.path.parent.iterdir())


def test_add_defaults_to_want_and_records_history(store: WatchlistStore) -> None:
    entry = store.add("the-perfection-2018", title="The Perfection", year=2018)
    assert entry.status == "want" and entry.rating is None and entry.note == ""
    assert entry.viewings == [] and [h["status"] for h in entry.history] == ["want"]
    assert store.get("the-perfection-2018") == entry
    assert (entry.title, entry.year) == ("The Perfection", 2018)


def test_marking_seen_records_a_viewing_today_unless_given(store: WatchlistStore) -> None:
    seen = store.add("a", status="seen")
    assert seen.viewings == [{"date": date.today().isoformat(), "rewatch": False}]
    other = store.add("b", status="seen", viewed_on="2020-02-29")
    assert other.viewings == [{"date": "2020-02-29", "rewatch": False}]
    again = store.add("b", viewed_on="2024-03-01")  # another viewing of a seen film
    assert again.viewings[-1] == {"date": "2024-03-01", "rewatch": True}


def test_updating_an_entry_keeps_what_is_not_given(store: WatchlistStore) -> None:
    store.add("a", status="seen", rating=4, note="great")
    entry = store.add("a", note="still great")  # no status: stays seen
    assert (entry.status, entry.rating, entry.note) == ("seen", 4.0, "still great")
    assert len(entry.viewings) == 1


def test_a_rating_on_a_want_entry_is_allowed(store: WatchlistStore) -> None:
    entry = store.add("a", rating=3.5)
    assert (entry.status, entry.rating) == ("want", 3.5)


def test_status_changes_are_kept_in_history(store: WatchlistStore) -> None:
    store.add("a")
    store.set_status("a", "seen")
    entry = store.set_status("a", "want")  # wants to see it again
    assert [h["status"] for h in entry.history] == ["want", "seen", "want"]
    assert len(entry.viewings) == 1
    assert store.statuses() == {"a": "want"}


def test_invalid_values_change_nothing(store: WatchlistStore) -> None:
    store.add("a")
    before = store.path.read_bytes()
    with pytest.raises(InvalidEntry):
        store.add("a", rating=7)
    with pytest.raises(InvalidEntry):
        store.set_status("a", "maybe")  # type: ignore[arg-type]
    with pytest.raises(InvalidEntry):
        store.add("a", status="seen", viewed_on="tomorrow")
    assert store.path.read_bytes() == before


def test_toggle_want_adds_removes_and_never_drops_a_seen_film(store: WatchlistStore) -> None:
    added = store.toggle_want("a")
    assert added.action == "added" and store.statuses() == {"a": "want"}
    removed = store.toggle_want("a")
    assert removed.action == "removed" and removed.entry.film_id == "a"
    assert store.statuses() == {}
    store.restore(removed.entry)
    assert store.get("a") == removed.entry
    store.add("b", status="seen", rating=5)
    unchanged = store.toggle_want("b")
    assert unchanged.action == "unchanged" and store.get("b") == unchanged.entry


def test_rate_sets_clears_and_adds_an_unlisted_film_as_seen(store: WatchlistStore) -> None:
    entry = store.rate("a", 4.5)
    assert entry is not None and (entry.status, entry.rating) == ("seen", 4.5)
    assert len(entry.viewings) == 1
    cleared = store.rate("a", None)
    assert cleared is not None and cleared.rating is None
    assert store.rate("not-listed", None) is None and store.get("not-listed") is None


def test_set_note_adds_or_replaces(store: WatchlistStore) -> None:
    assert store.set_note("a", "see with friends").note == "see with friends"
    assert store.set_note("a", "").note == ""
    assert store.get("a").status == "want"  # type: ignore[union-attr]


def test_remove_returns_the_entry_and_restore_puts_it_back_exactly(
    store: WatchlistStore,
) -> None:
    store.add("a", status="seen", rating=2, note="meh", tags=["x"])
    store.add("b")
    removed = store.remove("a")
    assert removed is not None and store.get("a") is None
    assert store.remove("a") is None
    assert store.restore(removed) == removed
    assert store.get("a") == removed  # timestamps included


def test_update_writes_only_when_something_changed(store: WatchlistStore) -> None:
    first = store.add("a")
    before = store.path.read_bytes()
    assert store.update("a", lambda e: e) == first
    assert store.path.read_bytes() == before

    def retitle(entry: Entry | None) -> Entry:
        assert entry is not None
        entry.title = "A"
        return entry

    changed = store.update("a", retitle)
    assert changed is not None and changed.title == "A"
    assert datetime.fromisoformat(changed.updated_at) >= datetime.fromisoformat(first.updated_at)
    with pytest.raises(InvalidEntry):
        store.update("a", lambda e: Entry("b"))


def test_entries_are_keyed_by_film_id_not_document_id(store: WatchlistStore) -> None:
    for film in ("a", "b", "c"):
        store.add(film)
    store.remove("c")  # TinyDB reuses the highest doc id after this delete
    store.add("d", note="d")
    store.remove("a")
    assert store.get("d").note == "d"  # type: ignore[union-attr]
    assert [e.film_id for e in store.entries()] == ["b", "d"]


def test_duplicate_documents_from_a_hand_edit_collapse_on_write(store: WatchlistStore) -> None:
    store.add("a")
    data = json.loads(store.path.read_bytes())
    data["entries"]["7"] = dict(data["entries"]["1"], note="dup")
    store.path.write_text(json.dumps(data))
    store.set_note("a", "one")
    assert [e.note for e in store.entries()] == ["one"]
