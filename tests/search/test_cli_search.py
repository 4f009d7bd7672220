"""`watchlist search`: the table, the JSON contract, filters and odd queries."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli as run
from watchlist.catalog.model import FILM_KEYS


def test_table_shows_title_year_director_and_why(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "search", "the", "perfecton", "--limit", "3")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["title", "year", "director", "why", "matched"]
    assert "The Perfection" in lines[2]
    assert "2018" in lines[2]
    assert "Richard Shepard" in lines[2]
    assert "title: The Perfection" in lines[2]
    assert len([line for line in lines[2:] if line and not line.startswith(("3 of",))]) <= 3


def test_json_is_films_with_score_and_matched(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "alison", "wiliams", "--json")
    films = json.loads(out)
    assert code == 0
    assert films
    for film in films:
        assert tuple(film)[: len(FILM_KEYS)] == FILM_KEYS
        assert set(film) == {*FILM_KEYS, "score", "matched"}
        assert 0 <= film["score"] <= 100
        assert film["matched"]
    perfection = next(film for film in films if film["id"] == "the-perfection-2018")
    assert "cast: Allison Williams" in perfection["matched"]


def test_limit(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "search", "giallo", "--json", "--limit", "2")
    assert len(json.loads(out)) == 2
    code, _, err = run(capsys, "search", "giallo", "--limit", "0")
    assert code == 2
    assert "Traceback" not in err


def test_filters_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "giallo", "year:1970-1979", "--json", "--limit", "500")
    films = json.loads(out)
    assert code == 0
    assert films
    assert all(1970 <= film["year"] <= 1979 for film in films)
    assert all("year: 1970-1979" in film["matched"] for film in films)


def test_quoted_cast_filter(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", 'cast:"allison williams"', "--json")
    films = json.loads(out)
    assert code == 0
    assert "the-perfection-2018" in [film["id"] for film in films]


def test_status_filter_reads_the_watchlist(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "status:want", "--json")
    assert code == 0
    assert json.loads(out) == []
    code, _, err = run(capsys, "add", "the-perfection-2018")
    if code != 0:
        pytest.skip(f"`watchlist add` is not available yet: {err.strip()}")
    code, out, _ = run(capsys, "search", "status:want", "--json")
    assert [film["id"] for film in json.loads(out)] == ["the-perfection-2018"]
    assert json.loads(out)[0]["matched"] == ["status: want"]


def test_no_match_is_an_answer_not_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "xyzzyqq")
    assert code == 0
    assert "nothing matches 'xyzzyqq'" in out
    code, out, _ = run(capsys, "search", "xyzzyqq", "--json")
    assert code == 0
    assert json.loads(out) == []


@pytest.mark.parametrize("query", ["", "   ", "!!!", "-- ?"])
def test_empty_or_punctuation_only_query(capsys: pytest.CaptureFixture[str], query: str) -> None:
    code, out, err = run(capsys, "search", query)
    assert code == 1
    assert out == ""
    assert err.startswith("watchlist: nothing to search for")
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_a_10000_character_query(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "search", "kubrick " * 1250)
    assert code == 0
    assert "shortened" in err
    assert "Traceback" not in err
    code, out, err = run(capsys, "search", "x" * 10_000, "--json")
    assert code == 0
    assert json.loads(out) == []


def test_help_mentions_filters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "--help")
    assert code == 0
    assert "year:1970-1985" in out
    assert "--json" in out
