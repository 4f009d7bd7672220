"""The critic's review of The Perfection that started the project (issue 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli as run
from watchlist.catalog.catalog import Catalog
from watchlist.reviews import analyse
from watchlist.reviews.sentences import split_sentences


def check_summary(summary_sentences: list[str], text: str) -> None:
    """2-4 of the review's own sentences, 15-90 words, in review order."""
    own = [s.text for s in split_sentences(text)]
    assert 2 <= len(summary_sentences) <= 4
    assert 15 <= sum(len(s.split()) for s in summary_sentences) <= 90
    assert all(s in own for s in summary_sentences)
    assert [own.index(s) for s in summary_sentences] == sorted(
        own.index(s) for s in summary_sentences
    )


def test_seed_review_is_attached_to_the_perfection_without_film(
    capsys: pytest.CaptureFixture[str], seed_path: Path, seed_text: str, watchlist_home: Path
) -> None:
    code, out, err = run(capsys, "review", "add", str(seed_path), "--json")
    assert code == 0, err
    review = json.loads(out)
    assert review["film_id"] == "the-perfection-2018"
    assert review["title"] == "The Perfection"
    assert review["verdict"] in ("positive", "mixed")  # never negative
    people = {p["name"]: p for p in review["mentions"]["people"]}
    assert {"Allison Williams", "Logan Browning", "Steven Weber", "Richard Shepard"} <= set(people)
    assert "Webber" in people["Steven Weber"]["as_written"]
    assert "Shephard" in people["Richard Shepard"]["as_written"]
    assert people["Richard Shepard"]["role"] == "director"
    assert people["Allison Williams"]["role"] == "cast"
    assert all(p["as_written"] in seed_text for p in people.values())
    influences = review["mentions"]["influences"]
    assert "giallo" in influences and "korean horror" in influences
    check_summary(review["summary_sentences"], seed_text)
    assert review["evidence"] and all(s in seed_text for s in review["evidence"])
    assert (watchlist_home / "reviews.json").exists()

    code, out, _ = run(capsys, "review", "show", "The Perfection", "--json")
    shown = json.loads(out)
    assert code == 0
    for key in ("film_id", "title", "summary", "verdict", "evidence", "mentions"):
        assert shown[key] == review[key]
    code, out, _ = run(capsys, "review", "show", "The Perfection", "--json", "--all")
    assert [r["id"] for r in json.loads(out)] == [review["id"]]


def test_seed_review_analysis_directly(seed_text: str, catalog: Catalog) -> None:
    analysis = analyse(seed_text, catalog)
    assert analysis.film.id == "the-perfection-2018"
    assert analysis.verdict != "negative"
    assert analysis.films == []  # it names no other catalog film
    check_summary(analysis.summary_sentences, seed_text)
    assert analysis.summary == " ".join(analysis.summary_sentences)


def test_seed_review_show_as_text(capsys: pytest.CaptureFixture[str], seed_path: Path) -> None:
    assert run(capsys, "review", "add", str(seed_path))[0] == 0
    code, out, _ = run(capsys, "review", "show", "the-perfection-2018")
    assert code == 0
    assert "Verdict:" in out and "Steven Weber (written 'Steven Webber')" in out
