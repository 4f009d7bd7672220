"""Review analysis over a merged catalog (bundled + imported films in catalog.sqlite): only
the bundled films are indexed up front, the imported films a review names are looked up
by title, and linking works as over the bundled catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from watchlist.catalog.bundled import load_bundled
from watchlist.catalog.importers.records import make_film
from watchlist.catalog.importers.run import import_films
from watchlist.catalog.loader import load_catalog
from watchlist.catalog.model import Film
from watchlist.catalog.sqlite_catalog import ImportedFilms, MergedCatalog
from watchlist.reviews import analyse
from watchlist.reviews.index import index_for

# Our own review of an imported-only film, with misspelt names ("Marra Velez", "Okafer").
HARBOUR = """\
Salt Harbour Nights is a small, moody mystery that deserves a wider audience.

Director Marra Velez films the fishing town in long, patient takes, and Ines Okafer is \
superb as the harbour pilot who starts to doubt her own memory. Velez never hurries the \
reveals, and the fog does half the acting.

Okafer carries the last act alone. The ending is a little too neat, but the mood lingers. \
It is a lovely, haunting film and well worth seeking out.
"""


def imported_films() -> list[tuple[Film, int | None]]:
    perfection = next(f for f in load_bundled() if f.id == "the-perfection-2018")
    rows: list[tuple[Film, int | None]] = [
        # Another film of the same title (big catalogs have many): not the one reviewed.
        (make_film("tt0000001", perfection.title, year=1923, cast=("Kelly Greer",)), 10),
        (
            make_film(
                "tt0000002",
                "Salt Harbour Nights",
                year=2016,
                directors=("Mara Velez",),
                cast=("Ines Okafor", "Tomas Reyes"),
                genres=("Mystery",),
            ),
            500,
        ),
        # Names from the seed review as titles of unrelated films.
        (make_film("tt0000003", "Lizzie", year=1964, cast=("Nobody Known",)), 5),
        (make_film("tt0000004", "Allison", year=1990), 5),
    ]
    rows += [
        (make_film(f"tt{i:07d}", f"Filler Film {i}", year=1950 + i % 60), i) for i in range(5, 60)
    ]
    return rows


@pytest.fixture
def merged(watchlist_home: Path) -> MergedCatalog:
    import_films(watchlist_home, "imdb", iter(imported_films()), description="test")
    catalog = load_catalog(watchlist_home)
    assert isinstance(catalog, MergedCatalog)
    return catalog


def test_the_index_of_a_merged_catalog_holds_only_the_bundled_films(
    merged: MergedCatalog, monkeypatch
) -> None:
    def forbidden(*args, **kwargs):
        raise AssertionError("the review index walked the imported films")

    monkeypatch.setattr(ImportedFilms, "__iter__", forbidden)
    index = index_for(merged)
    assert index is index_for(merged.bundled)
    assert "mara velez" not in index.people


def test_seed_review_links_the_same_over_a_merged_catalog(
    merged: MergedCatalog, seed_text: str, monkeypatch
) -> None:
    bundled_only = analyse(seed_text, merged.bundled)
    monkeypatch.setattr(ImportedFilms, "__iter__", None)  # never iterated
    analysis = analyse(seed_text, merged)
    assert analysis.film.id == "the-perfection-2018"  # not the 1923 film of the same title
    assert analysis.mentions == bundled_only.mentions
    assert analysis.summary == bundled_only.summary
    assert analysis.verdict == bundled_only.verdict
    people = {p["name"]: p["as_written"] for p in analysis.people}
    assert people["Steven Weber"] == "Steven Webber"
    assert people["Richard Shepard"] == "Richard Shephard"
    assert {"giallo", "korean horror"} <= set(analysis.influences)


def test_a_review_of_an_imported_film_is_detected_and_linked(merged: MergedCatalog) -> None:
    analysis = analyse(HARBOUR, merged)
    assert analysis.film.id == "tt0000002"
    people = {p["name"]: p for p in analysis.people}
    assert people["Mara Velez"]["as_written"] == "Marra Velez"
    assert people["Mara Velez"]["role"] == "director"
    assert people["Ines Okafor"]["as_written"] == "Ines Okafer"
    assert analysis.verdict != "negative"


def test_film_given_links_its_people(merged: MergedCatalog) -> None:
    film = merged.get("tt0000002")
    assert film is not None
    analysis = analyse(HARBOUR.replace("Salt Harbour Nights", "This film"), merged, film)
    assert analysis.film == film
    assert {"Mara Velez", "Ines Okafor"} <= {p["name"] for p in analysis.people}


def test_one_word_imported_titles_need_a_year(merged: MergedCatalog) -> None:
    text = HARBOUR + "\nIt reminded me of Lizzie (1964), a forgotten gem. Lizzie was better.\n"
    analysis = analyse(text, merged)
    assert analysis.film.id == "tt0000002"
    assert [f["film_id"] for f in analysis.films] == ["tt0000003"]
