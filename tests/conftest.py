"""Shared fixtures: every test gets its own empty WATCHLIST_HOME."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
WIKIPEDIA_FILE = SHARED / "data" / "wikipedia-movies.json.gz"
SEED_REVIEW = SHARED / "data" / "reviews" / "the-perfection.txt"


def require_shared(path: Path) -> Path:
    """The path, or a skip locally / a failure in CI when ../shared is missing."""
    if path.exists():
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{path} is missing: CI must run with ../shared beside the clone")
    pytest.skip(f"{path} not present")


@pytest.fixture(autouse=True)
def watchlist_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("WATCHLIST_HOME", str(home))
    return home


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit code, stdout, stderr); argparse's usage errors give 2."""
    from watchlist.cli import main

    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err
