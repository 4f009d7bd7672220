"""`watchlist import ...` and `watchlist export ...`, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli as run
from tests.interchange.builders import imdb_csv, letterboxd_export
from tests.interchange.test_importer import ALL_ROWS
from watchlist.interchange.export import CSV_COLUMNS, LETTERBOXD_COLUMNS
from watchlist.interchange.report import COUNT_KEYS
from watchlist.paths import watchlist_path
from watchlist.services import open_services


def test_import_letterboxd_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = letterboxd_export(tmp_path, ALL_ROWS)
    code, out, _ = run(capsys, "import", "letterboxd", str(path))
    assert code == 0
    assert "6 imported, 0 updated, 0 unchanged, 1 unmatched, 1 ambiguous, 0 skipped" in out
    assert "unmatched: Paddington in Peru, Part 7 (2031)" in out
    assert "ambiguous: Suspiria" in out

    code, out, _ = run(capsys, "import", "letterboxd", str(path), "--json")
    report = json.loads(out)
    assert code == 0
    assert tuple(report["counts"]) == COUNT_KEYS
    assert report["counts"]["unchanged"] == 6
    assert set(report) == {"kind", "path", "counts", "notes", "rows"}
    row = next(r for r in report["rows"] if r["match"] == "ambiguous")
    assert row["candidates"] == ["suspiria-1977", "suspiria-2018"]
    assert row["film_id"] == "unmatched:suspiria"


def test_import_imdb_skips_tv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = imdb_csv(
        tmp_path,
        "ratings-2017",
        [
            {"Const": "tt0364569", "Your Rating": "9", "Title": "Oldboy", "Title Type": "movie",
             "Year": "2003"},
            {"Const": "tt0306414", "Your Rating": "10", "Title": "The Wire",
             "Title Type": "tvSeries", "Year": "2002"},
        ],
    )  # fmt: skip
    code, out, _ = run(capsys, "import", "imdb", str(path), "--json")
    report = json.loads(out)
    assert code == 0
    assert report["counts"]["imported"] == 1 and report["counts"]["skipped"] == 1
    skipped = next(r for r in report["rows"] if r["action"] == "skipped")
    assert skipped["title"] == "The Wire" and "not a film" in skipped["reason"]


def test_bad_file_exits_1_and_changes_nothing(
    tmp_path: Path, watchlist_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "ratings.csv"
    bad.write_bytes("Const,Title,Your Rating\ntt1,Amélie,9\n".encode("cp1252"))
    code, out, err = run(capsys, "import", "imdb", str(bad))
    assert (code, out) == (1, "")
    assert err.startswith("watchlist: ratings.csv: not UTF-8 text") and err.count("\n") == 1
    assert not watchlist_path(watchlist_home).exists()


def test_export_formats_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "import", "letterboxd", str(letterboxd_export(tmp_path, ALL_ROWS)))
    code, out, _ = run(capsys, "export", "--format", "csv")
    assert code == 0 and out.splitlines()[0] == ",".join(CSV_COLUMNS)
    code, out, _ = run(capsys, "export", "--format", "letterboxd")
    assert code == 0 and out.splitlines()[0] == ",".join(LETTERBOXD_COLUMNS)
    code, out, _ = run(capsys, "export")
    assert code == 0 and json.loads(out)["format"] == "watchlist-export"
    code, _, err = run(capsys, "export", "--format", "xml")
    assert code == 2 and "invalid choice" in err


def test_export_file_then_import_into_an_empty_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "import", "letterboxd", str(letterboxd_export(tmp_path, ALL_ROWS)))
    open_services().store.add("oldboy-2003", status="seen", rating=3.5, note="Hammer, corridor")
    before = {e.film_id: e.to_dict() for e in open_services().store.entries()}
    target = tmp_path / "backup.json"
    code, out, _ = run(capsys, "export", "--format", "json", "-o", str(target))
    assert code == 0 and str(target) in out
    code, _, err = run(capsys, "export", "--format", "json", "-o", str(target))
    assert code == 1 and "already exists; use --force" in err
    code, _, _ = run(capsys, "export", "--format", "json", "-o", str(target), "--force")
    assert code == 0

    monkeypatch.setenv("WATCHLIST_HOME", str(tmp_path / "fresh-home"))
    code, out, _ = run(capsys, "import", "json", str(target))
    assert code == 0 and "7 imported" in out
    after = {e.film_id: e.to_dict() for e in open_services().store.entries()}
    assert after == before
    code, out, _ = run(capsys, "import", "json", str(target))
    assert "Nothing changed" in out
