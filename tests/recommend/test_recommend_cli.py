"""`watchlist recommend`, in-process through watchlist.cli.main."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from tests.conftest import run_cli as run
from tests.recommend.conftest import PERFECTION_NEIGHBOURHOOD
from watchlist.catalog.loader import load_catalog
from watchlist.recommend import NOT_INTERESTED_TAG
from watchlist.services import open_services


def entry(film_id: str, status: str, rating: float | None = None, tags=()) -> SimpleNamespace:
    return SimpleNamespace(film_id=film_id, status=status, rating=rating, tags=list(tags))


@pytest.fixture
def with_store():
    """Fill the real watchlist (in this test's WATCHLIST_HOME) with the given entries."""

    def install(*entries: SimpleNamespace) -> None:
        store = open_services().store
        for item in entries:
            store.add(item.film_id, status=item.status, rating=item.rating, tags=item.tags)

    return install


def test_recommend_for_a_film_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "recommend", "--for", "The Perfection", "--json")
    assert code == 0, err
    results = json.loads(out)
    assert len(results) == 10
    assert all(list(item) == ["id", "title", "year", "score", "reasons"] for item in results)
    assert "the-perfection-2018" not in {item["id"] for item in results}
    assert all(1 <= len(item["reasons"]) <= 3 for item in results)
    assert all(isinstance(r, str) and r for item in results for r in item["reasons"])
    catalog = load_catalog()
    close = [i for i in results if PERFECTION_NEIGHBOURHOOD & set(catalog.get(i["id"]).tags)]
    assert len(close) >= 7


def test_recommend_limit_and_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "recommend", "--for", "oldboy-2003", "--limit", "3")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "More like Oldboy (2003):"
    assert [line[:3] for line in lines if line[:1].isdigit()] == ["1. ", "2. ", "3. "]
    assert any("same director as Oldboy" in line for line in lines)


def test_recommend_rejects_a_bad_limit(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "recommend", "--limit", "0")
    assert code == 2
    assert "--limit" in err


def test_recommend_for_an_unknown_film_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "recommend", "--for", "Zzzz Qqqq Film")
    assert code == 1
    assert out == ""
    assert err.startswith("watchlist: no film matches") and err.count("\n") == 1


def test_empty_watchlist_says_how_to_start(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "recommend")
    assert code == 0
    assert "watchlist add FILM" in out
    assert 'watchlist recommend --for "The Perfection"' in out


def test_empty_watchlist_json_is_an_empty_array(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "recommend", "--json")
    assert code == 0
    assert json.loads(out) == []
    assert "watchlist add FILM" in err


def test_recommend_from_the_watchlist(capsys: pytest.CaptureFixture[str], with_store) -> None:
    with_store(
        entry("deep-red-1975", "seen", 5),
        entry("tenebrae-1982", "want"),
        entry("suspiria-1977", "seen", 2),
        entry("black-swan-2010", "want", tags=[NOT_INTERESTED_TAG]),
    )
    code, out, err = run(capsys, "recommend", "--json", "--limit", "8")
    assert code == 0, err
    results = json.loads(out)
    assert len(results) == 8
    ids = {item["id"] for item in results}
    assert not ids & {"deep-red-1975", "tenebrae-1982", "suspiria-1977", "black-swan-2010"}
    assert any("Deep Red (you rated 5)" in r for item in results for r in item["reasons"])

    code, out, _ = run(capsys, "recommend")
    assert code == 0
    assert out.startswith("For you, from your watchlist:")


def test_only_dislikes_say_what_to_do(capsys: pytest.CaptureFixture[str], with_store) -> None:
    with_store(entry("oldboy-2003", "seen", 1))
    code, out, _ = run(capsys, "recommend")
    assert code == 0
    assert "rate films you liked" in out


def test_not_interested_option(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "recommend", "--for", "The Perfection", "--json")
    first = json.loads(out)[0]["id"]
    code, out, _ = run(
        capsys, "recommend", "--for", "The Perfection", "--json", "--not-interested", first
    )
    assert code == 0
    assert first not in {item["id"] for item in json.loads(out)}
    _, out, _ = run(capsys, "recommend", "--for", "The Perfection", "--json")
    assert first not in {item["id"] for item in json.loads(out)}, "it is remembered"
    _, out, err = run(
        capsys, "recommend", "--for", "The Perfection", "--json", "--interested", first
    )
    assert "can be recommended again" in err
    assert first in {item["id"] for item in json.loads(out)}
