"""Export formats, and export -> import into an empty home reproducing everything."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests.interchange.builders import letterboxd_export
from tests.interchange.test_importer import ALL_ROWS, OLDBOY_REVIEW
from watchlist.errors import WatchlistError
from watchlist.interchange import export_text, export_to, import_path
from watchlist.interchange.export import CSV_COLUMNS, LETTERBOXD_COLUMNS
from watchlist.services import Services

EARLIER = "2000-01-01T00:00:00+00:00"
LATER = "2099-01-01T00:00:00+00:00"


def rich_watchlist(tmp_path: Path, services: Services) -> None:
    """Entries of every kind: imported, typed in, unmatched, rated wants, notes, a review."""
    import_path(services, "letterboxd", letterboxd_export(tmp_path, ALL_ROWS))
    store = services.store
    store.add("oldboy-2003", status="seen", rating=4.5, note='Line one,\n"quoted", ok')
    store.add("oldboy-2003", viewed_on="2024-01-01")  # a rewatch
    store.add("the-housemaid-1960", status="want", rating=3, tags=["kim ki-young", "remake?"])
    services.reviews.add(OLDBOY_REVIEW, film="oldboy-2003", source="paste")


def test_json_round_trip_into_an_empty_home(tmp_path: Path) -> None:
    source = Services(tmp_path / "one")
    rich_watchlist(tmp_path, source)
    path = export_to(source, "json", tmp_path / "watchlist-export.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert (document["format"], document["schema_version"]) == ("watchlist-export", 1)

    target = Services(tmp_path / "two")
    report = import_path(target, "json", path)
    entries = {entry.film_id: entry.to_dict() for entry in source.store.entries()}
    assert report.counts()["imported"] == len(entries) == 8
    assert report.counts()["unmatched"] == 2
    assert {e.film_id: e.to_dict() for e in target.store.entries()} == entries
    assert [r.to_dict() for r in target.reviews.store.all()] == [
        r.to_dict() for r in source.reviews.store.all()
    ]
    again = import_path(target, "json", path)
    assert not again.changed and again.counts()["unchanged"] == 8
    assert len(target.reviews.store.all()) == 2  # Oldboy's, and Amélie's from Letterboxd


def test_json_import_keeps_newer_local_changes(tmp_path: Path) -> None:
    source = Services(tmp_path / "one")
    rich_watchlist(tmp_path, source)
    path = export_to(source, "json", tmp_path / "export.json")
    target = Services(tmp_path / "two")
    import_path(target, "json", path)
    store = target.store
    # changed here after the export: kept
    store.restore(replace(store.get("oldboy-2003"), rating=2.0, updated_at=LATER))
    # changed here before the export was made: the export's copy wins
    store.restore(replace(store.get("deep-red-1975"), rating=1.0, updated_at=EARLIER))
    report = import_path(target, "json", path)
    assert store.get("oldboy-2003").rating == 2.0
    assert store.get("deep-red-1975").rating is None
    rows = {row.film_id: row for row in report.rows}
    assert rows["oldboy-2003"].action == "unchanged"
    assert "changed after this export" in rows["oldboy-2003"].reason
    assert rows["deep-red-1975"].action == "updated"
    assert set(rows["deep-red-1975"].changes) == {"rating", "updated_at"}
    assert report.counts()["updated"] == 1


def test_csv_export(tmp_path: Path) -> None:
    services = Services(tmp_path / "home")
    rich_watchlist(tmp_path, services)
    text = export_text(services, "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    by_id = {row["film_id"]: row for row in rows}
    good = by_id["the-good-the-bad-and-the-ugly-1966"]
    assert (good["title"], good["year"], good["rating"]) == (
        "The Good, the Bad and the Ugly",
        "1966",
        "5",
    )
    amelie = by_id["amelie-2001"]
    assert amelie["title"] == "Amélie"
    assert amelie["tags"] == "paris, comfort, valentine"
    assert amelie["watched_dates"] == "2022-04-30; 2023-02-14"
    assert by_id["oldboy-2003"]["note"] == 'Line one,\n"quoted", ok'
    missing = by_id["unmatched:paddington-in-peru-part-7-2031"]
    assert (missing["title"], missing["year"], missing["status"]) == (
        "Paddington in Peru, Part 7",
        "2031",
        "seen",
    )


def test_letterboxd_export_reimports(tmp_path: Path) -> None:
    services = Services(tmp_path / "home")
    rich_watchlist(tmp_path, services)
    text = export_text(services, "letterboxd")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == LETTERBOXD_COLUMNS
    amelie = [row for row in rows if row["Title"] == "Amélie"]
    assert [(r["WatchedDate"], r["Rewatch"]) for r in amelie] == [
        ("2022-04-30", ""),
        ("2023-02-14", "true"),
    ]
    assert amelie[0]["Rating"] == "4.5" and amelie[0]["Rating10"] == "9"
    assert amelie[0]["Directors"] == "Jean-Pierre Jeunet"

    path = tmp_path / "letterboxd.csv"
    path.write_text(text, encoding="utf-8")
    other = Services(tmp_path / "other")
    report = import_path(other, "letterboxd", path)
    assert report.counts()["ambiguous"] == 1  # "Suspiria" with no year stays ambiguous
    for film_id in ("amelie-2001", "oldboy-2003", "the-good-the-bad-and-the-ugly-1966"):
        before, after = services.store.get(film_id), other.store.get(film_id)
        assert (after.status, after.rating, after.viewings) == (
            before.status,
            before.rating,
            before.viewings,
        )
        assert after.tags == before.tags
    assert other.store.get("suspiria-2018").status == "want"
    assert other.store.get("unmatched:paddington-in-peru-part-7-2031").rating == 3.0
    assert not import_path(other, "letterboxd", path).changed


def test_export_to_refuses_to_overwrite(tmp_path: Path) -> None:
    services = Services(tmp_path / "home")
    services.store.add("oldboy-2003")
    target = tmp_path / "out.csv"
    target.write_text("precious", encoding="utf-8")
    with pytest.raises(WatchlistError, match="already exists"):
        export_to(services, "csv", target)
    assert target.read_text(encoding="utf-8") == "precious"
    export_to(services, "csv", target, force=True)
    assert target.read_text(encoding="utf-8").startswith("film_id,")
    with pytest.raises(WatchlistError, match="unknown export format"):
        export_to(services, "xml", tmp_path / "out.xml")


def test_export_of_an_empty_watchlist_creates_nothing(tmp_path: Path) -> None:
    services = Services(tmp_path / "home")
    assert json.loads(export_text(services, "json"))["entries"] == []
    assert export_text(services, "csv").strip() == ",".join(CSV_COLUMNS)
    assert not (tmp_path / "home").exists()


def test_letterboxd_export_keeps_stored_reviews(tmp_path: Path) -> None:
    services = Services(tmp_path / "home")
    rich_watchlist(tmp_path, services)  # Oldboy: a note and a pasted review
    later = OLDBOY_REVIEW.replace("astonishing", "still astonishing on a rewatch")
    services.reviews.add(later, film="oldboy-2003", source="paste")
    services.reviews.add(OLDBOY_REVIEW, film="psycho-1960", source="paste")  # not on the list
    assert services.store.get("psycho-1960") is None
    rows = list(csv.DictReader(io.StringIO(export_text(services, "letterboxd"))))
    oldboy = [row for row in rows if row["Title"] == "Oldboy"]
    assert [row["Review"] for row in oldboy[:-1]] == [""] * (len(oldboy) - 1)
    assert oldboy[-1]["Review"] == f'Line one,\n"quoted", ok\n\n{OLDBOY_REVIEW}\n\n{later}'
    (amelie,) = [row for row in rows if row["Title"] == "Amélie" and row["Review"]]
    assert amelie["Review"] == 'Still lovely, "whimsical", and sad.'  # imported from Letterboxd
    (psycho,) = [row for row in rows if row["Title"] == "Psycho"]
    assert (psycho["Year"], psycho["Directors"]) == ("1960", "Alfred Hitchcock")
    assert (psycho["Review"], psycho["Rating"], psycho["WatchedDate"]) == (OLDBOY_REVIEW, "", "")
    # The JSON export is unchanged: lossless, reviews apart from the notes.
    document = json.loads(export_text(services, "json"))
    assert len(document["reviews"]) == 4
    by_id = {entry["film_id"]: entry for entry in document["entries"]}
    assert by_id["oldboy-2003"]["note"] == 'Line one,\n"quoted", ok'
    assert "psycho-1960" not in by_id
