"""Applying imports to the store: results, idempotency, merging, and bad files change nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.interchange.builders import (
    LETTERBOXD_HEADERS,
    csv_bytes,
    imdb_csv,
    letterboxd_export,
    letterboxd_import_csv,
)
from tests.interchange.test_letterboxd import EXPORT
from watchlist.errors import WatchlistError
from watchlist.interchange import import_path
from watchlist.paths import watchlist_path
from watchlist.services import Services, open_services

UNMATCHED_ROWS = {
    "watched.csv": [
        {"Date": "2021-01-01", "Name": "Paddington in Peru, Part 7", "Year": "2031",
         "Letterboxd URI": "u1"},
        {"Date": "2021-01-02", "Name": "Suspiria", "Year": "", "Letterboxd URI": "u2"},
    ],
    "ratings.csv": [
        {"Date": "2021-01-03", "Name": "Paddington in Peru, Part 7", "Year": "2031",
         "Letterboxd URI": "u1", "Rating": "3"},
    ],
}  # fmt: skip
#: Both sets of Letterboxd rows in one export.
ALL_ROWS = {
    name: EXPORT.get(name, []) + UNMATCHED_ROWS.get(name, [])
    for name in EXPORT.keys() | UNMATCHED_ROWS.keys()
}


OLDBOY_REVIEW = (
    "The hallway fight is still the best single take in modern action cinema. "
    "Park Chan-wook turns a revenge story into an opera, and Choi Min-sik is astonishing."
)


@pytest.fixture
def services() -> Services:
    return open_services()


def file_bytes(services: Services) -> bytes | None:
    path = watchlist_path(services.home)
    return path.read_bytes() if path.exists() else None


def test_letterboxd_zip_import(tmp_path: Path, services: Services) -> None:
    report = import_path(services, "letterboxd", letterboxd_export(tmp_path, EXPORT))
    assert report.counts() == {
        "imported": 4, "updated": 0, "unchanged": 0, "unmatched": 0, "ambiguous": 0, "skipped": 0,
    }  # fmt: skip
    store = services.store
    amelie = store.get("amelie-2001")
    assert amelie is not None
    assert (amelie.status, amelie.rating) == ("seen", 4.5)
    assert amelie.viewings == [
        {"date": "2022-04-30", "rewatch": False},
        {"date": "2023-02-14", "rewatch": True},
    ]
    assert amelie.tags == ["paris", "comfort", "valentine"]
    # a short review is stored like any other, as its own summary
    assert amelie.note == ""
    (review,) = services.reviews.for_film("amelie-2001")
    assert (review.text, review.summary) == ('Still lovely, "whimsical", and sad.',) * 2
    assert (review.summary_kind, review.source) == ("whole", "letterboxd import")
    assert amelie.added_at.startswith("2022-05-01T00:00:00")
    assert amelie.history == [{"at": amelie.added_at, "status": "seen"}]
    assert store.get("suspiria-2018").status == "want"
    assert store.get("deep-red-1975").status == "seen"
    assert store.get("the-good-the-bad-and-the-ugly-1966").rating == 5.0
    assert "kept in its note" not in "\n".join(report.summary_lines())


def test_reviews_are_added_once_and_unmatched_ones_go_to_the_note(
    tmp_path: Path, services: Services
) -> None:
    path = letterboxd_import_csv(
        tmp_path,
        [
            {"Title": "Oldboy", "Year": "2003", "Review": OLDBOY_REVIEW},
            {"Title": "Nowhere Film", "Year": "1999", "Review": "Nobody saw this, alas."},
        ],
    )
    first = import_path(services, "letterboxd", path)
    second = import_path(services, "letterboxd", path)
    assert not second.changed
    (review,) = services.reviews.for_film("oldboy-2003")
    assert (review.text, review.source) == (OLDBOY_REVIEW, "letterboxd import")
    assert first.rows[0].changes == ["new entry", "review"]
    assert services.store.get("oldboy-2003").status == "seen"
    assert services.store.get("unmatched:nowhere-film-1999").note == "Nobody saw this, alas."
    assert "reviews kept in the entries' notes: 1" in "\n".join(first.summary_lines())


def test_importing_twice_changes_nothing(tmp_path: Path, services: Services) -> None:
    path = letterboxd_export(tmp_path, ALL_ROWS)
    first = import_path(services, "letterboxd", path)
    before = file_bytes(services)
    second = import_path(services, "letterboxd", path)
    assert first.changed and not second.changed
    assert second.counts()["unchanged"] == len(second.rows) == len(first.rows)
    assert file_bytes(services) == before  # not even rewritten
    assert "Nothing changed" in "\n".join(second.summary_lines())


def test_unmatched_and_ambiguous_rows_are_kept_and_reported(
    tmp_path: Path, services: Services
) -> None:
    report = import_path(services, "letterboxd", letterboxd_export(tmp_path, UNMATCHED_ROWS))
    counts = report.counts()
    assert (counts["imported"], counts["unmatched"], counts["ambiguous"]) == (2, 1, 1)
    missing = services.store.get("unmatched:paddington-in-peru-part-7-2031")
    assert missing is not None
    assert (missing.title, missing.year, missing.rating) == (
        "Paddington in Peru, Part 7",
        2031,
        3.0,
    )
    (ambiguous,) = report.of(match="ambiguous")
    assert ambiguous.film_id == "unmatched:suspiria"
    assert ambiguous.candidates == ["suspiria-1977", "suspiria-2018"]
    assert services.store.get("unmatched:suspiria").title == "Suspiria"
    lines = "\n".join(report.summary_lines())
    assert "unmatched: Paddington in Peru, Part 7 (2031)" in lines
    assert "ambiguous: Suspiria" in lines and "suspiria-1977" in lines


def test_merging_into_existing_entries(tmp_path: Path, services: Services) -> None:
    store = services.store
    store.add("deep-red-1975", status="seen", rating=3, note="Goblin!", viewed_on="2020-10-31")
    store.add("suspiria-2018", status="want", tags=["witches"])
    store.add("the-good-the-bad-and-the-ugly-1966", status="want")
    report = import_path(services, "letterboxd", letterboxd_export(tmp_path, EXPORT))
    deep_red = store.get("deep-red-1975")
    assert (deep_red.status, deep_red.rating, deep_red.note) == ("seen", 3.0, "Goblin!")
    assert deep_red.viewings == [{"date": "2020-10-31", "rewatch": False}]
    rows = {row.film_id: row for row in report.rows}
    assert deep_red.added_at.startswith("2022-07-01")  # Letterboxd knew it earlier
    assert rows["deep-red-1975"].changes == ["added_at"]
    assert rows["suspiria-2018"].action == "updated"  # an earlier date added
    assert rows["suspiria-2018"].changes == ["added_at"]
    assert store.get("suspiria-2018").tags == ["witches"]

    # seen on Letterboxd, want here: seen wins and the history says so
    good = store.get("the-good-the-bad-and-the-ugly-1966")
    assert good.status == "seen" and [h["status"] for h in good.history] == ["want", "seen"]


def test_a_watchlist_row_never_unsees_a_film(tmp_path: Path, services: Services) -> None:
    services.store.add("suspiria-2018", status="seen", rating=4, viewed_on="2019-01-01")
    import_path(services, "letterboxd", letterboxd_export(tmp_path, EXPORT))
    entry = services.store.get("suspiria-2018")
    assert (entry.status, entry.rating) == ("seen", 4.0)


def test_rating_changes_are_updates(tmp_path: Path, services: Services) -> None:
    path = letterboxd_import_csv(tmp_path, [{"Title": "Oldboy", "Year": "2003", "Rating": "4"}])
    import_path(services, "letterboxd", path)
    path = letterboxd_import_csv(tmp_path, [{"Title": "Oldboy", "Year": "2003", "Rating": "5"}])
    report = import_path(services, "letterboxd", path)
    assert report.rows[0].action == "updated" and report.rows[0].changes == ["rating"]
    assert services.store.get("oldboy-2003").rating == 5.0


def test_imdb_import_vintages_and_tv(tmp_path: Path, services: Services) -> None:
    ratings = imdb_csv(
        tmp_path,
        "ratings-2024",
        [
            {"Const": "tt0076786", "Your Rating": "8", "Date Rated": "2020-02-02",
             "Title": "Suspiria", "Title Type": "Movie", "Year": "1977",
             "Directors": "Dario Argento"},
            {"Const": "tt0211915", "Your Rating": "9", "Date Rated": "2020-02-03",
             "Title": "Le Fabuleux Destin d'Amélie Poulain", "Title Type": "Movie",
             "Year": "2001"},
            {"Const": "tt0903747", "Your Rating": "10", "Title": "Breaking Bad",
             "Title Type": "TV Series", "Year": "2008"},
            {"Const": "tt9999999", "Your Rating": "6", "Title": "Obscure, the Film",
             "Title Type": "Movie", "Year": "2015"},
        ],
        bom=True,
    )  # fmt: skip
    report = import_path(services, "imdb", ratings)
    assert report.counts() == {
        "imported": 3, "updated": 0, "unchanged": 0, "unmatched": 1, "ambiguous": 0, "skipped": 1,
    }  # fmt: skip
    assert services.store.get("suspiria-1977").rating == 4.0
    assert services.store.get("amelie-2001").rating == 4.5
    assert services.store.get("unmatched:obscure-the-film-2015").title == "Obscure, the Film"
    assert "skipped: Breaking Bad (2008)" in "\n".join(report.summary_lines())

    old = imdb_csv(
        tmp_path,
        "list-2012",
        [{"position": "1", "const": "tt0073582", "created": "Sat Jan 25 00:00:00 2014",
          "description": "with the director's cut", "Title": "Deep Red",
          "Title type": "Feature Film", "Year": "1975"}],
    )  # fmt: skip
    import_path(services, "imdb", old)
    deep_red = services.store.get("deep-red-1975")
    assert (deep_red.status, deep_red.note) == ("want", "with the director's cut")
    assert not import_path(services, "imdb", old).changed
    assert not import_path(services, "imdb", ratings).changed


def test_rows_for_the_same_film_merge(tmp_path: Path, services: Services) -> None:
    path = letterboxd_import_csv(
        tmp_path,
        [
            {"Title": "Amélie", "Year": "2001", "WatchedDate": "2020-01-01", "Rating": "4"},
            {"Title": "Le Fabuleux Destin d'Amélie Poulain", "Year": "2001",
             "WatchedDate": "2021-01-01", "Rewatch": "Yes", "Rating": "4.5"},
        ],
    )  # fmt: skip
    report = import_path(services, "letterboxd", path)
    assert len(report.rows) == 1 and len(report.rows[0].sources) == 2
    entry = services.store.get("amelie-2001")
    assert [v["date"] for v in entry.viewings] == ["2020-01-01", "2021-01-01"]
    assert entry.rating == 4.5


def bad_letterboxd_zip(tmp_path: Path) -> Path:
    """A zip whose first file is fine and whose ratings file has a broken rating."""
    path = tmp_path / "broken.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "watched.csv", csv_bytes(LETTERBOXD_HEADERS["watched.csv"], EXPORT["watched.csv"])
        )
        archive.writestr(
            "ratings.csv",
            csv_bytes(
                LETTERBOXD_HEADERS["ratings.csv"],
                [{"Date": "2020-01-01", "Name": "Oldboy", "Year": "2003", "Rating": "four"}],
            ),
        )
    return path  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "make"),
    [
        ("letterboxd", bad_letterboxd_zip),
        ("letterboxd", lambda p: _write(p / "x.zip", b"PK\x03\x04 truncated")),
        ("letterboxd", lambda p: _write(p / "x.csv", "Title\nAmélie\n".encode("utf-16"))),
        ("letterboxd", lambda p: _write(p / "x.csv", b"Name,Year\nAmelie,2001\n")),
        ("imdb", lambda p: _write(p / "x.csv", b"Const,Your Rating\ntt1,8\n")),
        ("imdb", lambda p: _write(p / "x.csv", b"\x00\x01\x02binary")),
        ("imdb", lambda p: _write(p / "x.csv", b"Const,Title,Your Rating\ntt1,X,eight\n")),
        ("json", lambda p: _write(p / "x.json", b"{not json")),
        ("json", lambda p: _write(p / "x.json", b'{"format": "something-else"}')),
        ("json", lambda p: _write(p / "x.json", b'{"format": "watchlist-export", '
                                                b'"schema_version": 99, "entries": []}')),
        ("json", lambda p: _write(p / "x.json", b'{"format": "watchlist-export", '
                                                b'"schema_version": 1, "entries": '
                                                b'[{"film_id": "oldboy-2003", "rating": 7}]}')),
        ("imdb", lambda p: p / "missing.csv"),
        ("mubi", lambda p: _write(p / "x.csv", b"Title\nX\n")),
    ],
)  # fmt: skip
def test_bad_files_change_nothing(tmp_path: Path, services: Services, kind: str, make) -> None:
    services.store.add("oldboy-2003", status="seen", rating=4)
    before = file_bytes(services)
    with pytest.raises(WatchlistError):
        import_path(services, kind, make(tmp_path))
    assert file_bytes(services) == before


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_large_import_is_quick(tmp_path: Path, services: Services) -> None:
    import time

    rows = [
        {"Date": "2020-01-01", "Name": f"Film number {n}", "Year": str(1950 + n % 70),
         "Letterboxd URI": f"u{n}"}
        for n in range(3000)
    ]  # fmt: skip
    path = letterboxd_export(tmp_path, {"watched.csv": rows, "diary.csv": []})
    started = time.monotonic()
    report = import_path(services, "letterboxd", path)
    assert report.counts()["imported"] == 3000
    assert not import_path(services, "letterboxd", path).changed
    assert time.monotonic() - started < 20
    assert len(services.store.entries()) == 3000
