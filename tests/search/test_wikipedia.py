"""Typo'd queries on the 36k-film Wikipedia set find the intended film in the top 10."""

from __future__ import annotations

import pytest

from watchlist.catalog.model import Film
from watchlist.search import SearchEngine


@pytest.fixture(scope="module")
def engine(wikipedia_films: list[Film]) -> SearchEngine:
    return SearchEngine(wikipedia_films)


@pytest.mark.parametrize(
    ("query", "title", "year"),
    [
        ("gone with the wnd", "Gone with the Wind", 1939),
        ("the perfct strom", "The Perfect Storm", 2000),
        ("casablanka", "Casablanca", 1942),
        ("jurasic park", "Jurassic Park", 1993),
        ("the godfater", "The Godfather", 1972),
        ("citizen kane", "Citizen Kane", 1941),
        ("star wars", "Star Wars", 1977),
        ("the wizzard of oz", "The Wizard of Oz", 1939),
    ],
)
def test_typo_titles_in_the_top_10(engine: SearchEngine, query: str, title: str, year: int) -> None:
    labels = [(hit.film.title, hit.film.year) for hit in engine.search(query, limit=10).hits]
    assert (title, year) in labels, labels


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("humphrey bogrt", "Humphrey Bogart"),
        ("cary grnt", "Cary Grant"),
        ("meryl streap", "Meryl Streep"),
        ("tom hanks", "Tom Hanks"),
    ],
)
def test_typo_names_in_the_top_10(engine: SearchEngine, query: str, name: str) -> None:
    hits = engine.search(query, limit=10).hits
    assert hits and all(name in hit.film.cast for hit in hits)
    assert f"cast: {name}" in hits[0].matched


def test_filters_on_the_big_set(engine: SearchEngine) -> None:
    result = engine.search("cast:bogart year:1940-1949", limit=500)
    assert result.total > 10
    assert all(1940 <= (hit.film.year or 0) <= 1949 for hit in result.hits)
    assert all(any("Bogart" in name for name in hit.film.cast) for hit in result.hits)
