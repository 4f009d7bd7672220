"""Search behaviour: the issue's queries, prefixes, ranking, filters, reasons, odd input."""

from __future__ import annotations

import numpy as np
import pytest

from tests.search.conftest import make_film
from watchlist.catalog.bundled import load_bundled
from watchlist.catalog.catalog import Catalog
from watchlist.search import SearchEngine, SearchResult
from watchlist.services import Services

SMALL = [
    make_film(
        "The Perfection",
        2018,
        directors=["Richard Shepard"],
        cast=["Allison Williams", "Logan Browning", "Steven Weber"],
        genres=["Horror", "Thriller"],
        tags=["twist ending", "music", "giallo"],
    ),
    make_film("The Perfect Storm", 2000, cast=["George Clooney"], genres=["Drama"]),
    make_film("Get Out", 2017, directors=["Jordan Peele"], cast=["Allison Williams"]),
    make_film(
        "Amélie",
        2001,
        original_title="Le Fabuleux Destin d'Amélie Poulain",
        directors=["Jean-Pierre Jeunet"],
        cast=["Audrey Tautou"],
        genres=["Comedy", "Romance"],
    ),
    make_film("The Shining", 1980, directors=["Stanley Kubrick"], cast=["Jack Nicholson"]),
    make_film("Barry Lyndon", 1975, directors=["Stanley Kubrick"], cast=["Ryan O'Neal"]),
    make_film("Parasite", 2019, original_title="Gisaengchung", directors=["Bong Joon-ho"]),
    make_film("Memories of Murder", 2003, directors=["Bong Joon-ho"], tags=["detective"]),
    make_film(
        "Deep Red",
        1975,
        original_title="Profondo rosso",
        directors=["Dario Argento"],
        genres=["Horror"],
        tags=["giallo"],
    ),
    make_film("Opera", 1987, directors=["Dario Argento"], tags=["giallo"]),
    make_film("Suspiria", 1977, directors=["Dario Argento"], tags=["supernatural"]),
    make_film("Torso", 1973, directors=["Sergio Martino"], tags=["giallo", "slasher"]),
    make_film("Giallo", 2009, directors=["Dario Argento"], tags=["serial killer"]),
    make_film("Jaws", 1975, directors=["Steven Spielberg"], genres=["Thriller"]),
    make_film("Undated", None, cast=["Nobody Special"]),
]

ISSUE_QUERIES = {
    "alison wiliams": ("the-perfection-2018", "cast: Allison Williams"),
    "steven webber": ("the-perfection-2018", "cast: Steven Weber"),
    "the perfecton": ("the-perfection-2018", "title: The Perfection"),
    "kubrik": ("the-shining-1980", "dir: Stanley Kubrick"),
    "amelie": ("amelie-2001", "title: Amélie"),
    "giallo": ("giallo-2009", "title: Giallo"),
    "bong joon ho": ("parasite-2019", "dir: Bong Joon-ho"),
    "BONG JOON-HO": ("parasite-2019", "dir: Bong Joon-ho"),
    "richard shepherd": ("the-perfection-2018", "dir: Richard Shepard"),
    "profondo roso": ("deep-red-1975", "original title: Profondo rosso"),
    "le fabuleux destin": ("amelie-2001", "original title: Le Fabuleux Destin d'Amélie Poulain"),
    "logan": ("the-perfection-2018", "cast: Logan Browning"),
}


@pytest.fixture(scope="module")
def small() -> SearchEngine:
    return SearchEngine(Catalog(SMALL))


@pytest.fixture(scope="module")
def bundled() -> SearchEngine:
    return SearchEngine(Catalog(load_bundled()))


def ids(result: SearchResult) -> list[str]:
    return [hit.film.id for hit in result.hits]


@pytest.mark.parametrize(("query", "expected"), ISSUE_QUERIES.items())
def test_issue_queries_on_a_small_catalog(
    small: SearchEngine, query: str, expected: tuple[str, str]
) -> None:
    film_id, reason = expected
    result = small.search(query)
    found = [hit for hit in result.hits if hit.film.id == film_id]
    assert found, (query, ids(result))
    assert result.hits.index(found[0]) < 3, (query, ids(result))
    assert reason in found[0].matched


def test_person_queries_list_all_their_films(small: SearchEngine) -> None:
    assert set(ids(small.search("kubrik"))[:2]) == {"the-shining-1980", "barry-lyndon-1975"}
    assert set(ids(small.search("alison wiliams"))[:2]) == {"the-perfection-2018", "get-out-2017"}
    assert set(ids(small.search("bong joon ho"))[:2]) == {
        "parasite-2019",
        "memories-of-murder-2003",
    }


def test_a_tag_lists_its_films_after_the_title_that_is_the_word(small: SearchEngine) -> None:
    result = small.search("giallo")
    assert ids(result)[0] == "giallo-2009"  # the exact title first
    tagged = {"the-perfection-2018", "deep-red-1975", "opera-1987", "torso-1973"}
    assert tagged <= set(ids(result)[1:5])
    assert all("tag: giallo" in hit.matched for hit in result.hits[1:5])


@pytest.mark.parametrize("typed", ["the p", "the pe", "the perf", "the perfec", "the perfecti"])
def test_title_prefixes_as_typed(small: SearchEngine, typed: str) -> None:
    assert ids(small.search(typed))[0] == "the-perfection-2018"


@pytest.mark.parametrize("typed", ["k", "ku", "kub", "kubr", "kubri"])
def test_person_prefixes_as_typed(small: SearchEngine, typed: str) -> None:
    top = small.search(typed).hits[0]
    assert top.film.directors == ("Stanley Kubrick",), typed


@pytest.mark.parametrize("typed", ["a", "am", "ame", "amel", "ameli"])
def test_accent_free_prefixes_as_typed(small: SearchEngine, typed: str) -> None:
    assert ids(small.search(typed))[0] == "amelie-2001"


def test_word_order_does_not_matter(small: SearchEngine) -> None:
    for query in ("williams allison", "weber steven", "joon ho bong"):
        assert ids(small.search(query))[0] in {"the-perfection-2018", "parasite-2019"}, query


def test_ranking_title_then_person_then_tag() -> None:
    films = [
        make_film("Nobody Home", 1990, tags=["madonna"]),
        make_film("Grace", 1991, cast=["Madonna"]),
        make_film("Madonna", 1992),
        make_film("Madonna Returns", 1993),
        make_film("Saints", 1994, genres=["Madonna"]),
    ]
    result = SearchEngine(films).search("madonna")
    assert ids(result) == [
        "madonna-1992",
        "madonna-returns-1993",
        "grace-1991",
        "nobody-home-1990",
        "saints-1994",
    ]
    scores = [hit.score for hit in result.hits]
    assert scores == sorted(scores, reverse=True)


def test_ties_go_to_newer_films_then_catalog_order() -> None:
    films = [
        make_film("A", 1990, id="a-old", tags=["giallo"]),
        make_film("B", 2010, id="b-new", tags=["giallo"]),
        make_film("C", 2010, id="c-new", tags=["giallo"]),
        make_film("D", None, id="d-undated", tags=["giallo"]),
    ]
    engine = SearchEngine(films)
    assert ids(engine.search("giallo")) == ["b-new", "c-new", "a-old", "d-undated"]
    assert ids(engine.search("giallo")) == ids(engine.search("giallo"))


def test_words_in_different_fields_combine(small: SearchEngine) -> None:
    result = small.search("argento giallo")
    top = set(ids(result)[:3])
    assert top == {"deep-red-1975", "opera-1987", "giallo-2009"}
    deep_red = next(hit for hit in result.hits if hit.film.id == "deep-red-1975")
    assert {"dir: Dario Argento", "tag: giallo"} <= set(deep_red.matched)
    # Argento without giallo ranks lower, if at all.
    assert "suspiria-1977" not in ids(result)[:3]


def test_a_year_word_combines_with_a_style(small: SearchEngine) -> None:
    result = small.search("giallo 1975")
    assert ids(result)[0] == "deep-red-1975"
    assert {"tag: giallo", "year: 1975"} <= set(result.hits[0].matched)


def test_filters_narrow(small: SearchEngine) -> None:
    result = small.search("giallo year:1970-1979")
    assert set(ids(result)) == {"deep-red-1975", "torso-1973"}
    assert all("year: 1970-1979" in hit.matched for hit in result.hits)
    assert result.total == 2


def test_filter_only_lists_every_passing_film(small: SearchEngine) -> None:
    assert set(ids(small.search("year:1975"))) == {
        "deep-red-1975",
        "barry-lyndon-1975",
        "jaws-1975",
    }
    assert set(ids(small.search("year:2010-"))) == {
        "the-perfection-2018",
        "get-out-2017",
        "parasite-2019",
    }
    assert set(ids(small.search("dir:argento"))) == {
        "deep-red-1975",
        "opera-1987",
        "suspiria-1977",
        "giallo-2009",
    }
    result = small.search('cast:"alison wiliams"')
    assert set(ids(result)) == {"the-perfection-2018", "get-out-2017"}
    assert all(hit.matched == ["cast: Allison Williams"] for hit in result.hits)


def test_filters_combine(small: SearchEngine) -> None:
    assert ids(small.search("dir:kubrik year:1975")) == ["barry-lyndon-1975"]
    assert ids(small.search("genre:horror tag:giallo")) == ["the-perfection-2018", "deep-red-1975"]
    assert ids(small.search("dir:argento giallo year:1980-1989")) == ["opera-1987"]
    assert small.search("dir:spielberg giallo").hits == []


def test_status_filter_uses_the_statuses_mapping(small: SearchEngine) -> None:
    statuses = {"jaws-1975": "seen", "deep-red-1975": "want", "unknown-film": "want"}
    assert ids(small.search("status:want", statuses=statuses)) == ["deep-red-1975"]
    assert ids(small.search("status:seen", statuses=statuses)) == ["jaws-1975"]
    assert ids(small.search("giallo status:want", statuses=statuses)) == ["deep-red-1975"]
    assert small.search("status:want").hits == []
    assert "status: want" in small.search("status:want", statuses=statuses).hits[0].matched


def test_every_hit_has_a_score_and_a_reason(small: SearchEngine) -> None:
    for query in [*ISSUE_QUERIES, "argento giallo", "year:1975", "k", "ho", "jaws 1975"]:
        result = small.search(query)
        assert result.total >= len(result.hits)
        for hit in result.hits:
            assert 0 <= hit.score <= 100
            assert hit.matched, (query, hit.film.id)


def test_limit_and_total(small: SearchEngine) -> None:
    result = small.search("giallo", limit=2)
    assert len(result.hits) == 2
    assert result.total == 5
    assert small.search("giallo", limit=0).hits == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "type to search"),
        ("   ", "type to search"),
        ("!!! ???", "type letters or digits to search"),
        ("xyzzy", "nothing matches 'xyzzy'"),
        ("qqqq wwww", "nothing matches 'qqqq wwww'"),
    ],
)
def test_empty_punctuation_and_unmatched_queries(
    small: SearchEngine, query: str, message: str
) -> None:
    result = small.search(query)
    assert result.hits == []
    assert result.total == 0
    assert result.message == message


def test_huge_query_is_answered_with_a_note(small: SearchEngine) -> None:
    result = small.search("kubrick " * 1250)  # 10,000 characters
    assert "shortened" in (result.message or "")
    result = small.search("x" * 10_000)
    assert result.hits == []
    assert result.message and "nothing matches" in result.message


def test_bad_filter_values_are_explained(small: SearchEngine) -> None:
    result = small.search("giallo year:abc")
    assert result.hits  # the words still search
    assert "year" in (result.message or "")


def test_an_empty_catalog_never_crashes() -> None:
    engine = SearchEngine([])
    for query in ("kubrick", "k", "year:1975", "argento giallo", ""):
        assert engine.search(query).hits == []


def test_the_index_is_flat_numpy_arrays(small: SearchEngine) -> None:
    index = small.index
    for name in ("entry_kind", "entry_film_ptr", "entry_films", "gram_ptr", "gram_entries"):
        assert isinstance(getattr(index, name), np.ndarray), name
    assert index.entry_film_ptr[-1] == len(index.entry_films)
    assert index.gram_ptr[-1] == len(index.gram_entries)
    assert np.all(np.diff(index.gram_ptr) >= 0)


# -- the bundled catalog ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "film_id", "reason"),
    [
        ("the perfecton", "the-perfection-2018", "title: The Perfection"),
        ("alison wiliams", "the-perfection-2018", "cast: Allison Williams"),
        ("steven webber", "the-perfection-2018", "cast: Steven Weber"),
        ("logan browning", "the-perfection-2018", "cast: Logan Browning"),
        ("richard shepard", "the-perfection-2018", "dir: Richard Shepard"),
    ],
)
def test_the_perfection_in_the_bundled_catalog(
    bundled: SearchEngine, query: str, film_id: str, reason: str
) -> None:
    result = bundled.search(query, limit=10)
    hit = next((hit for hit in result.hits if hit.film.id == film_id), None)
    assert hit is not None, ids(result)
    assert reason in hit.matched


@pytest.mark.parametrize("end", range(5, len("the perfection") + 1))
def test_bundled_prefixes_of_the_perfection(bundled: SearchEngine, end: int) -> None:
    assert "the-perfection-2018" in ids(bundled.search("the perfection"[:end], limit=10))


def test_bundled_giallo_and_filters(bundled: SearchEngine) -> None:
    result = bundled.search("giallo", limit=500)
    assert result.total >= 10
    tagged = [hit for hit in result.hits if "giallo" in hit.film.tags]
    assert len(tagged) == sum("giallo" in film.tags for film in load_bundled())
    seventies = bundled.search("giallo year:1970-1979", limit=500)
    assert seventies.hits
    assert all(1970 <= (hit.film.year or 0) <= 1979 for hit in seventies.hits)


def test_bundled_every_hit_has_a_reason(bundled: SearchEngine) -> None:
    for query in ("giallo", "kor", "horror 1980", "the", "a", "cast:williams", "year:1970-"):
        for hit in bundled.search(query, limit=100).hits:
            assert hit.matched, (query, hit.film.id)


def test_services_search_is_cached(tmp_path) -> None:
    services = Services(tmp_path, Catalog(SMALL))
    assert services.search is services.search
    assert ids(services.search.search("kubrik"))[0] in {"the-shining-1980", "barry-lyndon-1975"}


def test_a_strong_match_drops_far_weaker_fuzzy_noise() -> None:
    """ "suspiria" means the two Suspirias, not films tagged "survival" or "suburbia"."""
    from watchlist.catalog.loader import load_catalog

    engine = SearchEngine(load_catalog())
    titles = {hit.film.title for hit in engine.search("suspiria").hits}
    assert titles == {"Suspiria"}
    assert [hit.film.title for hit in engine.search("amelie").hits] == ["Amélie"]
    # A typo still finds its film, and people matches keep all of that person's films.
    assert engine.search("the perfecton").hits[0].film.id == "the-perfection-2018"
    kubrick = [h for h in engine.search("kubrik").hits if "Stanley Kubrick" in h.film.directors]
    assert len(kubrick) >= 10
