"""The CLI's shape: help, exit codes, and the catalog commands' JSON contract."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import run_cli as run
from watchlist.catalog.bundled import load_bundled
from watchlist.catalog.model import FILM_KEYS
from watchlist.cli import COMMAND_MODULES, build_parser


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert len(commands) >= len(COMMAND_MODULES)
    for name in commands:
        assert name in out


def test_catalog_list_json_has_exactly_the_film_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "list", "--json")
    films = json.loads(out)
    assert code == 0
    assert len(films) == len(load_bundled())
    assert all(tuple(film) == FILM_KEYS for film in films)
    assert any(film["title"] == "The Perfection" for film in films)


def test_catalog_info_json_counts_and_sources(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "info", "--json")
    info = json.loads(out)
    assert code == 0
    assert info["films"] == len(load_bundled())
    assert info["sources"][0]["name"] == "bundled"


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "catalog", "no-such-command")
    assert code == 2
    assert "invalid choice" in err
    assert "Traceback" not in err


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "watchlist", "catalog", "info", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["films"] >= 1


def test_parsing_the_command_line_stays_light() -> None:
    """`watchlist --help` and the app's start must not pay for numpy, search or reviews."""
    probe = (
        "import sys; from watchlist.cli import build_parser; build_parser(); "
        "print(sorted(m for m in ('numpy', 'watchlist.search.engine', 'watchlist.reviews.analysis',"
        " 'watchlist.interchange.export') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_data_home_that_is_a_file_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], tmp_path, monkeypatch
) -> None:
    not_a_folder = tmp_path / "home"
    not_a_folder.write_text("hi", "utf-8")
    monkeypatch.setenv("WATCHLIST_HOME", str(not_a_folder))
    code, _, err = run(capsys, "list")
    assert code == 1
    assert "is a file" in err and "Traceback" not in err
