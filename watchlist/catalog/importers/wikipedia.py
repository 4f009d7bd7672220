"""Import the wikipedia-movie-data JSON (plain or gzipped array of film objects).

The file is streamed: chunks of text are decoded one array element at a time with
`json.JSONDecoder.raw_decode`, so memory stays bounded whatever the file size. Only facts are
kept (title, year, cast in billing order, genres mapped onto the catalog's names); the
`extract` text, links and thumbnails are never stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from watchlist.catalog.importers.base import CatalogImportError, Progress, open_text
from watchlist.catalog.importers.genres import map_genres
from watchlist.catalog.importers.records import (
    YEARS,
    clean_names,
    clean_number,
    clean_text,
    make_film,
)
from watchlist.catalog.model import Film
from watchlist.catalog.sqlite_catalog import title_key

SOURCE = "wikipedia"
DESCRIPTION = "American films from Wikipedia (wikipedia-movie-data): titles, years, cast, genres"
CREDIT = (
    "Film data from Wikipedia (https://en.wikipedia.org), CC BY-SA 4.0, via wikipedia-movie-data."
)
CHUNK = 1 << 20
MAX_ELEMENT = 64 << 20
MAX_SLUG = 80
_WHITESPACE = " \t\r\n"


def iter_json_array(path: Path, chunk_size: int = CHUNK) -> Iterator[object]:
    """The elements of a top-level JSON array, decoded incrementally."""
    decoder = json.JSONDecoder()
    with open_text(path) as text:
        buffer = text.read(chunk_size)
        position = _skip(buffer, 0)
        if position >= len(buffer) or buffer[position] != "[":
            raise CatalogImportError(f"{path.name}: not a JSON array of films")
        position += 1
        expect_value = True
        eof = False
        while True:
            position = _skip(buffer, position)
            if position >= len(buffer) - 1 and not eof:
                more = text.read(chunk_size)
                eof = not more
                buffer, position = buffer[position:] + more, 0
                continue
            if position >= len(buffer):
                raise CatalogImportError(f"{path.name}: the JSON array ends abruptly (truncated?)")
            char = buffer[position]
            if char == "]":
                return
            if char == ",":
                if expect_value:
                    raise CatalogImportError(f"{path.name}: malformed JSON (stray comma)")
                position += 1
                expect_value = True
                continue
            if not expect_value:
                raise CatalogImportError(f"{path.name}: malformed JSON (missing comma)")
            try:
                value, end = decoder.raw_decode(buffer, position)
            except json.JSONDecodeError as error:
                if eof and error.pos >= len(buffer.rstrip()):
                    raise CatalogImportError(
                        f"{path.name}: the JSON array ends abruptly (truncated?)"
                    ) from None
                if eof or len(buffer) - position > MAX_ELEMENT:
                    raise CatalogImportError(f"{path.name}: malformed JSON ({error.msg})") from None
                more = text.read(chunk_size)
                eof = not more
                buffer, position = buffer[position:] + more, 0
                continue
            if end >= len(buffer) and not eof and isinstance(value, int | float):
                # A number at the very end of the buffer may continue in the next chunk.
                more = text.read(chunk_size)
                eof = not more
                buffer, position = buffer[position:] + more, 0
                continue
            yield value
            position = end
            expect_value = False


def _skip(buffer: str, position: int) -> int:
    while position < len(buffer) and buffer[position] in _WHITESPACE:
        position += 1
    return position


class WikipediaImporter:
    """Films from one wikipedia-movie-data file; counts the rows it had to skip."""

    source = SOURCE
    description = DESCRIPTION
    credit = CREDIT

    def __init__(self, path: Path, progress: Progress | None = None) -> None:
        self.path = path
        self.progress = progress
        self.skipped = 0
        self.notes: list[str] = []

    def films(self) -> Iterator[tuple[Film, int | None]]:
        seen: dict[str, int] = {}
        if self.progress:
            self.progress.start(f"wikipedia: {self.path.name}")
        for number, record in enumerate(iter_json_array(self.path), 1):
            film = self._film(record, seen)
            if film is None:
                self.skipped += 1
            else:
                yield film, None
            if self.progress:
                self.progress.update(number)
        if self.progress:
            self.progress.done()

    def _film(self, record: object, seen: dict[str, int]) -> Film | None:
        if not isinstance(record, dict):
            if not seen and not self.skipped:
                raise CatalogImportError(f"{self.path.name}: not an array of film objects")
            return None
        title = clean_text(record.get("title"))
        if title is None:
            return None
        year = clean_number(record.get("year"), YEARS)
        cast = record.get("cast")
        genres = record.get("genres")
        slug = title_key(title).replace(" ", "-")[:MAX_SLUG].strip("-") or "film"
        base = f"wp-{slug}" + (f"-{year}" if year else "")
        count = seen[base] = seen.get(base, 0) + 1
        return make_film(
            base if count == 1 else f"{base}-{count}",
            title,
            year=year,
            cast=clean_names(cast) if isinstance(cast, list) else (),
            genres=map_genres(g for g in genres if isinstance(g, str))
            if isinstance(genres, list)
            else (),
        )
