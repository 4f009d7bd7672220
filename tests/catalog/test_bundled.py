"""The starter catalog: valid, big and broad enough, and factually right."""

from __future__ import annotations

import gzip
import json
from collections import defaultdict

import pytest

from tests.conftest import WIKIPEDIA_FILE, require_shared
from watchlist.catalog.bundled import SUMMARY_WORDS, load_bundled
from watchlist.catalog.model import FILM_KEYS
from watchlist.text import fold, word_count

FILMS = load_bundled()
GENRES = {
    "Action", "Adventure", "Animation", "Biography", "Comedy", "Crime", "Documentary", "Drama",
    "Family", "Fantasy", "History", "Horror", "Music", "Musical", "Mystery", "Romance",
    "Science Fiction", "Sport", "Thriller", "War", "Western",
}  # fmt: skip


def test_catalog_is_big_enough() -> None:
    assert len(FILMS) >= 300


def test_ids_are_unique_and_every_film_round_trips() -> None:
    assert len({film.id for film in FILMS}) == len(FILMS)
    for film in FILMS:
        data = film.to_dict()
        assert tuple(data) == FILM_KEYS
        assert type(film).from_dict(data) == film


@pytest.mark.parametrize("film", FILMS, ids=lambda film: film.id)
def test_film_is_complete(film) -> None:
    words = word_count(film.summary)
    assert SUMMARY_WORDS[0] <= words <= SUMMARY_WORDS[1], f"{film.id}: {words} words"
    assert film.year and film.runtime and film.directors and film.cast and film.countries
    assert film.tags and all(tag == tag.lower() for tag in film.tags)
    assert set(film.genres) <= GENRES, f"{film.id}: unknown genres {set(film.genres) - GENRES}"
    assert film.original_title != film.title


def test_the_perfection_is_the_core() -> None:
    film = next(f for f in FILMS if f.id == "the-perfection-2018")
    assert film.year == 2018 and film.directors == ("Richard Shepard",)
    assert film.cast[:3] == ("Allison Williams", "Logan Browning", "Steven Weber")
    assert {"giallo", "korean horror", "psychological thriller", "prodigy", "music"} <= set(
        film.tags
    )


def test_deep_core_coverage() -> None:
    gialli = [
        f for f in FILMS if {"giallo", "italian horror"} & set(f.tags) and "Italy" in f.countries
    ]
    korean = [
        f for f in FILMS if "South Korea" in f.countries and {"Thriller", "Horror"} & set(f.genres)
    ]
    assert len(gialli) >= 25, [f.id for f in gialli]
    assert len(korean) >= 25, [f.id for f in korean]
    directors = {d for f in FILMS for d in f.directors}
    for name in ("Dario Argento", "Mario Bava", "Lucio Fulci", "Sergio Martino",
                 "Massimo Dallamano", "Park Chan-wook", "Bong Joon-ho", "Kim Jee-woon",
                 "Na Hong-jin"):  # fmt: skip
        assert name in directors, name
    others_of_the_perfection = [
        f
        for f in FILMS
        if f.id != "the-perfection-2018"
        and {"Richard Shepard", "Allison Williams", "Logan Browning", "Steven Weber"}
        & set(f.people)
    ]
    assert len(others_of_the_perfection) >= 4


def test_breadth_across_decades_and_countries() -> None:
    decades = {f.year // 10 * 10 for f in FILMS}
    countries = {c for f in FILMS for c in f.countries}
    genres = {g for f in FILMS for g in f.genres}
    assert {1920, 1950, 1960, 1970, 1980, 1990, 2000, 2010, 2020} <= decades
    assert len(countries) >= 12
    assert len(genres) >= 15


def test_facts_agree_with_wikipedia() -> None:
    """Every bundled film also in the Wikipedia set shares at least one cast name with it."""
    path = require_shared(WIKIPEDIA_FILE)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = json.load(handle)
    by_title: dict[str, list[tuple[int, set[str]]]] = defaultdict(list)
    for row in rows:
        by_title[fold(row["title"])].append((row.get("year") or 0, {fold(n) for n in row["cast"]}))
    wrong, checked = [], 0
    for film in FILMS:
        ours = {fold(name) for name in film.cast}
        for year, cast in by_title.get(fold(film.title), []):
            if cast and abs(year - film.year) <= 1:
                checked += 1
                if not ours & cast:
                    wrong.append(f"{film.label}: {sorted(cast)[:5]}")
    assert checked >= 50, "the cross-check should cover many American films"
    assert not wrong, wrong
