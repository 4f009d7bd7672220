"""`watchlist catalog import|remove` in-process: output, credits, and bad input handled."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from tests.catalog.test_importers import NAMES, WIKI_ROWS, write_imdb, write_json
from tests.conftest import WIKIPEDIA_FILE, require_shared
from tests.conftest import run_cli as run
from watchlist.catalog.bundled import load_bundled
from watchlist.catalog.importers import wikipedia as wikipedia_module
from watchlist.catalog.importers.imdb import CREDIT
from watchlist.catalog.model import FILM_KEYS
from watchlist.catalog.sqlite_catalog import catalog_path
from watchlist.cli import main

B = len(load_bundled())


def info(capsys: pytest.CaptureFixture[str]) -> dict:
    code, out, _ = run(capsys, "catalog", "info", "--json")
    assert code == 0
    return json.loads(out)


def test_import_wikipedia_then_info_list_and_remove(tmp_path: Path, capsys) -> None:
    path = write_json(tmp_path / "movies.json.gz", WIKI_ROWS, gz=True)
    code, out, err = run(capsys, "catalog", "import", "wikipedia", str(path))
    assert code == 0, err
    assert "Imported 4 films from wikipedia" in out and "1 rows skipped" in out
    assert "rows" in err  # the progress line
    assert "Building the search index" in err
    folders = list((Path(os.environ["WATCHLIST_HOME"]) / "search-index").glob("v1-*"))
    assert len(folders) == 1 and (folders[0] / "meta.json").exists()  # ready for next start
    data = info(capsys)
    assert data["films"] == B + 4
    assert [s["name"] for s in data["sources"]] == ["bundled", "wikipedia"]
    code, out, _ = run(capsys, "catalog", "info")
    assert "wikipedia: 4 films" in out and "Wikipedia" in out
    code, out, _ = run(capsys, "catalog", "list", "--json")
    films = json.loads(out)
    assert len(films) == B + 4 and all(tuple(film) == FILM_KEYS for film in films)
    assert out == json.dumps(films, ensure_ascii=False, indent=2) + "\n"
    code, out, _ = run(capsys, "catalog", "remove", "wikipedia")
    assert code == 0 and "4 films" in out
    assert info(capsys)["films"] == B


def test_import_imdb_shows_the_credit_line(tmp_path: Path, capsys) -> None:
    folder = write_imdb(tmp_path / "imdb")
    code, out, err = run(capsys, "catalog", "import", "imdb", str(folder), "--min-votes", "3")
    assert code == 0, err
    assert CREDIT in out
    assert "Imported 1 films from imdb (2 merged with bundled films" in out  # Perfection, Deep Red
    source = info(capsys)["sources"][1]
    assert (source["name"], source["films"], source["merged"]) == ("imdb", 1, 2)
    assert source["credit"] == CREDIT
    code, out, _ = run(capsys, "catalog", "info")
    assert CREDIT in out
    code, out, _ = run(capsys, "catalog", "list", "--json")
    perfection = next(f for f in json.loads(out) if f["title"] == "The Perfection")
    assert perfection["id"] == "the-perfection-2018" and perfection["summary"]


def test_usage_errors(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["catalog", "import", "imdb", "x", "--min-votes", "many"])
    assert exit_info.value.code == 2
    code, _, err = run(capsys, "catalog", "remove", "bundled")
    assert code == 1 and "cannot be removed" in err
    code, _, err = run(capsys, "catalog", "remove", "nothing")
    assert code == 1 and err.count("\n") == 1 and "no imported source" in err


def bad_inputs(tmp_path: Path) -> list[list[str]]:
    truncated = tmp_path / "cut.json.gz"
    whole = gzip.compress(json.dumps(WIKI_ROWS * 100).encode())
    truncated.write_bytes(whole[: len(whole) // 2])
    latin = tmp_path / "latin.json"
    latin.write_bytes('[{"title": "Café", "year": 1999}]'.encode("latin-1"))
    wrong = tmp_path / "wrong.json"
    wrong.write_text("title\tyear\nA\t1999\n")
    cut_imdb = write_imdb(tmp_path / "cut-imdb")
    principals = cut_imdb / "title.principals.tsv.gz"
    principals.write_bytes(principals.read_bytes()[:-12])
    return [
        ["wikipedia", str(truncated)],
        ["wikipedia", str(latin)],
        ["wikipedia", str(wrong)],
        ["wikipedia", str(tmp_path / "missing.json")],
        ["imdb", str(cut_imdb)],
        [
            "imdb",
            str(write_imdb(tmp_path / "cols", name_basics=[NAMES[0].replace("primaryName", "n")])),
        ],
        ["imdb", str(write_imdb(tmp_path / "nofile", skip=("name.basics",)))],
        ["imdb", str(wrong)],
    ]


def test_bad_input_leaves_the_previous_catalog_intact(
    tmp_path: Path, capsys, watchlist_home
) -> None:
    good = write_json(tmp_path / "good.json", WIKI_ROWS)
    assert run(capsys, "catalog", "import", "wikipedia", str(good))[0] == 0
    before = catalog_path(watchlist_home).read_bytes()
    for args in bad_inputs(tmp_path):
        code, _, err = run(capsys, "catalog", "import", *args)
        last = err.strip().splitlines()[-1]
        assert code == 1, (args, err)
        assert last.startswith("watchlist: ") and "Traceback" not in err, (args, err)
        assert catalog_path(watchlist_home).read_bytes() == before, args
    assert sorted(p.name for p in watchlist_home.iterdir()) == [
        "catalog.lock",
        "catalog.sqlite",
        "search-index",  # built by the good import before
    ]


def test_ctrl_c_mid_import_keeps_the_catalog(
    tmp_path: Path, capsys, monkeypatch, watchlist_home
) -> None:
    good = write_json(tmp_path / "good.json", WIKI_ROWS)
    assert run(capsys, "catalog", "import", "wikipedia", str(good))[0] == 0
    before = catalog_path(watchlist_home).read_bytes()
    real = wikipedia_module.WikipediaImporter._film

    def interrupted(self, record, seen):
        if len(seen) >= 2:
            raise KeyboardInterrupt
        return real(self, record, seen)

    monkeypatch.setattr(wikipedia_module.WikipediaImporter, "_film", interrupted)
    code, _, err = run(capsys, "catalog", "import", "wikipedia", str(good))
    assert code == 130 and "interrupted" in err and "unchanged" in err
    assert catalog_path(watchlist_home).read_bytes() == before
    assert sorted(p.name for p in watchlist_home.iterdir()) == [
        "catalog.lock",
        "catalog.sqlite",
        "search-index",  # built by the good import before
    ]


def test_real_wikipedia_file_end_to_end(capsys) -> None:
    path = require_shared(WIKIPEDIA_FILE)
    code, _, err = run(capsys, "catalog", "import", "wikipedia", str(path))
    assert code == 0, err
    data = info(capsys)
    source = data["sources"][1]
    assert source["name"] == "wikipedia" and source["films"] > 30000 and source["merged"] > 50
    assert data["films"] == B + source["films"]
    from watchlist.catalog.loader import load_catalog

    catalog = load_catalog()
    perfection = catalog.resolve("The Perfection")  # merged: no duplicate, bundled wins
    bundled = next(f for f in load_bundled() if f.id == "the-perfection-2018")
    assert perfection == bundled
    assert catalog.get("wp-the-perfection-2019") == bundled
    titanic = catalog.resolve("Titanic (1997)")
    assert "Kate Winslet" in titanic.cast and titanic.summary == ""
    assert run(capsys, "catalog", "remove", "wikipedia")[0] == 0
    assert info(capsys)["films"] == B
