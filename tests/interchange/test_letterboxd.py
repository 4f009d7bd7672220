"""Parsing Letterboxd exports (zip, folder, single files) and the import-format CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.interchange.builders import (
    csv_bytes,
    letterboxd_export,
    letterboxd_import_csv,
)
from watchlist.errors import WatchlistError
from watchlist.interchange import letterboxd
from watchlist.interchange.records import SEEN, WANT, Viewing

URI = "https://boxd.it/"

EXPORT = {
    "watchlist.csv": [
        {"Date": "2023-01-02", "Name": "Suspiria", "Year": "2018", "Letterboxd URI": URI + "a"},
        {"Date": "2023-01-03", "Name": "Deep Red", "Year": "1975", "Letterboxd URI": URI + "b"},
    ],
    "watched.csv": [
        {"Date": "2022-05-01", "Name": "Amélie", "Year": "2001", "Letterboxd URI": URI + "c"},
        {
            "Date": "2022-06-01",
            "Name": "The Good, the Bad and the Ugly",
            "Year": "1966",
            "Letterboxd URI": URI + "d",
        },
        {"Date": "2022-07-01", "Name": "Deep Red", "Year": "1975", "Letterboxd URI": URI + "b"},
    ],
    "ratings.csv": [
        {"Date": "2022-06-02", "Name": "Amélie", "Year": "2001", "Letterboxd URI": URI + "c",
         "Rating": "4.5"},
        {"Date": "2022-06-02", "Name": "The Good, the Bad and the Ugly", "Year": "1966",
         "Letterboxd URI": URI + "d", "Rating": "5"},
    ],
    "diary.csv": [
        {"Date": "2022-05-01", "Name": "Amélie", "Year": "2001", "Letterboxd URI": URI + "x1",
         "Rating": "4", "Rewatch": "", "Tags": "paris, comfort", "Watched Date": "2022-04-30"},
        {"Date": "2023-02-14", "Name": "Amélie", "Year": "2001", "Letterboxd URI": URI + "x2",
         "Rating": "4.5", "Rewatch": "Yes", "Tags": "valentine", "Watched Date": "2023-02-14"},
    ],
    "reviews.csv": [
        {"Date": "2023-02-14", "Name": "Amélie", "Year": "2001", "Letterboxd URI": URI + "x2",
         "Rating": "4.5", "Rewatch": "Yes", "Review": 'Still lovely, "whimsical", and sad.',
         "Tags": "valentine", "Watched Date": "2023-02-14"},
    ],
}  # fmt: skip


def by_title(records):
    return {record.title: record for record in records}


@pytest.mark.parametrize("as_zip", [True, False])
@pytest.mark.parametrize("top_folder", ["", "letterboxd-someone"])
def test_export_zip_and_folder_merge_every_file(
    tmp_path: Path, as_zip: bool, top_folder: str
) -> None:
    path = letterboxd_export(tmp_path, EXPORT, as_zip=as_zip, top_folder=top_folder)
    records = by_title(letterboxd.load(path))
    assert set(records) == {"Suspiria", "Deep Red", "Amélie", "The Good, the Bad and the Ugly"}
    assert records["Suspiria"].status == WANT
    assert records["Suspiria"].added_at == "2023-01-02"
    assert records["Deep Red"].status == SEEN  # watched wins over the watchlist
    amelie = records["Amélie"]
    assert amelie.status == SEEN
    assert amelie.rating == 4.5  # ratings.csv is the current rating
    assert amelie.viewings == (Viewing("2022-04-30", False), Viewing("2023-02-14", True))
    assert amelie.tags == ("paris", "comfort", "valentine")
    assert amelie.review == 'Still lovely, "whimsical", and sad.'
    assert amelie.added_at == "2022-05-01"
    assert records["The Good, the Bad and the Ugly"].rating == 5.0


def test_bom_and_single_export_file(tmp_path: Path) -> None:
    path = letterboxd_export(tmp_path, {"diary.csv": EXPORT["diary.csv"]}, as_zip=False, bom=True)
    records = letterboxd.load(path / "diary.csv")
    assert [record.title for record in records] == ["Amélie"]
    assert records[0].viewings[1].rewatch


def test_import_format_csv(tmp_path: Path) -> None:
    path = letterboxd_import_csv(
        tmp_path,
        [
            {"Title": "The Good, the Bad and the Ugly", "Year": "1966",
             "Directors": "Sergio Leone", "Rating10": "9", "WatchedDate": "2020-01-02",
             "Tags": "western, Leone", "Review": "Line one,\nline two"},
            {"Title": "Suspiria", "Year": "1977", "imdbID": "tt0076786"},
            {"Title": "Oldboy", "Year": "2003", "Rating": "4", "Rewatch": "true",
             "WatchedDate": "2021-10-10"},
        ],
        bom=True,
    )  # fmt: skip
    records = by_title(letterboxd.load(path))
    good = records["The Good, the Bad and the Ugly"]
    assert (good.status, good.rating, good.directors) == (SEEN, 4.5, ("Sergio Leone",))
    assert good.tags == ("western", "leone")
    assert good.review == "Line one,\nline two"
    assert records["Suspiria"].status == WANT  # no sign of a viewing
    assert records["Suspiria"].imdb_id == "tt0076786"
    assert records["Oldboy"].viewings == (Viewing("2021-10-10", True),)


def test_import_format_bad_rating_is_an_error(tmp_path: Path) -> None:
    path = letterboxd_import_csv(tmp_path, [{"Title": "Oldboy", "Rating": "7"}])
    with pytest.raises(WatchlistError, match=r"letterboxd-import\.csv:2: rating '7'"):
        letterboxd.load(path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.csv", b"", "empty"),
        ("notes.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("notes.csv", "Titre,Année\nAmélie,2001\n".encode("latin-1"), "not UTF-8"),
        ("notes.csv", b"Film,When\nAmelie,2001\n", "missing column"),
        ("notes.csv", b'Title,Year\n"Amelie,2001\n', "not a valid CSV"),
        ("lists.csv", b"Date,Name,Year,Letterboxd URI\n", "must be one of"),
    ],
)
def test_bad_csv_files(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(WatchlistError, match=message):
        letterboxd.load(path)


def test_zip_without_the_expected_files(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("profile.csv", b"Username\nsomeone\n")
        archive.writestr("deleted/diary.csv", csv_bytes(["Date", "Name", "Year"], []))
    with pytest.raises(WatchlistError, match="not a Letterboxd export"):
        letterboxd.load(path)


def test_not_a_zip_and_missing_path(tmp_path: Path) -> None:
    junk = tmp_path / "export.zip"
    junk.write_bytes(b"this is not a zip")
    with pytest.raises(WatchlistError, match="not a zip file"):
        letterboxd.load(junk)
    with pytest.raises(WatchlistError, match="no such file"):
        letterboxd.load(tmp_path / "nowhere.zip")
