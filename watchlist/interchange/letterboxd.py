"""Letterboxd: the account export (.zip or its folder) and the import-format CSV.

Export files (`Date,Name,Year,Letterboxd URI` plus `Rating`, `Rewatch`, `Tags`,
`Watched Date`, `Review`):

- `watchlist.csv` -> want to see, `Date` is when it was added;
- `watched.csv` -> seen;
- `ratings.csv` -> seen, rating 0.5-5 (the current rating: it wins over diary ratings);
- `diary.csv` -> seen, one viewing per row (`Watched Date`, `Rewatch` = Yes), tags;
- `reviews.csv` -> seen, the review text (and the same viewing data as the diary).

The import format (`Title`, `Year`, `imdbID`, `tmdbID`, `Directors`, `Rating`, `Rating10`,
`WatchedDate`, `Rewatch`, `Tags`, `Review`) is one row per film or per viewing. A row with
any sign of a viewing (a rating, a watched date, a rewatch or a review) means seen; a row
with none of them means want to see. (Letterboxd's own importer would mark it watched;
we do not claim a viewing the file does not show.)

Rows describing the same film (same folded title and year) merge into one record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from watchlist.interchange.records import SEEN, WANT, ImportRecord, Viewing
from watchlist.interchange.sources import find_members, read_file
from watchlist.interchange.tables import (
    ImportFileError,
    Row,
    Table,
    parse_bool,
    parse_date,
    parse_stars,
    parse_year,
    read_table,
    split_list,
)
from watchlist.text import fold

#: Export files in the order they are merged (later files refine earlier ones).
EXPORT_FILES = ("watchlist.csv", "watched.csv", "diary.csv", "reviews.csv", "ratings.csv")
_EXPORT_REQUIRED = [("name",), ("year",)]
_IMPORT_REQUIRED = [("title",)]


def load(path: Path) -> list[ImportRecord]:
    """Records from a Letterboxd export zip or folder, or from one CSV file."""
    path = Path(path).expanduser()
    if path.is_file() and path.suffix.lower() == ".csv":
        return load_csv(path.name, read_file(path))
    if not path.exists():
        raise ImportFileError(f"{path}: no such file or folder")
    members = find_members(path, EXPORT_FILES)
    if not members:
        raise ImportFileError(
            f"{path}: not a Letterboxd export (none of {', '.join(EXPORT_FILES)} found)"
        )
    tables = [
        read_table(data, label, _EXPORT_REQUIRED)
        for name in EXPORT_FILES
        if name in members
        for label, data in [members[name]]
    ]
    kinds = [name for name in EXPORT_FILES if name in members]
    return merge_records(
        record
        for kind, table in zip(kinds, tables, strict=True)
        for record in export_rows(kind, table)
    )


def load_csv(name: str, data: bytes) -> list[ImportRecord]:
    """One CSV: an export file (told apart by its `Name` column) or the import format."""
    table = read_table(data, name, [("title", "name")])
    if table.has("name") and not table.has("title"):
        kind = name.lower().rsplit("/", 1)[-1]
        if kind not in EXPORT_FILES:
            raise ImportFileError(
                f"{name}: a Letterboxd export file must be one of {', '.join(EXPORT_FILES)}; "
                "import the whole export (.zip or folder) instead"
            )
        read_table(data, name, _EXPORT_REQUIRED)
        return merge_records(export_rows(kind, table))
    return merge_records(import_format_rows(table))


def export_rows(kind: str, table: Table) -> list[ImportRecord]:
    """Records from one file of a Letterboxd account export."""
    records = []
    for row in table.rows:
        title = row.get("name")
        if not title:
            continue
        logged = parse_date(row.get("date"))
        record = ImportRecord(
            title=title,
            year=parse_year(row.get("year")),
            status=WANT if kind == "watchlist.csv" else SEEN,
            added_at=logged,
            sources=(row.source,),
        )
        if kind in ("ratings.csv", "diary.csv", "reviews.csv"):
            record = _with_rating(record, row, "rating", 5)
        if kind in ("diary.csv", "reviews.csv"):
            watched = parse_date(row.get("watcheddate")) or logged
            viewings = (Viewing(watched, parse_bool(row.get("rewatch"))),) if watched else ()
            record = _replace(record, viewings=viewings, tags=_tags(row))
        if kind == "reviews.csv":
            record = _replace(record, review=row.get("review") or None)
        records.append(record)
    if kind == "diary.csv":  # oldest first, so later diary ratings win
        records.sort(key=lambda r: r.viewings[0].date if r.viewings else "")
    return records


def import_format_rows(table: Table) -> list[ImportRecord]:
    """Records from a CSV in Letterboxd's import format."""
    records = []
    for row in table.rows:
        title = row.get("title")
        if not title:
            continue
        watched = parse_date(row.get("watcheddate"))
        rewatch = parse_bool(row.get("rewatch"))
        record = ImportRecord(
            title=title,
            year=parse_year(row.get("year")),
            directors=split_list(row.get("directors")),
            imdb_id=row.get("imdbid") or None,
            tmdb_id=row.get("tmdbid") or None,
            review=row.get("review") or None,
            tags=_tags(row),
            viewings=(Viewing(watched, rewatch),) if watched else (),
            sources=(row.source,),
        )
        record = _with_rating(record, row, "rating", 5)
        if record.rating is None:
            record = _with_rating(record, row, "rating10", 10)
        evidence = record.rating is not None or watched or rewatch or record.review
        records.append(_replace(record, status=SEEN if evidence else WANT))
    return records


def merge_records(records: Iterable[ImportRecord]) -> list[ImportRecord]:
    """One record per film (folded title + year), in first-seen order."""
    merged: dict[tuple[str, int | None], ImportRecord] = {}
    for record in records:
        key = (fold(record.title), record.year)
        merged[key] = merged[key].merged(record) if key in merged else record
    return list(merged.values())


def _with_rating(record: ImportRecord, row: Row, column: str, scale: int) -> ImportRecord:
    try:
        rating = parse_stars(row.get(column), scale)
    except ValueError as error:
        raise ImportFileError(f"{row.source}: {error}") from error
    return _replace(record, rating=rating) if rating is not None else record


def _tags(row: Row) -> tuple[str, ...]:
    return tuple(dict.fromkeys(tag.lower() for tag in split_list(row.get("tags"))))


def _replace(record: ImportRecord, **changes: object) -> ImportRecord:
    return replace(record, **changes)  # type: ignore[arg-type]
