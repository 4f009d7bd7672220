"""Bad input: a clear one-line message, exit 1, and reviews.json left exactly as it was."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from tests.reviews import samples
from tests.reviews.test_seed_review import run
from watchlist.catalog.catalog import Catalog
from watchlist.reviews import MAX_BYTES


@pytest.fixture
def stored(capsys: pytest.CaptureFixture[str], tmp_path: Path, watchlist_home: Path) -> bytes:
    """A reviews.json holding one good review; returns its bytes."""
    path = tmp_path / "oldboy.txt"
    path.write_text(samples.OLDBOY, encoding="utf-8")
    assert run(capsys, "review", "add", str(path))[0] == 0
    return (watchlist_home / "reviews.json").read_bytes()


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = run(capsys, "review", "add", *argv)
    assert code == 1, (out, err)
    assert out == ""
    assert err.startswith("watchlist: ") and err.count("\n") == 1  # one clear line
    assert "Traceback" not in err
    return err


def test_empty_file(capsys, tmp_path: Path, watchlist_home: Path, stored: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert "empty" in refused(capsys, str(path))
    path.write_bytes(b"\xef\xbb\xbf  \n\n \t")  # a BOM and whitespace is still empty
    assert "empty" in refused(capsys, str(path))
    assert (watchlist_home / "reviews.json").read_bytes() == stored


def test_binary_file(capsys, tmp_path: Path, watchlist_home: Path, stored: bytes) -> None:
    path = tmp_path / "poster.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "binary" in refused(capsys, str(path))
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Un film très réussi, vraiment. Je le recommande à tous.".encode("latin-1"))
    assert "UTF-8" in refused(capsys, str(latin1))
    assert (watchlist_home / "reviews.json").read_bytes() == stored


def test_ten_megabyte_file(capsys, tmp_path: Path, watchlist_home: Path, stored: bytes) -> None:
    path = tmp_path / "huge.txt"
    sentence = b"Oldboy is a film that some people like a great deal. "
    with path.open("wb") as handle:
        for _ in range(10 * 1024 * 1024 // len(sentence) + 1):
            handle.write(sentence)
    assert path.stat().st_size > 10 * 1024 * 1024 > MAX_BYTES
    assert "too large" in refused(capsys, str(path))
    assert (watchlist_home / "reviews.json").read_bytes() == stored


def test_film_not_in_catalog(
    capsys, tmp_path: Path, watchlist_home: Path, stored: bytes, catalog: Catalog
) -> None:
    assert catalog.by_title("The Lighthouse Keeper's Granddaughter") == []
    path = tmp_path / "lighthouse.txt"
    path.write_text(samples.NOT_IN_CATALOG, encoding="utf-8")
    assert "names no film of the catalog" in refused(capsys, str(path))
    err = refused(capsys, str(path), "--film", "The Lighthouse Keeper's Granddaughter")
    assert "no film matches" in err
    assert (watchlist_home / "reviews.json").read_bytes() == stored


def test_nothing_is_created_when_the_first_review_fails(
    capsys, tmp_path: Path, watchlist_home: Path
) -> None:
    path = tmp_path / "lighthouse.txt"
    path.write_text(samples.NOT_IN_CATALOG, encoding="utf-8")
    refused(capsys, str(path))
    refused(capsys, str(tmp_path / "missing.txt"))
    refused(capsys, str(tmp_path))  # a folder
    assert not (watchlist_home / "reviews.json").exists()


def test_too_short_to_summarise_is_stored_whole(
    capsys, tmp_path: Path, watchlist_home: Path
) -> None:
    """A short review is not bad input: it is its own summary (see test_short_reviews)."""
    path = tmp_path / "short.txt"
    path.write_text("Oldboy is great.", encoding="utf-8")
    code, out, err = run(capsys, "review", "add", str(path), "--json")
    assert code == 0, err
    assert (json.loads(out)["summary"], json.loads(out)["summary_kind"]) == (
        "Oldboy is great.",
        "whole",
    )
    # Text with no words at all is still refused, and stores nothing more.
    stored = (watchlist_home / "reviews.json").read_bytes()
    path.write_text("!!! ... ?!", encoding="utf-8")
    assert "no words" in refused(capsys, str(path))
    assert (watchlist_home / "reviews.json").read_bytes() == stored


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_good_and_bad(
    capsys, monkeypatch: pytest.MonkeyPatch, watchlist_home: Path, stored: bytes
) -> None:
    _stdin(monkeypatch, b"")
    assert "stdin is empty" in refused(capsys, "-")
    _stdin(monkeypatch, b"\x00\x01\x02binary")
    assert "binary" in refused(capsys, "-")
    _stdin(monkeypatch, b"x" * (MAX_BYTES + 10))
    assert "too large" in refused(capsys, "-")
    assert (watchlist_home / "reviews.json").read_bytes() == stored

    _stdin(monkeypatch, samples.DEEP_RED.encode("utf-8"))
    code, out, err = run(capsys, "review", "add", "-")
    assert code == 0, err
    assert "Deep Red (1975)" in out and "Source: stdin" in out


def test_show_unknown_film_and_no_reviews(capsys, watchlist_home: Path) -> None:
    code, _, err = run(capsys, "review", "show", "No Such Film Anywhere")
    assert code == 1 and "no film matches" in err
    code, out, _ = run(capsys, "review", "show", "Psycho", "--json", "--all")
    assert code == 0 and out.strip() == "[]"
    code, out, err = run(capsys, "review", "show", "Psycho", "--json")
    assert code == 1 and not out and "no reviews of Psycho (1960)" in err
    code, out, _ = run(capsys, "review", "show", "Psycho")
    assert code == 0 and "No reviews of Psycho (1960)" in out
    assert not (watchlist_home / "reviews.json").exists()


def test_damaged_reviews_file_is_moved_aside_not_overwritten(
    capsys, tmp_path: Path, watchlist_home: Path
) -> None:
    watchlist_home.mkdir(parents=True)
    damaged = b'{"reviews": {"1": {"id": "x", "film_id": "oldb'
    (watchlist_home / "reviews.json").write_bytes(damaged)
    path = tmp_path / "oldboy.txt"
    path.write_text(samples.OLDBOY, encoding="utf-8")
    err = refused(capsys, str(path))
    assert "damaged" in err
    moved = list(watchlist_home.glob("reviews.json.corrupt-*"))
    assert len(moved) == 1 and moved[0].read_bytes() == damaged
