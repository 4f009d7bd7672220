"""Import the IMDb non-commercial datasets (title.basics, title.principals, name.basics,
title.crew, title.ratings; `.tsv.gz` or `.tsv`; `\\N` is null).

Memory stays bounded by streaming every file once and parking what must be joined in
temporary SQLite files beside the catalog (journal and fsync off: they are scratch files,
deleted afterwards; only the final catalog is written with care):

1. title.ratings -> votes per title (a dict; ~1.5M rows at real scale);
2. title.basics -> the wanted films (titleType movie, optionally tvMovie; not adult; at least
   `min_votes`) into a staging table, and their tconsts as a set;
3. title.crew -> directors; title.principals -> top-billed actors by `ordering` (and the
   directors too when title.crew is absent) into a staging table of (film, role, order, person);
4. name.basics -> (person, name) into a staging table of its own. For a big file this pass
   runs in a second process, in parallel with passes 1-3 (it needs nothing from them);
5. one ordered join walks films and people together and yields finished records.

Speed: files are read in multi-megabyte chunks of text, split into rows with `str.split`
in comprehensions, and written with `executemany`; the garbage collector is paused during
the passes (they allocate millions of short-lived lists and no cycles). Films come out as
plain records (`ImdbRecord`), not `Film` objects, so `run.import_films` writes them
straight into the catalog; `films()` still yields `(Film, votes)` pairs for other callers.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from watchlist.catalog.importers.base import CatalogImportError, Progress, open_text
from watchlist.catalog.importers.genres import map_genres
from watchlist.catalog.importers.records import RUNTIMES, YEARS
from watchlist.catalog.model import Film

SOURCE = "imdb"
CREDIT = "Information courtesy of IMDb (https://www.imdb.com). Used with permission."
NULL = "\\N"
SEP = "\x1f"  # the catalog's list separator (sqlite_catalog.SEP)
MAX_CAST = 10
DIRECTOR, ACTOR = 0, 1
_CHUNK = 1 << 22  # characters of text per chunk
_FETCH = 50000
#: name.basics bigger than this (bytes on disk) is read by a second process.
PARALLEL_NAMES_BYTES = 8 << 20

FILES = {
    "basics": ("title.basics", ("tconst", "titleType", "primaryTitle", "originalTitle",
                                "isAdult", "startYear", "runtimeMinutes", "genres")),
    "ratings": ("title.ratings", ("tconst", "numVotes")),
    "crew": ("title.crew", ("tconst", "directors")),
    "principals": ("title.principals", ("tconst", "ordering", "nconst", "category")),
    "names": ("name.basics", ("nconst", "primaryName")),
}  # fmt: skip
REQUIRED = ("basics", "principals", "names")
_STAGING_PRAGMAS = ("journal_mode = OFF", "synchronous = OFF", "cache_size = -262144",
                    "temp_store = FILE", "locking_mode = EXCLUSIVE")  # fmt: skip


class ImdbRecord(NamedTuple):
    """One imported film as the catalog stores it (lists joined with SEP)."""

    id: str
    title: str
    original_title: str | None
    year: int | None
    directors: str
    cast: str
    genres: str
    runtime: int | None
    votes: int | None

    def film(self) -> Film:
        def split(text: str) -> tuple[str, ...]:
            return tuple(text.split(SEP)) if text else ()

        return Film(
            self.id, self.title, self.original_title, self.year, split(self.directors),
            split(self.cast), split(self.genres), (), self.runtime, (), "",
        )  # fmt: skip


def find_file(folder: Path, stem: str) -> Path | None:
    for name in (f"{stem}.tsv.gz", f"{stem}.tsv"):
        if (folder / name).is_file():
            return folder / name
    return None


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    for pragma in _STAGING_PRAGMAS:
        db.execute(f"PRAGMA {pragma}")
    return db


def _number_or_none(text: str, bounds: tuple[int, int]) -> int | None:
    if text.isdigit():
        value = int(text)
        return value if bounds[0] <= value <= bounds[1] else None
    return None


class TsvReader:
    """One IMDb TSV read in chunks of rows (each row its fields, split only as far as the
    last wanted column); checks the header, counts malformed rows, reports progress."""

    def __init__(self, path: Path, key: str) -> None:
        self.path = path
        self.stem, self.columns = FILES[key]
        self.bad = 0
        self.rows = 0

    def check_header(self) -> None:
        with open_text(self.path) as text:
            self._picks(text.readline())

    def _picks(self, header_line: str) -> list[int]:
        header = header_line.rstrip("\r\n").split("\t")
        missing = [column for column in self.columns if column not in header]
        if missing:
            raise CatalogImportError(
                f"{self.path.name}: missing columns {', '.join(missing)}; is this {self.stem}?"
            )
        return [header.index(column) for column in self.columns]

    def chunks(
        self, report: Callable[[int], None] | None = None
    ) -> Iterator[tuple[list[list[str]], list[int]]]:
        """(rows, picks): `row[picks[i]]` is the i-th wanted column of a row."""
        with open_text(self.path) as text:
            picks = self._picks(text.readline())
            last = max(picks)
            splits = last + 1
            rest = ""
            while True:
                chunk = text.read(_CHUNK)
                if not chunk:
                    lines = [rest] if rest else []
                else:
                    lines = (rest + chunk).split("\n")
                    rest = lines.pop()
                if lines:
                    rows = [line.split("\t", splits) for line in lines]
                    if min(map(len, rows)) <= last:
                        good = [row for row in rows if len(row) > last]
                        self.bad += len(rows) - len(good)
                        self.rows += len(rows)
                        if self.bad > 1000 and self.bad * 2 > self.rows:
                            raise CatalogImportError(
                                f"{self.path.name}: rows do not match its header"
                            )
                        rows = good
                    else:
                        self.rows += len(rows)
                    yield rows, picks
                    if report:
                        report(self.rows)
                if not chunk:
                    break


def load_names(path: Path, staging: Path, report: Callable[[int], None] | None = None) -> int:
    """name.basics -> table t_names(nconst INTEGER PRIMARY KEY, name) in its own staging
    file; returns the number of malformed rows. Runs in-process or in a second process."""
    reader = TsvReader(path, "names")
    db = _connect(staging)
    try:
        db.execute("CREATE TABLE t_names (nconst INTEGER PRIMARY KEY, name TEXT)")
        db.execute("BEGIN")
        insert = "INSERT OR IGNORE INTO t_names VALUES (?,?)"
        with _gc_paused():
            for rows, (n, name) in reader.chunks(report):
                db.executemany(
                    insert,
                    [
                        (row[n][2:], row[name].strip())
                        for row in rows
                        if row[n][2:].isdigit() and row[name] != NULL and row[name].strip()
                    ],
                )
        db.execute("COMMIT")
    finally:
        db.close()
    return reader.bad


def _names_child(path: str, staging: str, counter, sender) -> None:
    """Body of the second process: load_names, the outcome sent back through `sender`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle

    def report(rows: int) -> None:
        counter.value = rows

    try:
        sender.send(("ok", load_names(Path(path), Path(staging), report)))
    except CatalogImportError as error:
        sender.send(("error", str(error)))
    except BaseException as error:
        sender.send(("error", f"{Path(path).name}: {type(error).__name__}: {error}"))
    finally:
        sender.close()


class _NamesJob:
    """name.basics loaded by a second process while the main one reads the titles."""

    def __init__(self, path: Path, staging: Path) -> None:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.path = path
        self.counter = context.Value("q", 0, lock=False)
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_names_child,
            args=(str(path), str(staging), self.counter, sender),
            name="watchlist-imdb-names",
            daemon=True,
        )
        self.process.start()
        sender.close()

    def wait(self, progress: Progress) -> int:
        progress.start(f"imdb: {self.path.name}")
        while not self.receiver.poll(0.2):
            progress.update(self.counter.value)
            if not self.process.is_alive() and not self.receiver.poll(0.2):
                raise CatalogImportError(f"{self.path.name}: the reading process stopped")
        try:
            status, value = self.receiver.recv()
        except EOFError:
            raise CatalogImportError(f"{self.path.name}: the reading process stopped") from None
        self.process.join()
        if status != "ok":
            raise CatalogImportError(value)
        progress.update(self.counter.value)
        progress.done()
        return value

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(5)
        self.receiver.close()


class ImdbFilms:
    """What `ImdbImporter.films()` returns: iterating gives `(Film, votes)` pairs;
    `records()` gives the same films as `ImdbRecord`s, the fast path for the writer."""

    def __init__(self, importer: ImdbImporter) -> None:
        self._importer = importer

    def records(self) -> Iterator[ImdbRecord]:
        return self._importer.records()

    def __iter__(self) -> Iterator[tuple[Film, int | None]]:
        for record in self._importer.records():
            yield record.film(), record.votes


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
        parallel: bool | None = None,
    ) -> None:
        """`parallel`: read name.basics in a second process (None: when it is big)."""
        self.folder = folder
        self.min_votes = min_votes
        self.types = {"movie", "tvMovie"} if tv_movies else {"movie"}
        self.progress = progress or Progress(enabled=False)
        self.work_dir = work_dir or folder
        self.skipped = 0
        self.notes: list[str] = []
        self.paths = self._locate()
        self.parallel = (
            self.paths["names"].stat().st_size > PARALLEL_NAMES_BYTES
            if parallel is None
            else parallel
        )

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

    def _reader(self, key: str) -> TsvReader:
        return TsvReader(self.paths[key], key)

    def _pass(self, key: str) -> Iterator[tuple[list[list[str]], list[int]]]:
        """The chunks of one file, with a progress line and a note on malformed rows."""
        reader = self._reader(key)
        self.progress.start(f"imdb: {reader.path.name}")
        yield from reader.chunks(self.progress.update)
        self.progress.done()
        self._note_bad(reader.path, reader.bad)

    def _note_bad(self, path: Path, bad: int) -> None:
        if bad:
            self.notes.append(f"{path.name}: {bad:,} malformed rows skipped")

    # -- the passes -----------------------------------------------------------------------

    def films(self) -> ImdbFilms:
        return ImdbFilms(self)

    def records(self) -> Iterator[ImdbRecord]:
        for key in self.paths:  # a wrong or broken header fails before any work is done
            self._reader(key).check_header()
        tag = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        staging = self.work_dir / f".imdb-staging-{tag}.sqlite"
        names = self.work_dir / f".imdb-names-{tag}.sqlite"
        job: _NamesJob | None = None
        db: sqlite3.Connection | None = None
        try:
            if self.parallel:
                job = _NamesJob(self.paths["names"], names)
            db = _connect(staging)
            db.executescript(
                """
                CREATE TABLE t_films (tconst INTEGER PRIMARY KEY, id TEXT, title TEXT,
                    original TEXT, year INTEGER, runtime INTEGER, genres TEXT, votes INTEGER);
                CREATE TABLE t_people (tconst INTEGER, role INTEGER, ordering INTEGER,
                    nconst INTEGER, PRIMARY KEY (tconst, role, ordering, nconst))
                    WITHOUT ROWID;
                """
            )
            with _gc_paused():
                wanted = self._load_titles(db, self._load_votes())
                self._load_people(db, wanted)
                del wanted
            if job is not None:
                self._note_bad(self.paths["names"], job.wait(self.progress))
            else:
                self.progress.start(f"imdb: {self.paths['names'].name}")
                bad = load_names(self.paths["names"], names, self.progress.update)
                self.progress.done()
                self._note_bad(self.paths["names"], bad)
            db.execute("ATTACH DATABASE ? AS nm", (str(names),))
            db.execute("PRAGMA nm.cache_size = -262144")  # names are looked up at random
            yield from self._assemble(db)
        finally:
            if job is not None:
                job.stop()
            if db is not None:
                db.close()
            for path in (staging, names):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()

    def _load_votes(self) -> dict[str, int]:
        votes: dict[str, int] = {}
        if "ratings" not in self.paths:
            return votes
        for rows, (t, v) in self._pass("ratings"):
            votes.update([(row[t], int(row[v])) for row in rows if row[v].isdigit()])
        return votes

    def _load_titles(self, db: sqlite3.Connection, votes: dict[str, int]) -> set[str]:
        wanted: set[str] = set()
        types, min_votes = self.types, self.min_votes
        db.execute("BEGIN")
        insert = "INSERT OR IGNORE INTO t_films VALUES (?,?,?,?,?,?,?,?)"
        for rows, (t, k, p, o, a, y, r, g) in self._pass("basics"):
            batch = []
            for row in [row for row in rows if row[k] in types and row[a] != "1"]:
                tconst = row[t]
                number = tconst[2:]
                if not number.isdigit():
                    self.skipped += 1
                    continue
                count = votes.get(tconst)
                title = row[p].strip()
                if (count or 0) < min_votes or not title or tconst in wanted:
                    continue
                wanted.add(tconst)
                original = row[o].strip() if row[o] != NULL else ""
                genres = row[g]
                batch.append(
                    (
                        number, tconst, title,
                        original if original and original != title else None,
                        _number_or_none(row[y], YEARS), _number_or_none(row[r], RUNTIMES),
                        genres if genres != NULL else "", count,
                    )
                )  # fmt: skip
            db.executemany(insert, batch)
        db.execute("COMMIT")
        return wanted

    def _load_people(self, db: sqlite3.Connection, wanted: set[str]) -> None:
        insert = "INSERT OR IGNORE INTO t_people VALUES (?,?,?,?)"
        db.execute("BEGIN")
        has_crew = "crew" in self.paths
        if has_crew:
            for rows, (t, d) in self._pass("crew"):
                batch = []
                for row in rows:
                    tconst, directors = row[t], row[d]
                    if directors == NULL or tconst not in wanted:
                        continue
                    number = tconst[2:]
                    for order, nconst in enumerate(directors.split(",")):
                        batch.append((number, DIRECTOR, order, nconst[2:]))
                db.executemany(insert, batch)
        roles = {"actor": ACTOR, "actress": ACTOR}
        if not has_crew:
            roles["director"] = DIRECTOR
        get = roles.get
        for rows, (t, o, n, c) in self._pass("principals"):
            db.executemany(
                insert,
                [
                    (row[t][2:], role, row[o], row[n][2:])
                    for row in rows
                    if (role := get(row[c])) is not None and row[t] in wanted
                ],
            )
        db.execute("COMMIT")

    def _assemble(self, db: sqlite3.Connection) -> Iterator[ImdbRecord]:
        self.progress.start("imdb: joining credits")
        # A malformed ordering stays TEXT under INTEGER affinity: typeof() leaves it out.
        people = db.execute(
            "SELECT p.tconst, p.role, n.name FROM t_people p JOIN nm.t_names n"
            " ON n.nconst = p.nconst WHERE typeof(p.ordering) = 'integer'"
            " ORDER BY p.tconst, p.role, p.ordering"
        )
        buffer = people.fetchmany(_FETCH)
        films = db.cursor().execute(
            "SELECT tconst, id, title, original, year, runtime, genres, votes"
            " FROM t_films ORDER BY tconst"
        )
        self.progress.done()
        self.progress.start("imdb: writing films")
        genre_cache: dict[str, str] = {}
        at, pending, number = 0, None, 0
        update = self.progress.update
        with _gc_paused():
            while batch := films.fetchmany(_FETCH):
                for tconst, film_id, title, original, year, runtime, genres, votes in batch:
                    directors: list[str] = []
                    cast: list[str] = []
                    while True:
                        if pending is None:
                            if at == len(buffer):
                                buffer, at = people.fetchmany(_FETCH), 0
                                if not buffer:
                                    break
                            pending = buffer[at]
                            at += 1
                        if pending[0] > tconst:
                            break
                        if pending[0] == tconst:
                            names = directors if pending[1] == DIRECTOR else cast
                            if pending[2] not in names:
                                names.append(pending[2])
                        pending = None
                    mapped = genre_cache.get(genres)
                    if mapped is None:
                        mapped = genre_cache[genres] = SEP.join(
                            map_genres(genres.split(",")) if genres else ()
                        )
                    yield ImdbRecord(
                        film_id, title, original, year, SEP.join(directors),
                        SEP.join(cast[:MAX_CAST]), mapped, runtime, votes,
                    )  # fmt: skip
                number += len(batch)
                update(number)
        self.progress.done()
