"""Apps for pilot and snapshot tests: the real services over a fresh WATCHLIST_HOME."""

from __future__ import annotations

import pytest

from watchlist.services import open_services
from watchlist.tui.app import WatchlistApp, make_app


@pytest.fixture
def services(watchlist_home):
    return open_services(watchlist_home)


@pytest.fixture
def app(services) -> WatchlistApp:
    return make_app(services, watch_external_changes=False)


async def settle(pilot) -> None:
    """Let workers finish and the screen catch up; a blinking cursor would make pictures flaky."""
    for text_box in pilot.app.screen.query("Input"):
        text_box.cursor_blink = False
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.1)  # timers such as the details pane's settle delay
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
