"""Imported films on disk: `catalog.sqlite` in the data home, and the merged catalog over it.

Schema (version 1):

- `films`: one row per imported film; `pos` (0-based, contiguous) is the film's position
  among the imported films, so position look-ups are rowid look-ups. List fields are stored
  as text joined with U+001F (unit separator), which never occurs in names or genres and
  splits far faster than JSON. `title_key`/`original_key` hold `fold()`ed titles for
  `by_title`; `votes` is a popularity prior (IMDb vote counts; NULL when unknown).
- `aliases`: an imported id that was recognised as a bundled film -> the bundled id.
- `sources`: one row per imported source (name, films, merged, imported_at, credit...).
- `meta`: schema version and a generation id that changes with every write.

Writes never touch the live file: `CatalogWriter` builds a new database next to it and
`os.replace`s it into place only once complete, so an interrupted or failed import leaves
the previous catalog as it was. Readers open the file read-only, one connection per thread.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from watchlist.catalog.catalog import Catalog, CatalogSource, FilmSequence
from watchlist.catalog.model import Film
from watchlist.paths import CATALOG_FILE
from watchlist.text import fold

if TYPE_CHECKING:
    import numpy as np

SCHEMA_VERSION = "1"
SEP = "\x1f"
_BATCH = 5000
_NON_WORD = re.compile(r"[^0-9a-z]+")

_FILM_COLUMNS = (
    "id, title, original_title, year, directors, actors, genres, countries, runtime, tags, summary"
)
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    name TEXT PRIMARY KEY, films INTEGER NOT NULL, merged INTEGER NOT NULL,
    imported_at TEXT NOT NULL, description TEXT NOT NULL, credit TEXT NOT NULL,
    origin TEXT NOT NULL
);
CREATE TABLE films (
    pos INTEGER PRIMARY KEY, id TEXT NOT NULL, source TEXT NOT NULL,
    title TEXT NOT NULL, original_title TEXT, year INTEGER,
    directors TEXT NOT NULL, actors TEXT NOT NULL, genres TEXT NOT NULL,
    countries TEXT NOT NULL, runtime INTEGER, tags TEXT NOT NULL, summary TEXT NOT NULL,
    title_key TEXT NOT NULL, original_key TEXT, votes INTEGER
);
CREATE TABLE aliases (
    alias TEXT PRIMARY KEY, film_id TEXT NOT NULL, source TEXT NOT NULL, votes INTEGER
) WITHOUT ROWID;
"""
_INDEXES = """
CREATE UNIQUE INDEX films_id ON films(id);
CREATE INDEX films_title ON films(title_key);
CREATE INDEX films_original ON films(original_key) WHERE original_key IS NOT NULL;
"""


def title_key(text: str) -> str:
    """`fold(text)`, with a fast path for plain ASCII (most titles); identical results."""
    if text.isascii():
        return _NON_WORD.sub(" ", text.lower().replace("'", "")).strip()
    return fold(text)


def catalog_path(home: Path) -> Path:
    return home / CATALOG_FILE


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split(SEP)) if text else ()


def _film(row: Sequence) -> Film:
    """A Film from a row of `_FILM_COLUMNS`."""
    return Film(
        row[0], row[1], row[2], row[3], _split(row[4]), _split(row[5]), _split(row[6]),
        _split(row[7]), row[8], _split(row[9]), row[10],
    )  # fmt: skip


class CatalogStoreError(Exception):
    """catalog.sqlite is missing, damaged or of another version."""


# -- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredSource:
    name: str
    films: int
    merged: int
    imported_at: str
    description: str
    credit: str
    origin: str


class ImportedFilms:
    """Read-only, lazy access to the films in catalog.sqlite (positions 0..count-1)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        try:
            db = self._db()
            meta = dict(db.execute("SELECT key, value FROM meta"))
            if meta.get("schema") != SCHEMA_VERSION:
                raise CatalogStoreError(f"schema version {meta.get('schema')!r} is not supported")
            self.generation: str = meta.get("generation", "")
            self.count: int = int(meta.get("films", "0"))
            self.sources: list[StoredSource] = [
                StoredSource(*row)
                for row in db.execute(
                    "SELECT name, films, merged, imported_at, description, credit, origin"
                    " FROM sources ORDER BY imported_at, name"
                )
            ]
        except sqlite3.Error as error:
            raise CatalogStoreError(str(error)) from error

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            uri = self.path.resolve().as_uri() + "?mode=ro"
            db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._local.db = db
        return db

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def film_at(self, pos: int) -> Film:
        row = (
            self._db()
            .execute(f"SELECT {_FILM_COLUMNS} FROM films WHERE pos = ?", (pos,))
            .fetchone()
        )
        if row is None:
            raise IndexError(pos)
        return _film(row)

    def films_at(self, positions: Sequence[int]) -> list[Film]:
        """Films at these positions, in the order given (one query per 900 positions)."""
        found: dict[int, Film] = {}
        db = self._db()
        wanted = sorted(set(positions))
        for start in range(0, len(wanted), 900):
            chunk = wanted[start : start + 900]
            if chunk[-1] - chunk[0] + 1 == len(chunk):
                query, args = "pos BETWEEN ? AND ?", (chunk[0], chunk[-1])
            else:
                query, args = f"pos IN ({','.join('?' * len(chunk))})", tuple(chunk)
            for row in db.execute(f"SELECT pos, {_FILM_COLUMNS} FROM films WHERE {query}", args):
                found[row[0]] = _film(row[1:])
        try:
            return [found[pos] for pos in positions]
        except KeyError as error:
            raise IndexError(error.args[0]) from None

    def __iter__(self) -> Iterator[Film]:
        cursor = self._db().execute(f"SELECT {_FILM_COLUMNS} FROM films ORDER BY pos")
        while rows := cursor.fetchmany(_BATCH):
            yield from map(_film, rows)

    def get(self, film_id: str) -> Film | None:
        row = (
            self._db()
            .execute(f"SELECT {_FILM_COLUMNS} FROM films WHERE id = ?", (film_id,))
            .fetchone()
        )
        return _film(row) if row else None

    def position_of(self, film_id: str) -> int | None:
        row = self._db().execute("SELECT pos FROM films WHERE id = ?", (film_id,)).fetchone()
        return row[0] if row else None

    def alias(self, film_id: str) -> str | None:
        """The bundled id an imported id was merged into, if any."""
        row = (
            self._db().execute("SELECT film_id FROM aliases WHERE alias = ?", (film_id,)).fetchone()
        )
        return row[0] if row else None

    def by_title_key(self, key: str) -> list[Film]:
        rows = self._db().execute(
            f"SELECT {_FILM_COLUMNS} FROM films WHERE title_key = ?"
            f" UNION SELECT {_FILM_COLUMNS} FROM films WHERE original_key = ?",
            (key, key),
        )
        return [_film(row) for row in rows]

    def by_title_keys(self, keys: Sequence[str]) -> list[Film]:
        """Films whose folded title or original title is one of `keys` (indexed look-ups)."""
        films: list[Film] = []
        db = self._db()
        for start in range(0, len(keys), 400):
            chunk = tuple(keys[start : start + 400])
            marks = ",".join("?" * len(chunk))
            rows = db.execute(
                f"SELECT {_FILM_COLUMNS} FROM films WHERE title_key IN ({marks})"
                f" UNION SELECT {_FILM_COLUMNS} FROM films WHERE original_key IN ({marks})",
                chunk + chunk,
            )
            films.extend(_film(row) for row in rows)
        return films

    def title_keys_from(self, prefix: str, limit: int) -> list[tuple[str, str]]:
        """(id, title_key) of up to `limit` films whose folded title starts with `prefix`."""
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return (
            self._db()
            .execute(
                "SELECT id, title_key FROM films WHERE title_key >= ? AND title_key < ? LIMIT ?",
                (prefix, upper, limit),
            )
            .fetchall()
        )

    def votes(self) -> np.ndarray:
        import numpy as np

        cursor = self._db().execute("SELECT coalesce(votes, 0) FROM films ORDER BY pos")
        return np.fromiter((row[0] for row in cursor), dtype=np.int64, count=self.count)

    def alias_votes(self) -> list[tuple[str, int]]:
        return (
            self._db()
            .execute(
                "SELECT film_id, max(votes) FROM aliases WHERE votes IS NOT NULL GROUP BY film_id"
            )
            .fetchall()
        )


class MergedCatalog(Catalog):
    """The bundled films (positions 0..B-1, in memory) + imported films (B.., in SQLite).

    Nothing is read from SQLite until asked for, so opening costs a few milliseconds
    whatever the size. An imported id merged into a bundled film resolves to that film.
    """

    def __init__(self, bundled: Catalog, imported: ImportedFilms, sources: Iterable[CatalogSource]):
        # The in-memory state of Catalog is the bundled part only.
        super().__init__(bundled.films, sources)
        self._bundled = bundled
        self._imported = imported
        self._offset = len(bundled)

    def __len__(self) -> int:
        return self._offset + self._imported.count

    def __iter__(self) -> Iterator[Film]:
        yield from self._bundled
        yield from self._imported

    @property
    def films(self) -> Sequence[Film]:
        return FilmSequence(self)

    @property
    def bundled(self) -> Catalog:
        """The bundled films alone (an in-memory catalog)."""
        return self._bundled

    @property
    def bundled_count(self) -> int:
        """How many films come first from the bundled catalog (positions 0..count-1)."""
        return self._offset

    @property
    def imported(self) -> ImportedFilms:
        return self._imported

    def get(self, film_id: str) -> Film | None:
        if film := self._bundled.get(film_id):
            return film
        if film := self._imported.get(film_id):
            return film
        alias = self._imported.alias(film_id)
        return self._bundled.get(alias) if alias else None

    def film_at(self, position: int) -> Film:
        if position < 0:
            raise IndexError(position)
        if position < self._offset:
            return self._bundled.film_at(position)
        return self._imported.film_at(position - self._offset)

    def films_at(self, positions: Iterable[int]) -> list[Film]:
        positions = list(positions)
        offset = self._offset
        imported = self._imported.films_at([p - offset for p in positions if p >= offset])
        result: list[Film] = []
        rest = iter(imported)
        for position in positions:
            if position < 0:
                raise IndexError(position)
            result.append(self._bundled.film_at(position) if position < offset else next(rest))
        return result

    def position_of(self, film_id: str) -> int | None:
        position = self._bundled.position_of(film_id)
        if position is not None:
            return position
        position = self._imported.position_of(film_id)
        if position is not None:
            return self._offset + position
        alias = self._imported.alias(film_id)
        return self._bundled.position_of(alias) if alias else None

    def by_title(self, title: str) -> list[Film]:
        return self._bundled.by_title(title) + self._imported.by_title_key(fold(title))

    def suggest(self, reference: str, limit: int = 3) -> list[str]:
        """Bundled titles by fuzzy match, plus imported titles sharing the first letters."""
        key = fold(reference)
        choices = {film.id: fold(film.title) for film in self._bundled}
        if len(key) >= 2:
            choices.update(self._imported.title_keys_from(key[:3], 5000))
        hits = process.extract(key, choices, scorer=fuzz.WRatio, limit=limit)
        films = [self.get(film_id) for _, score, film_id in hits if score >= 70]
        return [film.label for film in films if film]

    def popularity(self) -> np.ndarray:
        import numpy as np

        votes = np.concatenate([np.zeros(self._offset, dtype=np.int64), self._imported.votes()])
        for film_id, count in self._imported.alias_votes():
            position = self._bundled.position_of(film_id)
            if position is not None:
                votes[position] = max(votes[position], count)
        return np.minimum(votes, np.iinfo(np.int32).max).astype(np.int32)

    @property
    def fingerprint(self) -> str:
        return f"{self._bundled.fingerprint}+{self._imported.generation}"


# -- writing -------------------------------------------------------------------------------


class CatalogWriter:
    """Builds a new catalog.sqlite beside the live one; `commit` swaps it in atomically.

    The films of every other source are copied from the live file; `source` is replaced
    by what is added. Use as a context manager: leaving it on an exception (or Ctrl-C)
    deletes the new file and leaves the live one untouched.
    """

    def __init__(self, home: Path, replace_source: str | None) -> None:
        home.mkdir(parents=True, exist_ok=True)
        self.target = catalog_path(home)
        self.temp = home / f".{CATALOG_FILE}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
        self.db = sqlite3.connect(self.temp.resolve().as_uri(), uri=True, isolation_level=None)
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("PRAGMA cache_size = -65536")
        self.db.executescript(_SCHEMA)
        self.db.execute("BEGIN")
        self.count = 0
        self._rows: list[tuple] = []
        self._aliases: list[tuple] = []
        if self.target.exists():
            self._copy_existing(exclude=replace_source)

    def __enter__(self) -> CatalogWriter:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if kind is not None:
            self.abort()

    def _copy_existing(self, exclude: str | None) -> None:
        try:
            ImportedFilms(self.target).close()  # validates the schema version
        except CatalogStoreError:
            return  # a damaged or foreign file is simply replaced
        self.db.execute("ATTACH DATABASE ? AS old", (self.target.resolve().as_uri() + "?mode=ro",))
        columns = (
            "id, source, title, original_title, year, directors, actors, genres, countries,"
            " runtime, tags, summary, title_key, original_key, votes"
        )
        self.db.execute(
            f"INSERT INTO films (pos, {columns})"
            f" SELECT row_number() OVER (ORDER BY pos) - 1, {columns} FROM old.films"
            " WHERE source IS NOT ?",
            (exclude,),
        )
        self.db.execute(
            "INSERT INTO aliases SELECT * FROM old.aliases WHERE source IS NOT ?", (exclude,)
        )
        self.db.execute(
            "INSERT INTO sources SELECT * FROM old.sources WHERE name IS NOT ?", (exclude,)
        )
        self.count = self.db.execute("SELECT count(*) FROM films").fetchone()[0]
        self.db.execute("COMMIT")
        self.db.execute("DETACH DATABASE old")
        self.db.execute("BEGIN")

    def add(
        self, film: Film, source: str, votes: int | None = None, key: str | None = None
    ) -> None:
        """Queue one imported film (written in batches); `key` is title_key(film.title)."""
        if key is None:
            key = title_key(film.title)
        original = title_key(film.original_title) if film.original_title else None
        join = SEP.join
        self._rows.append(
            (
                self.count, film.id, source, film.title, film.original_title, film.year,
                join(film.directors), join(film.cast), join(film.genres),
                join(film.countries), film.runtime, join(film.tags), film.summary,
                key, original if original != key else None, votes,
            )
        )  # fmt: skip
        self.count += 1
        if len(self._rows) >= _BATCH:
            self._flush()

    def add_row(self, *row: object) -> None:
        """Queue one film as the `films` columns after `pos`, lists already joined with
        SEP: the fast path for importers that never build Film objects."""
        self._rows.append((self.count, *row))
        self.count += 1
        if len(self._rows) >= _BATCH:
            self._flush()

    def add_alias(self, alias: str, film_id: str, source: str, votes: int | None = None) -> None:
        self._aliases.append((alias, film_id, source, votes))

    def _flush(self) -> None:
        if self._rows:
            self.db.executemany(f"INSERT INTO films VALUES ({','.join('?' * 16)})", self._rows)
            self._rows.clear()

    def commit(self, source: StoredSource | None) -> None:
        """Finish the new file (indexes, source row) and move it into place."""
        self._flush()
        self.db.executemany("INSERT OR REPLACE INTO aliases VALUES (?, ?, ?, ?)", self._aliases)
        if source is not None:
            self.db.execute(
                "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    source.name, source.films, source.merged, source.imported_at,
                    source.description, source.credit, source.origin,
                ),
            )  # fmt: skip
        meta = {"schema": SCHEMA_VERSION, "generation": uuid.uuid4().hex, "films": str(self.count)}
        self.db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        try:
            for statement in _INDEXES.strip().split(";"):
                if statement.strip():
                    self.db.execute(statement)
        except sqlite3.IntegrityError as error:
            raise DuplicateIdError(str(error)) from error
        self.db.execute("COMMIT")
        self.db.execute("ANALYZE")
        self.db.close()
        with open(self.temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(self.temp, self.target)

    def abort(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        with contextlib.suppress(FileNotFoundError):
            self.temp.unlink()


class DuplicateIdError(Exception):
    """Two imported films share an id (an importer bug)."""


def now_stamp() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def remove_source(home: Path, name: str) -> int:
    """Remove one imported source's films; returns how many. KeyError if not imported."""
    target = catalog_path(home)
    if not target.exists():
        raise KeyError(name)
    stored = ImportedFilms(target)
    names = [source.name for source in stored.sources]
    films = next((source.films for source in stored.sources if source.name == name), None)
    stored.close()
    if films is None:
        raise KeyError(name)
    with CatalogWriter(home, replace_source=name) as writer:
        if writer.count == 0 and names == [name]:
            writer.abort()
            target.unlink()
            return films
        writer.commit(None)
    return films
