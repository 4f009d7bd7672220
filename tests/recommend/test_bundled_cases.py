"""Behaviour on real cases from the bundled catalog (it grows; the assertions are shares)."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.recommend.conftest import PERFECTION_NEIGHBOURHOOD
from watchlist.errors import FilmNotFound
from watchlist.recommend import Recommendation, Recommender, WatchlistSignal

PERFECTION = "the-perfection-2018"
KOREAN = frozenset({"korean thriller", "korean horror", "korean new wave"})


def assert_reasons(results: list[Recommendation]) -> None:
    for result in results:
        assert 1 <= len(result.reasons) <= 3, result
        assert all(isinstance(r, str) and r.strip() for r in result.reasons), result
        assert len(set(result.reasons)) == len(result.reasons), result


def test_more_like_the_perfection_leans_to_its_neighbourhood(
    bundled_recommender: Recommender,
) -> None:
    results = bundled_recommender.more_like(PERFECTION)
    assert len(results) == 10
    assert PERFECTION not in {r.film.id for r in results}
    in_neighbourhood = [r for r in results if PERFECTION_NEIGHBOURHOOD & set(r.film.tags)]
    assert len(in_neighbourhood) >= 7, [r.film.label for r in results]
    assert_reasons(results)
    assert all(
        "The Perfection" in " ".join(r.reasons) or "also stars" in r.reasons[0] for r in results
    )
    scores = [r.score for r in results]
    assert scores == sorted(scores, reverse=True)


def test_more_like_never_returns_the_film_itself_for_any_film(
    bundled_recommender: Recommender,
) -> None:
    for film in list(bundled_recommender.films)[::7]:
        results = bundled_recommender.more_like(film.id, limit=5)
        assert film.id not in {r.film.id for r in results}
        assert_reasons(results)


def test_more_like_an_unknown_film_raises(bundled_recommender: Recommender) -> None:
    with pytest.raises(FilmNotFound):
        bundled_recommender.more_like("no-such-film-1999")


def test_a_giallo_rated_five_brings_gialli_that_name_it(bundled_recommender: Recommender) -> None:
    results = bundled_recommender.for_you([WatchlistSignal("deep-red-1975", "seen", 5)])
    gialli = [r for r in results if "giallo" in r.film.tags]
    assert len(gialli) >= 7, [r.film.label for r in results]
    naming = [r for r in gialli if any("Deep Red (you rated 5)" in x for x in r.reasons)]
    assert len(naming) == len(gialli)
    assert_reasons(results)


def test_low_ratings_push_their_neighbours_away(bundled_recommender: Recommender) -> None:
    liked = [WatchlistSignal("deep-red-1975", "seen", 5), WatchlistSignal("oldboy-2003", "seen", 5)]
    disliked = [
        WatchlistSignal("i-saw-the-devil-2010", "seen", 1),
        WatchlistSignal("the-chaser-2008", "seen", 1.5),
    ]

    def korean(results: list[Recommendation]) -> int:
        return sum(1 for r in results if KOREAN & set(r.film.tags))

    before = bundled_recommender.for_you(liked)
    after = bundled_recommender.for_you(liked + disliked)
    assert korean(before) >= 2
    assert korean(after) < korean(before)


def test_only_low_ratings_give_nothing(bundled_recommender: Recommender) -> None:
    assert bundled_recommender.for_you([WatchlistSignal("oldboy-2003", "seen", 1)]) == []
    assert bundled_recommender.for_you([]) == []


def test_seen_and_listed_films_are_never_recommended(bundled_recommender: Recommender) -> None:
    gialli = [f.id for f in bundled_recommender.films if "giallo" in f.tags]
    signals = [
        WatchlistSignal(film_id, "seen" if i % 2 else "want", 4.5 if i % 2 else None)
        for i, film_id in enumerate(gialli[:20])
    ]
    results = bundled_recommender.for_you(signals, limit=60)
    assert results
    assert not {s.film_id for s in signals} & {r.film.id for r in results}
    assert_reasons(results)


def test_not_interested_is_left_out_and_pushes_its_neighbours_down(
    bundled_recommender: Recommender,
) -> None:
    everything = len(bundled_recommender)
    plain = bundled_recommender.more_like(PERFECTION, limit=everything)
    skipped = bundled_recommender.more_like(
        PERFECTION, limit=everything, not_interested={"black-swan-2010"}
    )
    assert "black-swan-2010" in {r.film.id for r in plain[:10]}
    assert "black-swan-2010" not in {r.film.id for r in skipped}
    rank_before = {r.film.id: i for i, r in enumerate(plain)}
    rank_after = {r.film.id: i for i, r in enumerate(skipped)}
    neighbours = [
        r.film.id
        for r in bundled_recommender.more_like("black-swan-2010", limit=5)
        if r.film.id != PERFECTION and r.film.id in rank_before
    ]
    assert neighbours
    pushed = [n for n in neighbours if rank_after.get(n, everything) > rank_before[n]]
    assert len(pushed) >= len(neighbours) - 1


def test_not_interested_in_for_you(bundled_recommender: Recommender) -> None:
    signals = [WatchlistSignal("deep-red-1975", "seen", 5)]
    first = bundled_recommender.for_you(signals)[0].film.id
    again = bundled_recommender.for_you(signals, not_interested={first})
    assert first not in {r.film.id for r in again}


@pytest.mark.parametrize("director", ["Dario Argento", "Stanley Kubrick", "Mario Bava"])
def test_no_director_takes_more_than_three_of_ten(
    bundled_recommender: Recommender, director: str
) -> None:
    films = [f for f in bundled_recommender.films if director in f.directors]
    assert len(films) >= 5
    for film in films:
        results = bundled_recommender.more_like(film.id)
        counts = Counter(d for r in results for d in r.film.directors)
        assert max(counts.values()) <= 3, (film.label, counts)
    liked = [WatchlistSignal(f.id, "seen", 5) for f in films[:2]]
    counts = Counter(d for r in bundled_recommender.for_you(liked) for d in r.film.directors)
    assert max(counts.values()) <= 3, counts


def test_a_director_liked_twice_comes_back_by_name(bundled_recommender: Recommender) -> None:
    argento = [f for f in bundled_recommender.films if "Dario Argento" in f.directors]
    signals = [WatchlistSignal(f.id, "seen", 5) for f in argento[:2]]
    results = bundled_recommender.for_you(signals)
    by_argento = [r for r in results if "Dario Argento" in r.film.directors]
    assert by_argento
    assert all(r.reasons[0] == "Dario Argento again" for r in by_argento)
