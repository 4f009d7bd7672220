"""Exact behaviour and reason wording on small hand-built catalogs."""

from __future__ import annotations

from types import SimpleNamespace

from watchlist.catalog.model import Film
from watchlist.recommend import (
    NOT_INTERESTED_TAG,
    Recommendation,
    Recommender,
    WatchlistSignal,
    signals_from_entries,
)
from watchlist.recommend.diversity import diversify
from watchlist.recommend.reasons import join_words


def film(
    film_id: str,
    title: str,
    year: int = 1975,
    directors: tuple[str, ...] = (),
    cast: tuple[str, ...] = (),
    genres: tuple[str, ...] = ("Horror",),
    countries: tuple[str, ...] = ("Italy",),
    tags: tuple[str, ...] = (),
    summary: str = "",
) -> Film:
    return Film(film_id, title, None, year, directors, cast, genres, countries, 100, tags, summary)


DEEP_RED = film(
    "deep-red",
    "Deep Red",
    directors=("Dario Argento",),
    cast=("David Hemmings",),
    tags=("giallo", "serial killer"),
)
TENEBRAE = film(
    "tenebrae",
    "Tenebrae",
    1982,
    directors=("Dario Argento",),
    cast=("Anthony Franciosa",),
    tags=("giallo", "slasher"),
)
TORSO = film(
    "torso",
    "Torso",
    1973,
    directors=("Sergio Martino",),
    cast=("Suzy Kendall",),
    tags=("giallo", "serial killer"),
)
BLOW_UP = film(
    "blow-up",
    "Blow-Up",
    1966,
    directors=("Michelangelo Antonioni",),
    cast=("David Hemmings", "Vanessa Redgrave"),
    genres=("Drama",),
    countries=("United Kingdom",),
    tags=("photography",),
)
OLDBOY = film(
    "oldboy",
    "Oldboy",
    2003,
    directors=("Park Chan-wook",),
    cast=("Choi Min-sik",),
    genres=("Thriller",),
    countries=("South Korea",),
    tags=("korean thriller", "revenge"),
)
LADY = film(
    "lady-vengeance",
    "Lady Vengeance",
    2005,
    directors=("Park Chan-wook",),
    cast=("Lee Young-ae",),
    genres=("Thriller",),
    countries=("South Korea",),
    tags=("korean thriller", "revenge"),
)
PLAIN = film("plain", "Plain Horror", 1978, tags=())
FILLER = [
    film(f"filler-{i}", f"Filler {i}", 1990 + i, genres=("Comedy",), countries=("France",))
    for i in range(6)
]
FILMS = [DEEP_RED, TENEBRAE, TORSO, BLOW_UP, OLDBOY, LADY, PLAIN, *FILLER]


def reasons_for(results: list[Recommendation], film_id: str) -> list[str]:
    return next(r.reasons for r in results if r.film.id == film_id)


def test_more_like_reasons_name_the_director_the_cast_and_the_tags() -> None:
    results = Recommender(FILMS).more_like("deep-red")
    assert {r.film.id for r in results[:2]} == {"tenebrae", "torso"}
    assert reasons_for(results, "tenebrae")[:2] == [
        "same director as Deep Red",
        "giallo, like Deep Red",
    ]
    assert reasons_for(results, "torso") == ["giallo and serial killer, like Deep Red"]
    assert reasons_for(results, "blow-up") == ["also stars David Hemmings"]


def test_weak_overlap_falls_back_to_genre_era_and_country() -> None:
    results = Recommender(FILMS).more_like("plain")
    assert reasons_for(results, "torso") == [
        "horror, like Plain Horror",
        "also a 1970s film from Italy, like Plain Horror",
    ]


def test_for_you_reasons_name_the_source_and_the_rating() -> None:
    results = Recommender(FILMS).for_you([WatchlistSignal("deep-red", "seen", 5)])
    assert reasons_for(results, "torso") == [
        "giallo and serial killer, like Deep Red (you rated 5)"
    ]
    assert reasons_for(results, "tenebrae")[0] == "same director as Deep Red (you rated 5)"
    assert reasons_for(results, "blow-up") == ["stars David Hemmings, like Deep Red (you rated 5)"]


def test_wanted_and_unrated_films_are_described() -> None:
    recommender = Recommender(FILMS)
    wanted = recommender.for_you([WatchlistSignal("oldboy", "want")])
    assert wanted[0].film.id == "lady-vengeance"
    assert "korean thriller and revenge, like Oldboy (on your list)" in wanted[0].reasons
    seen = recommender.for_you([WatchlistSignal("oldboy", "seen")])
    assert "korean thriller and revenge, like Oldboy (you saw it)" in seen[0].reasons


def test_a_director_liked_twice_is_named_again() -> None:
    extra = film("phenomena", "Phenomena", 1985, directors=("Dario Argento",), tags=("giallo",))
    signals = [WatchlistSignal("deep-red", "seen", 5), WatchlistSignal("tenebrae", "seen", 4)]
    results = Recommender([*FILMS, extra]).for_you(signals)
    assert reasons_for(results, "phenomena")[0] == "Dario Argento again"


def test_for_you_never_returns_the_watchlist_and_respects_not_interested() -> None:
    recommender = Recommender(FILMS)
    signals = [WatchlistSignal("deep-red", "seen", 5), WatchlistSignal("torso", "want")]
    ids = {r.film.id for r in recommender.for_you(signals, limit=20, not_interested={"tenebrae"})}
    assert ids
    assert not ids & {"deep-red", "torso", "tenebrae"}


def test_a_low_rating_counts_against() -> None:
    recommender = Recommender(FILMS)
    liked = [WatchlistSignal("deep-red", "seen", 5)]
    disliked = [*liked, WatchlistSignal("tenebrae", "seen", 1)]
    before = {r.film.id: r.score for r in recommender.for_you(liked, limit=20)}
    after = {r.film.id: r.score for r in recommender.for_you(disliked, limit=20)}
    # Torso shares "giallo" with the disliked Tenebrae too; Blow-Up shares nothing with it.
    assert after.get("torso", 0.0) < before["torso"] - 0.05
    assert after["blow-up"] > before["blow-up"] - 0.02


def test_signal_weights() -> None:
    def weight(rating: float | None, status: str = "seen") -> float:
        return WatchlistSignal("x", status, rating).weight  # type: ignore[arg-type]

    assert weight(5) == 1.0
    assert weight(5) > weight(4) > weight(3) > weight(2.5) > 0
    assert weight(2) < 0 and weight(1) < weight(2) and weight(0.5) == -1.0
    assert 0 < weight(None, "want") < weight(5)
    assert 0 < weight(None) < weight(5)


def test_signals_from_entries_reads_tags_for_not_interested() -> None:
    entries = [
        SimpleNamespace(film_id="a", status="seen", rating=4.5, tags=[]),
        SimpleNamespace(film_id="b", status="want", rating=None),
        SimpleNamespace(film_id="c", status="want", rating=None, tags=[NOT_INTERESTED_TAG]),
    ]
    signals, not_interested = signals_from_entries(entries)
    assert signals == [WatchlistSignal("a", "seen", 4.5), WatchlistSignal("b", "want", None)]
    assert not_interested == {"c"}


def test_diversify_caps_and_decays() -> None:
    directors = {0: ("a",), 1: ("a",), 2: ("a",), 3: ("a",), 4: ("b",), 5: ()}
    candidates = [(0, 1.0), (1, 0.99), (2, 0.98), (3, 0.97), (4, 0.5), (5, 0.1)]
    picked = diversify(candidates, lambda row: directors[row], limit=5, max_per_director=3)
    rows = [row for row, _ in picked]
    assert rows[:3] == [0, 1, 2]
    assert 3 not in rows[:5] and rows[3:] == [4, 5]
    scores = [score for _, score in picked]
    assert scores == sorted(scores, reverse=True)
    # With nothing else left, the cap gives way rather than returning fewer films.
    assert len(diversify(candidates[:4], lambda row: directors[row], limit=4)) == 4


def test_recommendation_json_shape() -> None:
    result = Recommendation(DEEP_RED, 0.123456, ["giallo, like Torso"])
    assert result.to_dict() == {
        "id": "deep-red",
        "title": "Deep Red",
        "year": 1975,
        "score": 0.1235,
        "reasons": ["giallo, like Torso"],
    }


def test_join_words() -> None:
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b"]) == "a and b"
    assert join_words(["a", "b", "c"]) == "a, b and c"


def test_a_film_outside_the_catalog_can_be_matched() -> None:
    stranger = film("stranger", "Stranger", directors=("Dario Argento",), tags=("giallo",))
    results = Recommender(FILMS).more_like_film(stranger, limit=3)
    assert {r.film.id for r in results} >= {"deep-red", "tenebrae"}
