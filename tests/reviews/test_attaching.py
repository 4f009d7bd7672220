"""Attaching reviews: short ones are their own summary, the same text is attached once,
and a film the catalog lacks is refused with nothing stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.reviews import samples
from tests.reviews.test_seed_review import run
from watchlist.catalog.catalog import Catalog
from watchlist.errors import FilmNotFound
from watchlist.reviews import FilmNotInCatalog, analyse
from watchlist.services import Services

SHORT = "Great film, loved it. Argento at his best."


def add_json(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> tuple[dict, str]:
    code, out, err = run(capsys, "review", "add", str(path), "--json", *extra)
    assert code == 0, err
    return json.loads(out), err


# -- short reviews of your own ---------------------------------------------------------------


def test_a_short_review_is_stored_as_its_own_summary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, watchlist_home: Path
) -> None:
    path = tmp_path / "short.txt"
    path.write_text(SHORT, encoding="utf-8")
    review, _ = add_json(capsys, path, "--film", "Deep Red")
    assert review["film_id"] == "deep-red-1975"
    assert (review["summary"], review["summary_kind"]) == (SHORT, "whole")
    assert review["summary_sentences"] == ["Great film, loved it.", "Argento at his best."]
    assert review["verdict"] == "positive" and review["evidence"]
    assert [p["name"] for p in review["mentions"]["people"]] == ["Dario Argento"]
    code, out, _ = run(capsys, "review", "show", "Deep Red")
    assert code == 0 and "Summary (the whole review):" in out and SHORT in out


def test_short_reviews_keep_their_verdict(catalog: Catalog) -> None:
    film = catalog.get("oldboy-2003")
    one = analyse("A tedious, ridiculous and disappointing film.", catalog, film)
    assert (one.summary_kind, one.verdict) == ("whole", "negative")
    assert one.summary == "A tedious, ridiculous and disappointing film."
    two = analyse("Oldboy.\n\nMasterpiece!", catalog, film)  # two sentences, two words
    assert (two.summary_kind, two.summary) == ("whole", "Oldboy. Masterpiece!")


def test_a_long_single_sentence_is_cut_to_its_first_90_words(catalog: Catalog) -> None:
    words = [f"word{n}" for n in range(120)]
    analysis = analyse(" ".join(["Oldboy", "is", *words]) + ".", catalog)
    assert analysis.film.id == "oldboy-2003" and analysis.summary_kind == "whole"
    assert analysis.summary.split()[:-1] == ["Oldboy", "is", *words[:88]]
    assert analysis.summary.endswith(" …")


def test_long_reviews_are_still_extractive(catalog: Catalog) -> None:
    assert analyse(samples.DEEP_RED, catalog).summary_kind == "extractive"


# -- the same review twice --------------------------------------------------------------------


def test_adding_the_same_review_twice_stores_it_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, watchlist_home: Path
) -> None:
    path = tmp_path / "deep-red.txt"
    path.write_text(samples.DEEP_RED, encoding="utf-8")
    first, _ = add_json(capsys, path)
    stored = (watchlist_home / "reviews.json").read_bytes()

    code, out, err = run(capsys, "review", "add", str(path))
    assert code == 0, err
    assert out.startswith("This review is already attached to Deep Red (1975) [deep-red-1975]")
    assert "nothing was added" in out.splitlines()[0]
    again, err = add_json(capsys, path)
    assert again == first and "already attached" in err
    # The same text as Markdown-free, differently wrapped input is the same review too.
    path.write_text(samples.DEEP_RED.replace("\n\n", "\n\n\n") + "\n\n", encoding="utf-8")
    assert add_json(capsys, path)[0]["id"] == first["id"]
    assert (watchlist_home / "reviews.json").read_bytes() == stored

    code, out, _ = run(capsys, "review", "show", "Deep Red", "--json", "--all")
    assert [review["id"] for review in json.loads(out)] == [first["id"]]


def test_the_service_returns_the_review_already_attached(tmp_path: Path) -> None:
    services = Services(tmp_path / "home")
    first = services.reviews.attach(samples.OLDBOY, film="oldboy-2003")
    assert first.added
    again = services.reviews.attach(samples.OLDBOY.encode("utf-8"))  # detected, as bytes
    assert (again.review.id, again.added) == (first.review.id, False)
    assert services.reviews.add(samples.OLDBOY).id == first.review.id
    assert len(services.reviews.for_film("oldboy-2003")) == 1
    # Another film may carry the same text.
    other = services.reviews.attach(samples.OLDBOY, film="deep-red-1975")
    assert other.added and other.review.film_id == "deep-red-1975"


def test_an_imported_review_is_not_added_again_by_hand(tmp_path: Path) -> None:
    from tests.interchange.builders import letterboxd_import_csv
    from watchlist.interchange import import_path

    services = Services(tmp_path / "home")
    path = letterboxd_import_csv(
        tmp_path, [{"Title": "Oldboy", "Year": "2003", "Review": samples.OLDBOY}]
    )
    import_path(services, "letterboxd", path)
    (imported,) = services.reviews.for_film("oldboy-2003")
    attached = services.reviews.attach(samples.OLDBOY, source="paste")
    assert (attached.review.id, attached.added) == (imported.id, False)
    assert len(services.reviews.store.all()) == 1


# -- films the catalog lacks -------------------------------------------------------------------


@pytest.mark.parametrize(
    "film", ["unmatched:paddington-in-peru-part-7-2031", "unmatched:suspiria", "No Such Film 1999"]
)
def test_a_film_not_in_the_catalog_is_refused_and_nothing_is_stored(
    tmp_path: Path, film: str
) -> None:
    services = Services(tmp_path / "home")
    for add in (services.reviews.add, services.reviews.add_plain):
        with pytest.raises(FilmNotInCatalog) as caught:
            add(samples.DEEP_RED, film=film)
        message = str(caught.value)
        assert "not in the catalog" in message and "review was not stored" in message
        assert "import a catalog that has it" in message.lower()
        assert "attach the review to a catalog film" in message
        assert isinstance(caught.value, FilmNotFound)  # callers catching that still work
    assert not (services.home / "reviews.json").exists()
    services.reviews.add(samples.OLDBOY)
    before = (services.home / "reviews.json").read_bytes()
    with pytest.raises(FilmNotInCatalog):
        services.reviews.add_plain(samples.DEEP_RED, film=film)
    assert (services.home / "reviews.json").read_bytes() == before


def test_an_unmatched_entry_suggests_catalog_films(tmp_path: Path) -> None:
    services = Services(tmp_path / "home")
    with pytest.raises(FilmNotInCatalog, match=r"Did you mean: .*Suspiria \(19"):
        services.reviews.add_plain(samples.DEEP_RED, film="unmatched:suspiria")


def test_the_cli_says_why_a_review_of_an_unknown_film_was_not_stored(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, watchlist_home: Path
) -> None:
    path = tmp_path / "deep-red.txt"
    path.write_text(samples.DEEP_RED, encoding="utf-8")
    code, out, err = run(capsys, "review", "add", str(path), "--film", "unmatched:nowhere-1999")
    assert code == 1 and not out
    assert err.startswith("watchlist: ") and err.count("\n") == 1
    assert "not in the catalog" in err and "not stored" in err
    assert not (watchlist_home / "reviews.json").exists()
