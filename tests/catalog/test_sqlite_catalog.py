"""catalog.sqlite: the merged catalog over bundled + imported films, merging, atomic writes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from watchlist.catalog.bundled import load_bundled
from watchlist.catalog.catalog import Catalog
from watchlist.catalog.importers.records import make_film
from watchlist.catalog.importers.run import import_films, remove_imported
from watchlist.catalog.loader import load_catalog
from watchlist.catalog.model import Film
from watchlist.catalog.sqlite_catalog import MergedCatalog, catalog_path
from watchlist.errors import AmbiguousFilm, FilmNotFound

BUNDLED = load_bundled()
B = len(BUNDLED)


def films(n: int, prefix: str = "tt", start: int = 1) -> list[tuple[Film, int | None]]:
    return [
        (
            make_film(
                f"{prefix}{i:07d}" if prefix == "tt" else f"{prefix}-film-{i}",
                f"Imported Film {i}",
                original_title=f"Film Importe {i}" if i % 2 else None,
                year=1950 + i % 70,
                directors=(f"Director {i}",),
                cast=(f"Actor {i}", f"Actress {i}"),
                genres=("Drama",),
                runtime=90,
            ),
            i * 10,
        )
        for i in range(start, start + n)
    ]


def do_import(home: Path, source: str, rows: list[tuple[Film, int | None]]):
    return import_films(
        home, source, iter(rows), description=f"{source} test", credit=f"{source} credit"
    )


def test_without_imports_the_catalog_is_bundled_only(watchlist_home: Path) -> None:
    catalog = load_catalog(watchlist_home)
    assert type(catalog) is Catalog and len(catalog) == B
    assert [s["name"] for s in catalog.info()["sources"]] == ["bundled"]


def test_merged_catalog_reads_lazily_by_position_id_and_title(watchlist_home: Path) -> None:
    summary = do_import(watchlist_home, "imdb", films(50))
    assert (summary.films, summary.merged) == (50, 0)
    catalog = load_catalog(watchlist_home)
    assert isinstance(catalog, MergedCatalog) and len(catalog) == B + 50
    assert catalog.film_at(0) == BUNDLED[0]
    assert catalog.film_at(B).id == "tt0000001"
    assert catalog.films[B + 49].id == "tt0000050"
    assert catalog.films[-1].id == "tt0000050"
    with pytest.raises(IndexError):
        catalog.film_at(B + 50)
    picked = catalog.films_at([B + 3, 2, B + 40, B + 3])
    assert [f.id for f in picked] == ["tt0000004", BUNDLED[2].id, "tt0000041", "tt0000004"]
    assert [f.id for f in catalog.films[B + 10 : B + 13]] == ["tt0000011", "tt0000012", "tt0000013"]
    assert [f.id for f in catalog] == [f.id for f in BUNDLED] + [f"tt{i:07d}" for i in range(1, 51)]
    film = catalog.get("tt0000007")
    assert (
        film and film.cast == ("Actor 7", "Actress 7") and film.original_title == "Film Importe 7"
    )
    assert "tt0000007" in catalog and "tt9999999" not in catalog
    assert catalog.position_of("tt0000007") == B + 6
    assert catalog.position_of(BUNDLED[5].id) == 5
    assert [f.id for f in catalog.by_title("imported film 7")] == ["tt0000007"]
    assert [f.id for f in catalog.by_title("Film Importé 7")] == ["tt0000007"]
    assert catalog.resolve("Imported Film 8 (1958)").id == "tt0000008"
    assert catalog.resolve("tt0000009").id == "tt0000009"
    assert catalog.resolve("The Perfection").id == "the-perfection-2018"
    with pytest.raises(FilmNotFound) as error:
        catalog.resolve("Imported Flim 12")
    assert any(label.startswith("Imported Film") for label in error.value.suggestions)
    votes = catalog.popularity()
    assert len(votes) == len(catalog) and votes[B] == 10 and votes[0] == 0


def test_same_film_merges_into_the_bundled_one(watchlist_home: Path) -> None:
    perfection = next(f for f in BUNDLED if f.id == "the-perfection-2018")
    same = make_film("tt5936448", "The Perfection", year=2019, cast=("Allison Williams",))
    same_no_people = make_film("wp-the-perfection-2018", "THE PERFECTION!", year=2018)
    other_people = make_film("tt0000002", "The Perfection", year=2018, cast=("Someone Else",))
    far_year = make_film("tt0000003", "The Perfection", year=1990, cast=("Allison Williams",))
    summary = do_import(
        watchlist_home,
        "imdb",
        [(same, 999), (same_no_people, None), (other_people, 5), (far_year, 1)],
    )
    assert (summary.films, summary.merged) == (2, 2)
    catalog = load_catalog(watchlist_home)
    assert len(catalog) == B + 2
    assert catalog.get("tt5936448") == perfection  # alias -> bundled film, summary and tags kept
    assert catalog.get("the-perfection-2018").summary == perfection.summary
    assert catalog.position_of("tt5936448") == catalog.position_of("the-perfection-2018")
    assert catalog.popularity()[catalog.position_of("the-perfection-2018")] == 999
    with pytest.raises(AmbiguousFilm):
        catalog.resolve("The Perfection")  # now three films of that title
    assert catalog.resolve("The Perfection (1990)").id == "tt0000003"


def test_sources_remove_and_reimport(watchlist_home: Path) -> None:
    do_import(watchlist_home, "imdb", films(20))
    do_import(watchlist_home, "wikipedia", films(5, prefix="wp"))
    catalog = load_catalog(watchlist_home)
    info = catalog.info()
    assert info["films"] == B + 25
    assert [(s["name"], s["films"]) for s in info["sources"]] == [
        ("bundled", B),
        ("imdb", 20),
        ("wikipedia", 5),
    ]
    assert info["sources"][1]["credit"] == "imdb credit"
    before = catalog.fingerprint
    do_import(watchlist_home, "imdb", films(3, start=100))  # replaces the earlier imdb import
    catalog = load_catalog(watchlist_home)
    assert len(catalog) == B + 8 and catalog.fingerprint != before
    assert catalog.get("tt0000001") is None and catalog.get("tt0000100")
    assert [f.id for f in catalog.films[B:]][:5] == [f"wp-film-{i}" for i in range(1, 6)]
    assert remove_imported(watchlist_home, "wikipedia") == 5
    catalog = load_catalog(watchlist_home)
    assert [f.id for f in catalog.films[B:]] == ["tt0000100", "tt0000101", "tt0000102"]
    assert remove_imported(watchlist_home, "imdb") == 3
    assert not catalog_path(watchlist_home).exists()
    assert len(load_catalog(watchlist_home)) == B


def test_interrupted_or_failed_import_keeps_the_previous_catalog(watchlist_home: Path) -> None:
    do_import(watchlist_home, "imdb", films(10))
    before = catalog_path(watchlist_home).read_bytes()

    def broken(exception: BaseException) -> Iterator[tuple[Film, int | None]]:
        yield from films(3, start=500)
        raise exception

    for exception in (KeyboardInterrupt(), ValueError("boom")):
        with pytest.raises(type(exception)):
            import_films(watchlist_home, "imdb", broken(exception), description="x")
        assert catalog_path(watchlist_home).read_bytes() == before
    assert sorted(p.name for p in watchlist_home.iterdir()) == ["catalog.lock", "catalog.sqlite"]
    assert len(load_catalog(watchlist_home)) == B + 10


def test_a_damaged_catalog_file_does_not_stop_the_app(watchlist_home: Path) -> None:
    watchlist_home.mkdir(parents=True)
    catalog_path(watchlist_home).write_bytes(b"this is not sqlite" * 100)
    catalog = load_catalog(watchlist_home)
    assert len(catalog) == B
    assert "cannot be read" in catalog.info()["sources"][1]["description"]
    do_import(watchlist_home, "imdb", films(2))  # an import replaces it
    assert len(load_catalog(watchlist_home)) == B + 2


def test_readers_open_the_file_read_only(watchlist_home: Path) -> None:
    do_import(watchlist_home, "imdb", films(2))
    catalog = load_catalog(watchlist_home)
    assert isinstance(catalog, MergedCatalog)
    catalog.film_at(B)
    with pytest.raises(sqlite3.OperationalError):
        catalog.imported._db().execute("DELETE FROM films")
