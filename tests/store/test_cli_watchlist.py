"""`watchlist add | remove | list`, run in-process against a temporary WATCHLIST_HOME."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli as run
from watchlist import services as services_module
from watchlist.catalog.catalog import Catalog
from watchlist.catalog.model import Film
from watchlist.cli.watchlist_cmd import ENTRY_KEYS
from watchlist.services import Services

PERFECTION = "the-perfection-2018"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "wl-home"
    monkeypatch.setenv("WATCHLIST_HOME", str(home))
    return home


def film(film_id: str, title: str, year: int) -> Film:
    return Film(film_id, title, None, year, ("Someone",), (), (), (), None, (), "")


@pytest.fixture
def two_suspirias(monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = Catalog(
        [
            film("suspiria-1977", "Suspiria", 1977),
            film("suspiria-2018", "Suspiria", 2018),
            film(PERFECTION, "The Perfection", 2018),
        ]
    )
    real = services_module.open_services
    monkeypatch.setattr(services_module, "open_services", lambda: real(catalog=catalog))


def listed(capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict]:
    code, out, err = run(capsys, "list", "--json", *extra)
    assert code == 0, err
    return json.loads(out)


def test_add_by_title_then_list_json(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, err = run(capsys, "add", "The", "Perfection")
    assert code == 0, err
    assert "Added The Perfection (2018)" in out
    [entry] = listed(capsys)
    assert tuple(entry) == ENTRY_KEYS
    assert entry["film_id"] == PERFECTION
    assert (entry["title"], entry["year"], entry["status"]) == ("The Perfection", 2018, "want")
    assert (entry["rating"], entry["note"]) == (None, "")
    assert entry["added_at"] and entry["updated_at"]
    assert (home / "watchlist.json").exists()


def test_add_updates_status_rating_and_note(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "add", PERFECTION)
    code, out, _ = run(
        capsys, "add", PERFECTION, "--status", "seen", "--rating", "4,5", "--note", "wow"
    )
    assert code == 0 and "Updated" in out and "rated 4.5" in out
    [entry] = listed(capsys)
    assert (entry["status"], entry["rating"], entry["note"]) == ("seen", 4.5, "wow")
    assert len(entry["viewings"]) == 1
    code, _, _ = run(capsys, "add", PERFECTION, "--note", "")
    assert listed(capsys)[0]["note"] == "" and listed(capsys)[0]["status"] == "seen"


@pytest.mark.parametrize("rating", ["7", "4.3", "great", "0"])
def test_a_bad_rating_is_one_clear_line(capsys: pytest.CaptureFixture[str], rating: str) -> None:
    code, out, err = run(capsys, "add", PERFECTION, "--rating", rating)
    assert code == 1 and out == ""
    assert err.startswith("watchlist: rating must be") and err.count("\n") == 1
    assert listed(capsys) == []


def test_a_bad_status_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "add", PERFECTION, "--status", "maybe")
    assert code == 2 and "invalid choice" in err


def test_an_unknown_film_exits_1_with_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "add", "The", "Perfectoin")
    assert code == 1 and "no film matches" in err and "The Perfection (2018)" in err
    assert "Traceback" not in err


def test_an_ambiguous_title_lists_the_candidates(
    capsys: pytest.CaptureFixture[str], two_suspirias: None
) -> None:
    code, _, err = run(capsys, "add", "Suspiria")
    assert code == 1
    assert "suspiria-1977" in err and "suspiria-2018" in err
    code, out, _ = run(capsys, "add", "Suspiria", "1977", "--status", "seen")
    assert code == 0 and "Suspiria (1977)" in out
    assert [e["film_id"] for e in listed(capsys)] == ["suspiria-1977"]


def test_list_filters_by_status_and_prints_a_table(
    capsys: pytest.CaptureFixture[str], two_suspirias: None
) -> None:
    run(capsys, "add", "Suspiria 1977", "--status", "seen", "--rating", "5")
    run(capsys, "add", "suspiria-2018")
    run(capsys, "add", "The Perfection", "--note", "with friends")
    assert [e["film_id"] for e in listed(capsys, "--status", "seen")] == ["suspiria-1977"]
    assert len(listed(capsys, "--status", "want")) == 2
    code, out, _ = run(capsys, "list")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["title", "year", "status", "rating", "added", "note"]
    assert len(lines) == 2 + 3
    assert any("Suspiria" in line and "1977" in line and "seen" in line for line in lines)
    assert any("with friends" in line for line in lines)


def test_list_when_empty(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0 and "watchlist add FILM" in out
    assert listed(capsys) == []


def test_remove(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "add", PERFECTION)
    code, out, _ = run(capsys, "remove", "The", "Perfection")
    assert code == 0 and "Removed The Perfection (2018)" in out
    assert listed(capsys) == []
    code, _, err = run(capsys, "remove", PERFECTION)
    assert code == 1 and "not on your watchlist" in err


def test_remove_a_film_the_catalog_no_longer_knows(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    Services(home).store.add("gone-1999", title="Gone", year=1999)
    assert listed(capsys)[0]["title"] == "Gone"
    code, out, _ = run(capsys, "remove", "gone-1999")
    assert code == 0 and "Removed Gone" in out


def test_a_damaged_file_is_one_line_naming_where_it_went(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    home.mkdir(parents=True)
    (home / "watchlist.json").write_bytes(b'{"entries": {"1": {"film_id": "a"')
    code, _, err = run(capsys, "list")
    assert code == 1 and err.count("\n") == 1
    assert "damaged" in err and "watchlist.json.corrupt-" in err
    assert list(home.glob("watchlist.json.corrupt-*"))


def test_a_read_only_file_is_refused_by_add(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    run(capsys, "add", PERFECTION)
    path = home / "watchlist.json"
    path.chmod(0o444)
    before = path.read_bytes()
    code, _, err = run(capsys, "add", PERFECTION, "--rating", "3")
    assert code == 1 and "read-only" in err
    assert path.read_bytes() == before
    assert len(listed(capsys)) == 1  # still readable
