"""IMDb: the ratings, watchlist and list exports, in every column vintage we know.

- 2024+: `Const, Your Rating, Date Rated, Title, Original Title, URL, Title Type, ...`
  (lists and the watchlist add `Position, Created, Modified, Description`);
- 2017-2023: the same without `Original Title`;
- before 2017: lower-case `position, const, created, modified, description, Title,
  Title type, Directors, You rated, ...` with dates like "Sat Jan 25 00:00:00 2014".

A row with a rating (1-10, mapped to 0.5-5 stars) is a film seen; a row without one (the
watchlist, a list) is a film to see. `Created` (or `Date Rated`) becomes the date added
and a list item's `Description` the note. TV series, episodes, mini-series, TV specials,
video games and podcasts are skipped and reported; films, TV films, shorts and videos
are kept.
"""

from __future__ import annotations

from pathlib import Path

from watchlist.interchange.records import SEEN, WANT, ImportRecord
from watchlist.interchange.sources import read_file
from watchlist.interchange.tables import (
    ImportFileError,
    column_key,
    parse_date,
    parse_stars,
    parse_year,
    read_table,
    split_list,
)

_REQUIRED = [("const",), ("title",)]
_NOT_FILMS = {
    "tvseries",
    "tvminiseries",
    "miniseries",
    "tvepisode",
    "tvspecial",
    "videogame",
    "podcastseries",
    "podcastepisode",
    "musicvideo",
}


def load(path: Path) -> list[ImportRecord]:
    """Records from an IMDb CSV export."""
    path = Path(path).expanduser()
    return parse(path.name, read_file(path))


def parse(name: str, data: bytes) -> list[ImportRecord]:
    """Records from the bytes of an IMDb CSV export, one per row (duplicates merged)."""
    table = read_table(data, name, _REQUIRED)
    records: dict[str, ImportRecord] = {}
    for row in table.rows:
        title = row.get("title")
        const = row.get("const")
        if not title and not const:
            continue
        try:
            rating = parse_stars(row.get("yourrating", "yourated"), scale=10)
        except ValueError as error:
            raise ImportFileError(f"{row.source}: {error}") from error
        title_type = row.get("titletype")
        skip = f"{title_type} (not a film)" if column_key(title_type) in _NOT_FILMS else None
        record = ImportRecord(
            title=title or const,
            year=parse_year(row.get("year")),
            original_title=row.get("originaltitle") or None,
            directors=split_list(row.get("directors")),
            imdb_id=const.lower() or None,
            status=SEEN if rating is not None else WANT,
            rating=rating,
            note=row.get("description") or None,
            added_at=parse_date(row.get("created")) or parse_date(row.get("daterated")),
            skip_reason=skip,
            sources=(row.source,),
        )
        key = record.imdb_id or f"{title}|{record.year}"
        records[key] = records[key].merged(record) if key in records else record
    return list(records.values())
