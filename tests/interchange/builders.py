"""Small export files in the real Letterboxd and IMDb formats, written into tmp_path."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

LETTERBOXD_HEADERS = {
    "watchlist.csv": ["Date", "Name", "Year", "Letterboxd URI"],
    "watched.csv": ["Date", "Name", "Year", "Letterboxd URI"],
    "ratings.csv": ["Date", "Name", "Year", "Letterboxd URI", "Rating"],
    "diary.csv": [
        "Date",
        "Name",
        "Year",
        "Letterboxd URI",
        "Rating",
        "Rewatch",
        "Tags",
        "Watched Date",
    ],
    "reviews.csv": [
        "Date",
        "Name",
        "Year",
        "Letterboxd URI",
        "Rating",
        "Rewatch",
        "Review",
        "Tags",
        "Watched Date",
    ],
}

LETTERBOXD_IMPORT_HEADERS = [
    "Title",
    "Year",
    "imdbID",
    "tmdbID",
    "Directors",
    "Rating",
    "Rating10",
    "WatchedDate",
    "Rewatch",
    "Tags",
    "Review",
]

#: IMDb column sets, by vintage and kind.
IMDB_HEADERS = {
    "ratings-2017": "Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,"
    "Runtime (mins),Year,Genres,Num Votes,Release Date,Directors",
    "ratings-2024": "Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,"
    "IMDb Rating,Runtime (mins),Year,Release Date,Genres,Num Votes,Directors",
    "watchlist-2017": "Position,Const,Created,Modified,Description,Title,URL,Title Type,"
    "IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors",
    "list-2024": "Position,Const,Created,Modified,Description,Title,Original Title,URL,"
    "Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors,"
    "Your Rating,Date Rated",
    "list-2012": "position,const,created,modified,description,Title,Title type,Directors,"
    "You rated,IMDb Rating,Runtime (mins),Year,Genres,Num. Votes,"
    "Release Date (month/day/year),URL",
}


def csv_bytes(headers: list[str], rows: list[dict], bom: bool = False) -> bytes:
    """A CSV as the services write it: every field that needs it quoted, CRLF lines."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=headers, extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: row.get(key, "") for key in headers})
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8")


def letterboxd_export(
    tmp_path: Path,
    files: dict[str, list[dict]],
    as_zip: bool = True,
    top_folder: str = "",
    bom: bool = False,
) -> Path:
    """A Letterboxd account export: a .zip (default) or an unpacked folder."""
    contents = {
        (f"{top_folder}/{name}" if top_folder else name): csv_bytes(
            LETTERBOXD_HEADERS[name], rows, bom
        )
        for name, rows in files.items()
    }
    if as_zip:
        path = tmp_path / "letterboxd-someone-2024-05-01-10-00-utc.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in contents.items():
                archive.writestr(name, data)
            archive.writestr("profile.csv", b"Date Joined,Username\n2015-01-01,someone\n")
            archive.writestr("deleted/diary.csv", csv_bytes(LETTERBOXD_HEADERS["diary.csv"], []))
        return path
    folder = tmp_path / "letterboxd-export"
    for name, data in contents.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return folder


def letterboxd_import_csv(tmp_path: Path, rows: list[dict], bom: bool = False) -> Path:
    path = tmp_path / "letterboxd-import.csv"
    path.write_bytes(csv_bytes(LETTERBOXD_IMPORT_HEADERS, rows, bom))
    return path


def imdb_csv(tmp_path: Path, vintage: str, rows: list[dict], bom: bool = False) -> Path:
    path = tmp_path / f"imdb-{vintage}.csv"
    path.write_bytes(csv_bytes(IMDB_HEADERS[vintage].split(","), rows, bom))
    return path
