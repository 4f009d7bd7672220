"""SVG snapshots of every screen at a fixed size (plain `def` tests: snap_compare needs them).

Update after an intended change of look: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from tests.tui.conftest import settle
from watchlist.services import open_services
from watchlist.store.entries import Entry
from watchlist.tui.app import make_app

SIZE = (100, 30)
DEMO = [
    ("deep-red-1975", "seen", 5.0, "2024-05-01T20:00:00+00:00"),
    ("oldboy-2003", "seen", 4.5, "2024-05-02T20:00:00+00:00"),
    ("the-perfection-2018", "want", None, "2024-05-03T20:00:00+00:00"),
    ("tenebrae-1982", "want", None, "2024-05-04T20:00:00+00:00"),
]


@pytest.fixture
def demo_app(watchlist_home):
    services = open_services(watchlist_home)
    for film_id, status, rating, when in DEMO:  # fixed dates keep the pictures stable
        viewings = [{"date": when[:10], "rewatch": False}] if status == "seen" else []
        services.store.restore(
            Entry(film_id, status=status, rating=rating, added_at=when, viewings=viewings)
        )
    return make_app(services, watch_external_changes=False)


def test_browse_empty_query(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=settle)


def test_browse_search_giallo(snap_compare, demo_app) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(*"giallo", "enter")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=SIZE, run_before=run_before)


def test_browse_narrow_80x24(snap_compare, demo_app) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(*"korean horror")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=run_before)


def test_film_details_the_perfection(snap_compare, demo_app) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(*"the perfection", "enter", "enter")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=SIZE, run_before=run_before)


def test_watchlist_screen(snap_compare, demo_app) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("escape", "l", "right", "right")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=SIZE, run_before=run_before)


def test_for_you_screen(snap_compare, demo_app) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("escape", "f")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=SIZE, run_before=run_before)


def test_help_overlay(snap_compare, demo_app) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("escape", "question_mark")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=SIZE, run_before=run_before)


def test_rating_dialog(snap_compare, demo_app) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(*"whiplash", "enter", "s")
        await settle(pilot)
        await pilot.press(*"4.5")
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=SIZE, run_before=run_before)


def test_light_theme(snap_compare, demo_app) -> None:
    async def run_before(pilot) -> None:
        pilot.app.theme = "textual-light"
        await settle(pilot)
        await pilot.press(*"argento", "enter")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=SIZE, run_before=run_before)
