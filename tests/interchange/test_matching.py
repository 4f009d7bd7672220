"""Matching rows to catalog films: ids, titles, original titles, years +-1, directors."""

from __future__ import annotations

import pytest

from watchlist.catalog.loader import load_catalog
from watchlist.interchange.matching import match, unmatched_id
from watchlist.interchange.records import ImportRecord

CATALOG = load_catalog()
R = ImportRecord
GOOD = "the-good-the-bad-and-the-ugly-1966"


@pytest.mark.parametrize(
    ("record", "how", "film_id"),
    [
        (ImportRecord("Suspiria", 1977), "title", "suspiria-1977"),
        (ImportRecord("Suspiria", 2018), "title", "suspiria-2018"),
        (ImportRecord("SUSPIRIA", 2017, directors=("Luca Guadagnino",)), "title", "suspiria-2018"),
        (ImportRecord("Suspiria", 1978), "title", "suspiria-1977"),
        (ImportRecord("Amelie", 2001), "title", "amelie-2001"),
        (ImportRecord("Le fabuleux destin d'Amélie Poulain", 2002), "title", "amelie-2001"),
        (
            ImportRecord("Whatever", 2001, original_title="Le Fabuleux Destin d'Amélie Poulain"),
            "title",
            "amelie-2001",
        ),
        (ImportRecord("The Good, the Bad and the Ugly", 1966), "title", GOOD),
        (ImportRecord("Hanyeo", 1960), "title", "the-housemaid-1960"),
        (ImportRecord("The Housemaid", 2010), "title", "the-housemaid-2010"),
        (R("The Housemaid", None, directors=("Kim Ki-young",)), "title", "the-housemaid-1960"),
        (ImportRecord("Suspiria", None), "ambiguous", "unmatched:suspiria"),
        (ImportRecord("Suspiria", 1990), "unmatched", "unmatched:suspiria-1990"),
        (R("Suspiria", 1976, directors=("Someone",)), "unmatched", "unmatched:suspiria-1976"),
        (ImportRecord("No Such Film, Ever", 2017), "unmatched", "unmatched:no-such-film-ever-2017"),
        (ImportRecord("Oldboy", 2003, imdb_id="tt0364569"), "title", "oldboy-2003"),
    ],
)  # fmt: skip
def test_match(record: ImportRecord, how: str, film_id: str) -> None:
    result = match(record, CATALOG)
    assert (result.how, result.film_id) == (how, film_id), result.reason


def test_ambiguous_lists_candidates() -> None:
    result = match(ImportRecord("The Housemaid", None), CATALOG)
    assert result.how == "ambiguous"
    assert {film.id for film in result.candidates} == {"the-housemaid-1960", "the-housemaid-2010"}
    assert "the-housemaid-1960" in result.reason


def test_match_by_imdb_id_when_the_catalog_uses_tconsts() -> None:
    from watchlist.catalog.catalog import Catalog
    from watchlist.catalog.model import Film

    film = Film("tt0076786", "Suspiria", None, 1977, ("Dario Argento",), (), (), (), None, (), "")
    catalog = Catalog([film])
    result = match(ImportRecord("Suspiria (Director's Cut)", 1999, imdb_id="tt0076786"), catalog)
    assert (result.how, result.film_id) == ("id", "tt0076786")


def test_unmatched_ids_are_stable_slugs() -> None:
    assert unmatched_id("Amélie: Extended, Cut!", 2001) == "unmatched:amelie-extended-cut-2001"
    assert unmatched_id("Untitled", None) == "unmatched:untitled"
