"""The search index of an imported catalog: saved in the data home, memory-mapped on later
opens, rebuilt when the catalog changes or the folder is damaged."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from watchlist.catalog.importers.records import make_film
from watchlist.catalog.importers.run import import_films
from watchlist.catalog.loader import load_catalog
from watchlist.catalog.model import Film
from watchlist.catalog.sqlite_catalog import MergedCatalog
from watchlist.search import persist
from watchlist.search.engine import SearchEngine, open_engine
from watchlist.search.index import BlobStrings
from watchlist.services import Services

QUERIES = (
    "imported film 7",
    "importd flm 12",
    "actress 3",
    "directr 40",
    "film importe",
    "the perf",
    "the perfecton",
    "alison wiliams",
    "i",
    "dr",
    "drama year:1960-1969",
    "cast:actor 5",
    "genre:drama actor",
    "kubrik",
)


def imported(n: int, start: int = 1, source: str = "imdb") -> list[tuple[Film, int | None]]:
    rows: list[tuple[Film, int | None]] = [
        (
            make_film(
                f"tt{i:07d}",
                f"Imported Film {i}",
                original_title=f"Film Importé {i}" if i % 2 else None,
                year=1950 + i % 70,
                directors=(f"Director {i}",),
                cast=(f"Actor {i}", f"Actress {i % 9}"),
                genres=("Drama",) if i % 3 else ("Comedy", "Drama"),
                runtime=90,
            ),
            i * 10,
        )
        for i in range(start, start + n)
    ]
    if start == 1:
        # Prefix rivals for "the perf": the short title scores higher on text alone.
        rows.append((make_film("tt0900001", "The Perfect", year=2001), 1))
        rows.append((make_film("tt0900002", "The Perfectly Hidden Valley", year=1990), 500_000))
    return rows


def do_import(home: Path, rows: list[tuple[Film, int | None]], source: str = "imdb") -> None:
    import_films(home, source, iter(rows), description=f"{source} test")


@pytest.fixture
def home(watchlist_home: Path) -> Path:
    do_import(watchlist_home, imported(80))
    return watchlist_home


def cache(home: Path) -> Path:
    return home / "search-index"


def folders(home: Path) -> list[Path]:
    return sorted(p for p in cache(home).iterdir() if p.is_dir())


def answers(engine: SearchEngine, statuses: dict[str, str] | None = None) -> list:
    return [
        (
            query,
            result.total,
            [(hit.film.id, hit.score, hit.matched) for hit in result.hits],
        )
        for query in QUERIES
        for result in [engine.search(query, limit=20, statuses=statuses)]
    ]


def test_the_saved_index_opens_memory_mapped_with_the_same_results(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = load_catalog(home)
    assert isinstance(catalog, MergedCatalog)
    built = open_engine(catalog, cache(home))
    (folder,) = folders(home)
    assert (folder / "meta.json").exists() and (folder / "text.bin").exists()

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("the saved index should be opened, not rebuilt")

    monkeypatch.setattr(persist, "build_index", no_build)
    opened = open_engine(load_catalog(home), cache(home))
    index = opened.index
    assert isinstance(index.entry_text, BlobStrings)
    assert isinstance(index.gram_entries.base, np.memmap)
    assert isinstance(index.entry_films.base, np.memmap)

    in_memory = SearchEngine(catalog)  # built in this process, never saved
    assert answers(opened) == answers(in_memory) == answers(built)
    assert opened.search("imported film 7", limit=1).hits[0].film.id == "tt0000007"
    hits = opened.search("film importe 7", limit=20).hits
    hit = next(h for h in hits if h.film.id == "tt0000007")
    assert hit.score == 99 and hit.matched[0] == "original title: Film Importé 7"


def test_statuses_filter_by_position_over_the_merged_catalog(home: Path) -> None:
    engine = open_engine(load_catalog(home), cache(home))
    statuses = {"tt0000003": "want", "tt0000004": "seen", "gone-film-1999": "want"}
    result = engine.search("imported status:want", limit=50, statuses=statuses)
    assert [hit.film.id for hit in result.hits] == ["tt0000003"]


def test_a_new_import_rebuilds_and_removes_the_stale_index(home: Path) -> None:
    first = open_engine(load_catalog(home), cache(home))
    assert first.search("imported film 130", limit=50).hits[0].film.id != "tt0000130"
    (old,) = folders(home)
    do_import(home, imported(60, start=101, source="wikipedia"), source="wikipedia")
    catalog = load_catalog(home)
    engine = open_engine(catalog, cache(home))
    (new,) = folders(home)
    assert new != old and not old.exists()
    assert engine.index.n_films == len(catalog)
    assert engine.search("imported film 130", limit=1).hits[0].film.id == "tt0000130"
    assert answers(engine) == answers(SearchEngine(catalog))


@pytest.mark.parametrize(
    "damage",
    ["missing array", "truncated array", "bad meta", "short blob", "empty folder"],
)
def test_a_damaged_index_folder_is_rebuilt(home: Path, damage: str) -> None:
    catalog = load_catalog(home)
    expected = answers(open_engine(catalog, cache(home)))
    (folder,) = folders(home)
    if damage == "missing array":
        (folder / "gram_entries.npy").unlink()
    elif damage == "truncated array":
        data = (folder / "entry_films.npy").read_bytes()
        (folder / "entry_films.npy").write_bytes(data[: len(data) // 2])
    elif damage == "bad meta":
        (folder / "meta.json").write_text("{not json", encoding="utf-8")
    elif damage == "short blob":
        data = (folder / "text.bin").read_bytes()
        (folder / "text.bin").write_bytes(data[:-5])
    else:
        for path in folder.iterdir():
            path.unlink()
    engine = open_engine(load_catalog(home), cache(home))
    assert answers(engine) == expected
    (rebuilt,) = folders(home)
    meta = json.loads((rebuilt / "meta.json").read_text(encoding="utf-8"))
    assert meta["fingerprint"] == catalog.fingerprint and meta["n_films"] == len(catalog)
    assert isinstance(engine.index.entry_text, BlobStrings)


def test_popularity_lifts_the_popular_film_for_a_prefix(home: Path) -> None:
    catalog = load_catalog(home)
    engine = open_engine(catalog, cache(home))
    rivals = ["tt0900001", "tt0900002"]  # The Perfect (1 vote), ...Hidden Valley (500,000)

    def order(engine: SearchEngine) -> list[str]:
        return [h.film.id for h in engine.search("the perf", limit=10).hits if h.film.id in rivals]

    assert order(engine) == ["tt0900002", "tt0900001"]  # votes beat a slightly closer title
    # Text alone (no popularity) prefers the shorter title.
    assert order(SearchEngine(list(catalog))) == ["tt0900001", "tt0900002"]
    # Bundled films count as popular: The Perfection outranks the imported rivals...
    assert engine.search("the perf", limit=1).hits[0].film.id == "the-perfection-2018"
    assert engine.search("the perfe", limit=1).hits[0].film.id == "the-perfection-2018"
    # ... but an exact title stays first, however obscure.
    assert engine.search("the perfect", limit=1).hits[0].film.id == "tt0900001"


def test_a_bundled_only_catalog_is_indexed_in_memory(watchlist_home: Path) -> None:
    catalog = load_catalog(watchlist_home)
    assert not isinstance(catalog, MergedCatalog)
    engine = open_engine(catalog, cache(watchlist_home))
    assert not cache(watchlist_home).exists()
    assert engine.search("the perfecton", limit=1).hits[0].film.id == "the-perfection-2018"


def test_services_search_opens_the_saved_index(home: Path) -> None:
    services = Services(home)
    assert services.search is services.search
    assert services.search.search("imported film 9", limit=1).hits[0].film.id == "tt0000009"
    assert len(folders(home)) == 1
