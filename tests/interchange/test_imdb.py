"""Parsing IMDb exports: several column vintages, half-star ratings, TV rows skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.interchange.builders import imdb_csv
from watchlist.errors import WatchlistError
from watchlist.interchange import imdb
from watchlist.interchange.records import SEEN, WANT


def by_title(records):
    return {record.title: record for record in records}


def test_ratings_2024_with_original_titles_and_tv(tmp_path: Path) -> None:
    path = imdb_csv(
        tmp_path,
        "ratings-2024",
        [
            {"Const": "tt0211915", "Your Rating": "9", "Date Rated": "2023-03-01",
             "Title": "Amélie", "Original Title": "Le Fabuleux Destin d'Amélie Poulain",
             "Title Type": "Movie", "Year": "2001", "Directors": "Jean-Pierre Jeunet"},
            {"Const": "tt0903747", "Your Rating": "10", "Date Rated": "2023-03-02",
             "Title": "Breaking Bad", "Title Type": "TV Series", "Year": "2008"},
            {"Const": "tt0959621", "Your Rating": "8", "Title": "Pilot",
             "Title Type": "TV Episode", "Year": "2008"},
        ],
        bom=True,
    )  # fmt: skip
    records = by_title(imdb.load(path))
    amelie = records["Amélie"]
    assert (amelie.status, amelie.rating, amelie.imdb_id) == (SEEN, 4.5, "tt0211915")
    assert amelie.original_title == "Le Fabuleux Destin d'Amélie Poulain"
    assert amelie.added_at == "2023-03-01"
    assert amelie.skip_reason is None
    assert records["Breaking Bad"].skip_reason == "TV Series (not a film)"
    assert records["Pilot"].skip_reason == "TV Episode (not a film)"


def test_ratings_2017_lower_case_types(tmp_path: Path) -> None:
    path = imdb_csv(
        tmp_path,
        "ratings-2017",
        [
            {"Const": "tt0060196", "Your Rating": "7", "Date Rated": "2019-05-05",
             "Title": "The Good, the Bad and the Ugly", "Title Type": "movie", "Year": "1966",
             "Directors": "Sergio Leone"},
            {"Const": "tt0306414", "Your Rating": "10", "Title": "The Wire",
             "Title Type": "tvSeries", "Year": "2002"},
            {"Const": "tt0000001", "Your Rating": "6", "Title": "A Short", "Title Type": "short",
             "Year": "1990"},
        ],
    )  # fmt: skip
    records = by_title(imdb.load(path))
    assert records["The Good, the Bad and the Ugly"].rating == 3.5
    assert records["The Wire"].skip_reason == "tvSeries (not a film)"
    assert records["A Short"].skip_reason is None


def test_watchlist_and_lists_old_and_new(tmp_path: Path) -> None:
    new = imdb_csv(
        tmp_path,
        "list-2024",
        [
            {"Position": "1", "Const": "tt0076786", "Created": "2024-02-03",
             "Description": "Argento, finally", "Title": "Suspiria", "Title Type": "Movie",
             "Year": "1977", "Directors": "Dario Argento"},
            {"Position": "2", "Const": "tt0364569", "Created": "2024-02-04", "Title": "Oldboy",
             "Title Type": "Movie", "Year": "2003", "Your Rating": "8",
             "Date Rated": "2024-02-05"},
        ],
    )  # fmt: skip
    records = by_title(imdb.load(new))
    assert (records["Suspiria"].status, records["Suspiria"].note) == (WANT, "Argento, finally")
    assert records["Suspiria"].added_at == "2024-02-03"
    assert (records["Oldboy"].status, records["Oldboy"].rating) == (SEEN, 4.0)

    old = imdb_csv(
        tmp_path,
        "list-2012",
        [
            {"position": "1", "const": "tt0073582", "created": "Sat Jan 25 00:00:00 2014",
             "Title": "Deep Red", "Title type": "Feature Film", "Year": "1975",
             "Directors": "Dario Argento", "You rated": ""},
            {"position": "2", "const": "tt0108778", "created": "Sat Jan 25 00:00:00 2014",
             "Title": "Friends", "Title type": "TV Series", "Year": "1994"},
        ],
    )  # fmt: skip
    records = by_title(imdb.load(old))
    assert records["Deep Red"].added_at == "2014-01-25"
    assert records["Deep Red"].status == WANT
    assert records["Friends"].skip_reason

    watchlist = imdb_csv(
        tmp_path,
        "watchlist-2017",
        [{"Position": "1", "Const": "tt0211915", "Created": "2018-08-08", "Title": "Amélie",
          "Title Type": "movie", "Year": "2001"}],
    )  # fmt: skip
    assert imdb.load(watchlist)[0].status == WANT


def test_rating_out_of_range(tmp_path: Path) -> None:
    path = imdb_csv(tmp_path, "ratings-2024", [{"Const": "tt1", "Your Rating": "11", "Title": "X"}])
    with pytest.raises(WatchlistError, match="rating '11' is not 1 to 10"):
        imdb.load(path)


def test_letterboxd_file_given_as_imdb(tmp_path: Path) -> None:
    path = tmp_path / "watched.csv"
    path.write_text("Date,Name,Year,Letterboxd URI\n2020-01-01,Oldboy,2003,x\n", encoding="utf-8")
    with pytest.raises(WatchlistError, match="missing column 'const'"):
        imdb.load(path)
