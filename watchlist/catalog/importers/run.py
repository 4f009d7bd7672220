"""Run an import: stream films into a new catalog.sqlite, merging with the bundled films."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout

from watchlist.catalog.bundled import load_bundled
from watchlist.catalog.importers.base import CatalogImportError, ImportSummary, Progress
from watchlist.catalog.importers.merge import BundledMatcher
from watchlist.catalog.model import Film
from watchlist.catalog.sqlite_catalog import (
    CatalogWriter,
    DuplicateIdError,
    StoredSource,
    now_stamp,
    remove_source,
    title_key,
)

if TYPE_CHECKING:
    from watchlist.catalog.importers.imdb import ImdbRecord

LOCK_FILE = "catalog.lock"


def catalog_lock(home: Path) -> FileLock:
    home.mkdir(parents=True, exist_ok=True)
    return FileLock(home / LOCK_FILE, timeout=0)


def import_films(
    home: Path,
    source: str,
    films: Iterable[tuple[Film, int | None]],
    *,
    description: str,
    credit: str = "",
    origin: str = "",
    progress: Progress | None = None,
) -> ImportSummary:
    """Write `films` ((film, votes) pairs) as source `source`, replacing an earlier import
    of the same source. The live catalog changes only if every film was read.

    When `films` also has a `records()` method (`imdb.ImdbFilms`), its ready-made rows are
    written instead, without building a Film per row."""
    summary = ImportSummary(source=source, credit=credit)
    started = time.monotonic()
    matcher = BundledMatcher(load_bundled())
    records = getattr(films, "records", None)
    try:
        with catalog_lock(home), CatalogWriter(home, replace_source=source) as writer:
            if records is not None:
                _write_records(writer, matcher, source, records(), summary)
            for film, votes in () if records is not None else films:
                key = title_key(film.title)
                bundled = matcher.match(film, key)
                if bundled is not None:
                    writer.add_alias(film.id, bundled.id, source, votes)
                    summary.merged += 1
                else:
                    writer.add(film, source, votes, key)
                    summary.films += 1
            if progress:
                progress.start(f"{source}: writing indexes")
            stored = StoredSource(
                source, summary.films, summary.merged, now_stamp(), description, credit, origin
            )
            writer.commit(stored)
            if progress:
                progress.done()
    except Timeout as error:
        raise CatalogImportError("another catalog import or remove is running") from error
    except DuplicateIdError as error:
        raise CatalogImportError(f"{source}: two films share an id ({error})") from error
    summary.seconds = time.monotonic() - started
    return summary


def _write_records(
    writer: CatalogWriter,
    matcher: BundledMatcher,
    source: str,
    records: Iterable[ImdbRecord],
    summary: ImportSummary,
) -> None:
    """The fast path for importers that produce ready rows (`ImdbRecord`): a Film is built
    only when the title could be a bundled film's."""
    add, might_match = writer.add_row, matcher.might_match
    for record in records:
        key = title_key(record.title)
        original = title_key(record.original_title) if record.original_title else None
        if might_match(key, original):
            bundled = matcher.match(record.film(), key)
            if bundled is not None:
                writer.add_alias(record.id, bundled.id, source, record.votes)
                summary.merged += 1
                continue
        add(
            record.id, source, record.title, record.original_title, record.year,
            record.directors, record.cast, record.genres, "", record.runtime, "", "",
            key, original if original != key else None, record.votes,
        )  # fmt: skip
        summary.films += 1


def remove_imported(home: Path, name: str) -> int:
    """Remove an imported source; CatalogImportError if there is no such source."""
    if name == "bundled":
        raise CatalogImportError("the bundled catalog is part of the app and cannot be removed")
    try:
        with catalog_lock(home):
            return remove_source(home, name)
    except Timeout as error:
        raise CatalogImportError("another catalog import or remove is running") from error
    except KeyError:
        raise CatalogImportError(f"no imported source named {name!r}") from None
