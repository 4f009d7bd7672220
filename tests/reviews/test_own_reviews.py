"""Reviews written for the tests: other films, misspelled names, HTML and Markdown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.reviews import samples
from tests.reviews.test_seed_review import check_summary, run
from watchlist.catalog.catalog import Catalog
from watchlist.reviews import analyse, review_text
from watchlist.services import Services


def add(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> dict:
    code, out, err = run(capsys, "review", "add", str(path), "--json", *extra)
    assert code == 0, err
    return json.loads(out)


def people(review: dict) -> dict[str, dict]:
    return {p["name"]: p for p in review["mentions"]["people"]}


def test_positive_deep_red_with_misspelled_names(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, catalog: Catalog
) -> None:
    path = tmp_path / "deep-red.txt"
    path.write_text(samples.DEEP_RED, encoding="utf-8")
    review = add(capsys, path)
    assert review["film_id"] == "deep-red-1975"
    assert review["verdict"] == "positive"
    found = people(review)
    assert found["Dario Argento"]["as_written"] == "Dario Argentto"
    assert found["Dario Argento"]["role"] == "director"
    assert found["David Hemmings"]["as_written"] == "David Hemings"
    assert found["Daria Nicolodi"]["as_written"] == "Daria Nicoladi"
    assert "Argentto" in found["Dario Argento"]["spellings"]  # surname alone, later
    # Two films are called Suspiria; the one by the director the review names wins.
    assert [f["film_id"] for f in review["mentions"]["films"]] == ["suspiria-1977"]
    assert {"giallo", "italian horror"} <= set(review["mentions"]["influences"])
    check_summary(review["summary_sentences"], samples.DEEP_RED)


def test_negative_oldboy(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "oldboy.txt"
    path.write_text(samples.OLDBOY, encoding="utf-8")
    review = add(capsys, path)
    assert review["film_id"] == "oldboy-2003"
    assert review["verdict"] == "negative"
    found = people(review)
    assert found["Park Chan-wook"]["as_written"] == "Park Chan-wok"
    assert found["Choi Min-sik"]["as_written"] == "Choi Minsik"
    assert "neo-noir" in review["mentions"]["influences"]
    assert all(s in samples.OLDBOY for s in review["evidence"])


def test_html_review_is_reduced_to_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "memories.html"
    path.write_text(samples.MEMORIES_HTML, encoding="utf-8")
    review = add(capsys, path)
    assert review["film_id"] == "memories-of-murder-2003"  # not Oldboy from the <script>
    assert review["verdict"] == "positive"
    assert {"Bong Joon-ho", "Song Kang-ho"} <= set(people(review))
    assert "korean thriller" in review["mentions"]["influences"]
    assert "<" not in review["text"] and "tracking" not in review["text"]
    assert "Copyright" not in review["text"] and "gorgeous & the" in review["text"]
    check_summary(review["summary_sentences"], review["text"])


def test_markdown_review_is_mixed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "whiplash.md"
    path.write_text(samples.WHIPLASH_MD, encoding="utf-8")
    review = add(capsys, path)
    assert review["film_id"] == "whiplash-2014"
    assert review["verdict"] == "mixed"
    found = people(review)
    assert found["Miles Teller"]["as_written"] == "Miles Tellar"
    assert found["J. K. Simmons"]["as_written"] == "Simmonds"  # surname only, in the film
    for syntax in ("**", "*Whiplash*", "# ", "](https", "- The"):
        assert syntax not in review["text"]
    check_summary(review["summary_sentences"], review["text"])


def test_markdown_is_sniffed_without_a_suffix() -> None:
    text, kind = review_text(samples.WHIPLASH_MD.encode())
    assert kind == "markdown" and "**" not in text


def test_unclear_film_lists_candidates_and_stores_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, watchlist_home: Path
) -> None:
    path = tmp_path / "suspiria.txt"
    path.write_text(samples.UNCLEAR_SUSPIRIA, encoding="utf-8")
    code, out, err = run(capsys, "review", "add", str(path))
    assert code == 1 and out == ""
    assert "suspiria-1977" in err and "suspiria-2018" in err and "--film" in err
    assert not (watchlist_home / "reviews.json").exists()
    # --film settles it, by title and year.
    review = add(capsys, path, "--film", "Suspiria 2018")
    assert review["film_id"] == "suspiria-2018"


def test_film_option_overrides_detection(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "deep-red.txt"
    path.write_text(samples.DEEP_RED, encoding="utf-8")
    review = add(capsys, path, "--film", "tenebrae-1982")
    assert review["film_id"] == "tenebrae-1982"
    assert "deep-red-1975" in [f["film_id"] for f in review["mentions"]["films"]]


def test_service_for_film_gives_what_the_app_reads(tmp_path: Path) -> None:
    services = Services(tmp_path / "home")
    services.reviews.add(samples.OLDBOY, source="paste")
    services.reviews.add(samples.DEEP_RED.encode("utf-8"), film="Deep Red", source="paste")
    (oldboy,) = services.reviews.for_film("oldboy-2003")
    assert oldboy.verdict == "negative" and oldboy.summary and oldboy.text.startswith("Oldboy")
    assert services.reviews.for_film("psycho-1960") == []
    film, reviews = services.reviews.show("Deep Red")
    assert film.id == "deep-red-1975" and len(reviews) == 1


@pytest.mark.parametrize("name", ["DEEP_RED", "OLDBOY", "MEMORIES_HTML", "WHIPLASH_MD"])
def test_summary_contract_on_every_sample(name: str, catalog: Catalog) -> None:
    text, _ = review_text(getattr(samples, name), name, ".md" if name.endswith("MD") else "")
    analysis = analyse(text, catalog)
    check_summary(analysis.summary_sentences, text)
    assert analysis.evidence and all(s in text for s in analysis.evidence)
