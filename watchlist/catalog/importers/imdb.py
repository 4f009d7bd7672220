"""Import the IMDb non-commercial datasets (title.basics, title.principals, name.basics,
title.crew, title.ratings; `.tsv.gz` or `.tsv`; `\\N` is null).

Memory stays bounded by streaming every file once and parking what must be joined in a
temporary SQLite file beside the catalog:

1. title.ratings -> votes per wanted-able title (a dict of ints; ~1.5M rows at real scale);
2. title.basics -> the wanted films (titleType movie, optionally tvMovie; not adult; at least
   `min_votes`) into a staging table, and their tconsts as a set of ints;
3. title.crew -> directors; title.principals -> top-billed actors by `ordering` (and the
   directors too when title.crew is absent) into a staging table of (film, role, order, person);
4. name.basics -> names of the people actually referenced (a set of ints, not 15M names);
5. one ordered join walks films and people together and yields finished films.
"""

from __future__ import annotations

import contextlib
import operator
import os
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

from watchlist.catalog.importers.base import CatalogImportError, Progress, open_text
from watchlist.catalog.importers.genres import map_genres
from watchlist.catalog.importers.records import RUNTIMES, YEARS, clean_number, make_film
from watchlist.catalog.model import Film

SOURCE = "imdb"
CREDIT = "Information courtesy of IMDb (https://www.imdb.com). Used with permission."
NULL = "\\N"
MAX_CAST = 10
DIRECTOR, ACTOR = 0, 1
_BATCH = 20000
_PROGRESS_EVERY = 50000

FILES = {
    "basics": ("title.basics", ("tconst", "titleType", "primaryTitle", "originalTitle",
                                "isAdult", "startYear", "runtimeMinutes", "genres")),
    "ratings": ("title.ratings", ("tconst", "numVotes")),
    "crew": ("title.crew", ("tconst", "directors")),
    "principals": ("title.principals", ("tconst", "ordering", "nconst", "category")),
    "names": ("name.basics", ("nconst", "primaryName")),
}  # fmt: skip
REQUIRED = ("basics", "principals", "names")


def find_file(folder: Path, stem: str) -> Path | None:
    for name in (f"{stem}.tsv.gz", f"{stem}.tsv"):
        if (folder / name).is_file():
            return folder / name
    return None


def _batched(cursor: sqlite3.Cursor) -> Iterator[Sequence]:
    while rows := cursor.fetchmany(_BATCH):
        yield from rows


def _number(text: str) -> int:
    """tt0000001 / nm0000001 -> 1."""
    return int(text[2:])


class ImdbImporter:
    """Films from an IMDb datasets folder; see the module docstring for the passes."""

    source = SOURCE
    credit = CREDIT

    def __init__(
        self,
        folder: Path,
        *,
        min_votes: int = 0,
        tv_movies: bool = False,
        progress: Progress | None = None,
        work_dir: Path | None = None,
    ) -> None:
        self.folder = folder
        self.min_votes = min_votes
        self.types = {"movie", "tvMovie"} if tv_movies else {"movie"}
        self.progress = progress or Progress(enabled=False)
        self.work_dir = work_dir or folder
        self.skipped = 0
        self.notes: list[str] = []
        self.paths = self._locate()

    @property
    def description(self) -> str:
        kinds = "films and TV films" if "tvMovie" in self.types else "films"
        votes = f", at least {self.min_votes:,} votes" if self.min_votes else ""
        return f"IMDb non-commercial datasets: {kinds}{votes}"

    def _locate(self) -> dict[str, Path]:
        if not self.folder.is_dir():
            raise CatalogImportError(f"{self.folder} is not a folder of IMDb .tsv.gz files")
        paths = {key: find_file(self.folder, stem) for key, (stem, _) in FILES.items()}
        needed = [*REQUIRED, *(["ratings"] if self.min_votes else [])]
        missing = [FILES[key][0] for key in needed if paths[key] is None]
        if missing:
            raise CatalogImportError(
                f"{self.folder} has no {', '.join(f'{m}.tsv.gz' for m in missing)}"
                " (download them from https://datasets.imdbws.com)"
            )
        return {key: path for key, path in paths.items() if path is not None}

    # -- reading TSVs ---------------------------------------------------------------------

    def _rows(self, key: str) -> Iterator[tuple[str, ...]]:
        """The wanted columns of every row of one file, in FILES order (as a tuple)."""
        path = self.paths[key]
        stem, columns = FILES[key]
        self.progress.start(f"imdb: {path.name}")
        with open_text(path) as text:
            header = text.readline().rstrip("\n").split("\t")
            missing = [column for column in columns if column not in header]
            if missing:
                raise CatalogImportError(
                    f"{path.name}: missing columns {', '.join(missing)}; is this {stem}?"
                )
            picks = [header.index(column) for column in columns]
            pick = operator.itemgetter(*picks)
            # Split only as far as the last wanted column (characters can be long).
            last = max(picks)
            splits = last + 1 if last + 1 < len(header) else last
            bad = number = 0
            update, every = self.progress.update, _PROGRESS_EVERY
            for number, line in enumerate(text, 1):
                fields = line.split("\t", splits)
                if len(fields) <= last:
                    bad += 1
                    if bad > 1000 and bad * 2 > number:
                        raise CatalogImportError(f"{path.name}: rows do not match its header")
                    continue
                if splits == last:
                    fields[last] = fields[last].rstrip("\n")
                yield pick(fields)
                if not number % every:
                    update(number)
            update(number)
        self.progress.done()
        if bad:
            self.notes.append(f"{path.name}: {bad:,} malformed rows skipped")

    # -- the passes -----------------------------------------------------------------------

    def films(self) -> Iterator[tuple[Film, int | None]]:
        staging = self.work_dir / f".imdb-staging-{os.getpid()}-{uuid.uuid4().hex[:8]}.sqlite"
        db = sqlite3.connect(staging, isolation_level=None)
        try:
            for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -262144",
                           "temp_store = FILE"):  # fmt: skip
                db.execute(f"PRAGMA {pragma}")
            db.executescript(
                """
                CREATE TABLE t_films (tconst INTEGER PRIMARY KEY, id TEXT, title TEXT,
                    original TEXT, year INTEGER, runtime INTEGER, genres TEXT, votes INTEGER);
                CREATE TABLE t_people (tconst INTEGER, role INTEGER, ordering INTEGER,
                    nconst INTEGER, PRIMARY KEY (tconst, role, ordering, nconst)) WITHOUT ROWID;
                CREATE TABLE t_names (nconst INTEGER PRIMARY KEY, name TEXT);
                """
            )
            wanted = self._load_titles(db, self._load_votes())
            self._load_people(db, wanted)
            del wanted
            self._load_names(db)
            yield from self._assemble(db)
        finally:
            db.close()
            with contextlib.suppress(FileNotFoundError):
                staging.unlink()

    def _load_votes(self) -> dict[int, int]:
        votes: dict[int, int] = {}
        if "ratings" not in self.paths:
            return votes
        for tconst, count in self._rows("ratings"):
            with contextlib.suppress(ValueError):
                votes[_number(tconst)] = int(count)
        return votes

    def _load_titles(self, db: sqlite3.Connection, votes: dict[int, int]) -> set[int]:
        wanted: set[int] = set()
        batch: list[tuple] = []
        types, min_votes = self.types, self.min_votes
        db.execute("BEGIN")
        for tconst, kind, title, original, adult, year, runtime, genres in self._rows("basics"):
            if kind not in types or adult == "1":
                continue
            try:
                number = _number(tconst)
            except ValueError:
                self.skipped += 1
                continue
            count = votes.get(number)
            if (count or 0) < min_votes or not title.strip() or number in wanted:
                continue
            wanted.add(number)
            title = title.strip()
            original = original.strip() if original != NULL else ""
            batch.append(
                (
                    number, tconst, title,
                    original if original and original != title else None,
                    clean_number(year, YEARS), clean_number(runtime, RUNTIMES),
                    genres if genres != NULL else "", count,
                )
            )  # fmt: skip
            if len(batch) >= _BATCH:
                db.executemany("INSERT INTO t_films VALUES (?,?,?,?,?,?,?,?)", batch)
                batch.clear()
        db.executemany("INSERT INTO t_films VALUES (?,?,?,?,?,?,?,?)", batch)
        db.execute("COMMIT")
        return wanted

    def _load_people(self, db: sqlite3.Connection, wanted: set[int]) -> None:
        batch: list[tuple[int, int, int, int]] = []
        insert = "INSERT OR IGNORE INTO t_people VALUES (?,?,?,?)"
        db.execute("BEGIN")
        has_crew = "crew" in self.paths
        if has_crew:
            for tconst, directors in self._rows("crew"):
                if directors == NULL:
                    continue
                try:
                    number = _number(tconst)
                    if number not in wanted:
                        continue
                    for order, nconst in enumerate(directors.split(",")):
                        batch.append((number, DIRECTOR, order, _number(nconst)))
                except ValueError:
                    self.skipped += 1
                if len(batch) >= _BATCH:
                    db.executemany(insert, batch)
                    batch.clear()
        roles = {"actor": ACTOR, "actress": ACTOR}
        if not has_crew:
            roles["director"] = DIRECTOR
        for tconst, ordering, nconst, category in self._rows("principals"):
            role = roles.get(category)
            if role is None:
                continue
            try:
                number = _number(tconst)
                if number in wanted:
                    batch.append((number, role, int(ordering), _number(nconst)))
            except ValueError:
                self.skipped += 1
            if len(batch) >= _BATCH:
                db.executemany(insert, batch)
                batch.clear()
        db.executemany(insert, batch)
        db.execute("COMMIT")

    def _load_names(self, db: sqlite3.Connection) -> None:
        people = {row[0] for row in db.execute("SELECT DISTINCT nconst FROM t_people")}
        batch: list[tuple[int, str]] = []
        db.execute("BEGIN")
        for nconst, name in self._rows("names"):
            try:
                number = _number(nconst)
            except ValueError:
                continue
            if number in people and name != NULL and name.strip():
                batch.append((number, name.strip()))
                if len(batch) >= _BATCH:
                    db.executemany("INSERT OR IGNORE INTO t_names VALUES (?,?)", batch)
                    batch.clear()
        db.executemany("INSERT OR IGNORE INTO t_names VALUES (?,?)", batch)
        db.execute("COMMIT")

    def _assemble(self, db: sqlite3.Connection) -> Iterator[tuple[Film, int | None]]:
        self.progress.start("imdb: writing films")
        people = _batched(
            db.execute(
                "SELECT p.tconst, p.role, n.name FROM t_people p JOIN t_names n USING (nconst)"
                " ORDER BY p.tconst, p.role, p.ordering"
            )
        )
        films = db.cursor().execute(
            "SELECT tconst, id, title, original, year, runtime, genres, votes"
            " FROM t_films ORDER BY tconst"
        )
        pending: Sequence | None = next(people, None)
        number = 0
        for number, row in enumerate(films, 1):
            tconst = row[0]
            directors: list[str] = []
            cast: list[str] = []
            while pending is not None and pending[0] <= tconst:
                if pending[0] == tconst:
                    names = directors if pending[1] == DIRECTOR else cast
                    if pending[2] not in names:
                        names.append(pending[2])
                pending = next(people, None)
            film = make_film(
                row[1],
                row[2],
                original_title=row[3],
                year=row[4],
                runtime=row[5],
                directors=tuple(directors),
                cast=tuple(cast[:MAX_CAST]),
                genres=map_genres(row[6].split(",")) if row[6] else (),
            )
            yield film, row[7]
            if not number % _PROGRESS_EVERY:
                self.progress.update(number)
        self.progress.update(number)
        self.progress.done()
