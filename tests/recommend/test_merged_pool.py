"""Recommendations over a merged catalog (bundled + imported films in catalog.sqlite): the
pool is the bundled films plus the most popular imported ones, built lazily, and films
outside the pool still work as sources."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from watchlist.catalog.bundled import load_bundled
from watchlist.catalog.importers.records import make_film
from watchlist.catalog.importers.run import import_films
from watchlist.catalog.loader import load_catalog
from watchlist.catalog.model import Film
from watchlist.catalog.sqlite_catalog import ImportedFilms, MergedCatalog
from watchlist.recommend import Recommender, WatchlistSignal
from watchlist.recommend.recommender import DEFAULT_POOL_SIZE, pool_positions

BUNDLED = load_bundled()
B = len(BUNDLED)
POOL = 4


def imported_films() -> list[tuple[Film, int | None]]:
    """Ten imported films; votes 100..1000, so tt..07-tt..10 are the four most popular.
    tt..01 (few votes, outside a pool of 4) shares a director and cast with tt..09."""
    rows = []
    for i in range(1, 11):
        director = "Mara Velez" if i in (1, 9) else f"Director {i}"
        cast = ("Ines Okafor", f"Actor {i}") if i in (1, 9) else (f"Actor {i}", f"Actress {i}")
        film = make_film(
            f"tt{i:07d}",
            f"Harbour Story {i}",
            year=1960 + i,
            directors=(director,),
            cast=cast,
            genres=("Horror", "Mystery") if i in (1, 9) else ("Comedy",),
        )
        rows.append((film, i * 100))
    # The same film as a bundled one: merged, its id an alias of the bundled film.
    perfection = next(f for f in BUNDLED if f.id == "the-perfection-2018")
    rows.append((make_film("tt9000001", perfection.title, year=perfection.year), 50))
    return rows


@pytest.fixture
def merged(watchlist_home: Path) -> MergedCatalog:
    import_films(watchlist_home, "imdb", iter(imported_films()), description="test")
    catalog = load_catalog(watchlist_home)
    assert isinstance(catalog, MergedCatalog) and len(catalog) == B + 10
    return catalog


def test_pool_is_bundled_plus_most_popular_imported(merged: MergedCatalog) -> None:
    positions = list(pool_positions(merged, POOL))
    assert positions == [*range(B), B + 6, B + 7, B + 8, B + 9]
    recommender = Recommender(merged, pool_size=POOL)
    ids = [film.id for film in recommender.films]
    assert ids == [f.id for f in BUNDLED] + [f"tt{i:07d}" for i in (7, 8, 9, 10)]
    assert len(recommender) == B + POOL
    # A pool as large as the imports takes every film.
    assert list(pool_positions(merged, 10)) == list(range(B + 10))
    assert DEFAULT_POOL_SIZE >= 10_000


def test_nothing_is_read_until_first_use(merged: MergedCatalog, monkeypatch) -> None:
    def forbidden(*args, **kwargs):
        raise AssertionError("the recommender read the imported films at construction")

    monkeypatch.setattr(ImportedFilms, "films_at", forbidden)
    monkeypatch.setattr(ImportedFilms, "__iter__", forbidden)
    monkeypatch.setattr(ImportedFilms, "votes", forbidden)
    recommender = Recommender(merged, pool_size=POOL)
    monkeypatch.undo()
    assert recommender.more_like("tt0000009")  # now it builds


def test_more_like_a_pooled_film_recommends_only_pooled_films(merged: MergedCatalog) -> None:
    recommender = Recommender(merged, pool_size=POOL)
    pool = {film.id for film in recommender.films}
    results = recommender.more_like("tt0000009", limit=5)
    assert results and all(r.film.id in pool and r.film.id != "tt0000009" for r in results)
    assert all(r.reasons for r in results)


def test_more_like_a_film_outside_the_pool(merged: MergedCatalog) -> None:
    recommender = Recommender(merged, pool_size=POOL)
    assert "tt0000001" not in {film.id for film in recommender.films}
    results = recommender.more_like("tt0000001", limit=5)
    assert results[0].film.id == "tt0000009"  # same director and lead
    assert any("Mara Velez" in reason or "director" in reason for reason in results[0].reasons)
    assert all(r.film.id != "tt0000001" and r.reasons for r in results)
    film = merged.get("tt0000001")
    assert film is not None
    same = recommender.more_like_film(film, limit=5)
    assert [r.film.id for r in same] == [r.film.id for r in results]


def test_more_like_an_alias_is_the_bundled_film(merged: MergedCatalog) -> None:
    recommender = Recommender(merged, pool_size=POOL)
    by_alias = recommender.more_like("tt9000001", limit=5)
    by_id = recommender.more_like("the-perfection-2018", limit=5)
    assert [r.film.id for r in by_alias] == [r.film.id for r in by_id]
    assert "the-perfection-2018" not in [r.film.id for r in by_alias]


def test_for_you_uses_films_outside_the_pool(merged: MergedCatalog) -> None:
    recommender = Recommender(merged, pool_size=POOL)
    results = recommender.for_you([WatchlistSignal("tt0000001", "seen", 5)], limit=5)
    assert results[0].film.id == "tt0000009"
    assert all(r.film.id != "tt0000001" and r.reasons for r in results)
    assert any("Harbour Story 1" in reason for reason in results[0].reasons)
    # Mixed with pooled and bundled films; a film on the list is never recommended.
    signals = [
        WatchlistSignal("tt0000001", "seen", 4),
        WatchlistSignal("tt0000009", "seen", 5),
        WatchlistSignal("the-perfection-2018", "want"),
        WatchlistSignal("tt9000001", "seen", 5),  # the alias of The Perfection
    ]
    ids = [r.film.id for r in recommender.for_you(signals, limit=10)]
    assert ids and not {"tt0000001", "tt0000009", "the-perfection-2018"} & set(ids)


def test_index_is_built_once_across_threads(merged: MergedCatalog) -> None:
    recommender = Recommender(merged, pool_size=POOL)
    indexes = []
    threads = [threading.Thread(target=lambda: indexes.append(recommender.index)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(indexes) == 8 and all(index is indexes[0] for index in indexes)
    assert indexes[0].films == B + POOL


def test_a_plain_catalog_pools_every_film(tmp_path: Path) -> None:
    catalog = load_catalog(tmp_path)
    assert list(pool_positions(catalog, 5)) == list(range(len(catalog)))
