"""The Textual app: a thin layer of screens over the core services.

The app owns one copy of the watchlist (`entries`) for drawing; every change goes to the store
in a thread worker, and the fresh copy comes back as a WatchlistChanged message to the screens.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from watchlist.errors import WatchlistError
from watchlist.services import Services
from watchlist.tui.actions import AppActions
from watchlist.tui.messages import FilmChosen, WatchlistChanged
from watchlist.tui.screens.browse import BrowseScreen
from watchlist.tui.screens.film import FilmScreen
from watchlist.tui.screens.help import HelpScreen
from watchlist.tui.screens.recommendations import RecommendationsScreen
from watchlist.tui.screens.watchlist_screen import WatchlistScreen

#: How often to look for changes another window or a CLI command saved.
EXTERNAL_CHANGE_POLL_SECONDS = 2.0


class WatchlistApp(AppActions, App[int]):
    TITLE = "watchlist"
    CSS_PATH = "app.tcss"
    MODES = {
        "browse": BrowseScreen,
        "watchlist": WatchlistScreen,
        "for_you": RecommendationsScreen,
    }
    DEFAULT_MODE = "browse"
    BINDINGS = [
        Binding("slash", "focus_search", "Search"),
        Binding("b", "switch_mode('browse')", "Browse", show=False),
        Binding("l", "switch_mode('watchlist')", "List"),
        Binding("f", "switch_mode('for_you')", "For you"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, services: Services, watch_external_changes: bool = True) -> None:
        super().__init__()
        self.services = services
        self.entries: dict[str, Any] = {}
        self.reviews: dict[str, list] = {}
        self.not_interested: set[str] = set()
        self._undo: tuple[str, Callable[[], str]] | None = None
        self._last_job: threading.Event | None = None
        self._store_stamp: object = None
        self._watch_external_changes = watch_external_changes

    # -- start-up and the watchlist copy ----------------------------------------

    def on_mount(self) -> None:
        self.load_entries()
        if self._watch_external_changes:
            self.set_interval(EXTERNAL_CHANGE_POLL_SECONDS, self.check_external_changes)

    def load_entries(self) -> None:
        """(Re)read the list, in order with the changes, so an old read never wins."""
        self.in_order(lambda: None)

    def _publish(self, message: str | None) -> None:
        """Read the list and the reviews (in a worker thread) and hand them to the UI."""
        stamp = self._stamp()  # before reading: a write after this is seen by the next poll
        try:
            entries = self.services.store.entries()
            not_interested = self.services.store.not_interested()
        except WatchlistError:
            # Said once (by the worker's error report); polls retry only when the file changes.
            self.call_from_thread(setattr, self, "_store_stamp", stamp)
            raise
        try:
            reviews = self.services.reviews.by_film()
        except WatchlistError as error:  # a damaged reviews file must not hide the list
            reviews = {}
            self.call_from_thread(self.notify, str(error), title="Reviews", severity="error")
        self.call_from_thread(
            self._entries_loaded, entries, reviews, not_interested, stamp, message
        )

    def _entries_loaded(
        self,
        entries: Iterable[Any],
        reviews: dict[str, list],
        not_interested: set[str],
        stamp: object,
        message: str | None,
    ) -> None:
        self.entries = {entry.film_id: entry for entry in entries}
        self.reviews = reviews
        self.not_interested = not_interested
        self._store_stamp = stamp
        for screen in self._all_screens():
            screen.post_message(WatchlistChanged())
        if message:
            self.notify(message, timeout=4)

    def _stamp(self) -> object:
        path = getattr(self.services.store, "path", None)
        try:
            stat = Path(path).stat() if path else None
        except OSError:
            return None
        return (stat.st_mtime_ns, stat.st_size, stat.st_ino) if stat else None

    def check_external_changes(self) -> None:
        """Another window or a CLI command saved: show its changes."""
        if self._stamp() != self._store_stamp and (
            self._last_job is None or self._last_job.is_set()
        ):
            self.load_entries()

    def _all_screens(self) -> list[Screen]:
        screens: list[Screen] = []
        for stack in self._screen_stacks.values():
            screens.extend(stack)
        return screens

    def statuses(self) -> dict[str, str]:
        return {film_id: entry.status for film_id, entry in self.entries.items()}

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.report_worker_error(event)

    def report_worker_error(self, event: Worker.StateChanged) -> None:
        """Every failed worker (save, load, search) lands here: say what happened and what to
        do, and keep running. Screens forward theirs (the message does not bubble)."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, WatchlistError):
            self.notify(str(error), title="Watchlist not changed", severity="error", timeout=12)
        else:
            self.notify(
                f"{type(error).__name__}: {error}. Nothing was saved; your list file is unchanged.",
                title="Unexpected error",
                severity="error",
                timeout=12,
            )

    # -- navigation -------------------------------------------------------------

    def show_more_like(self, film_id: str) -> None:
        if self.services.catalog.get(film_id) is None:
            self.notify(
                f"{self._title(film_id)} is not in the catalog, so there is nothing to compare.",
                severity="warning",
            )
            return
        self.push_screen(RecommendationsScreen(like_film_id=film_id))

    def on_film_chosen(self, message: FilmChosen) -> None:
        self.push_screen(FilmScreen(message.film_id))

    async def action_focus_search(self) -> None:
        if self.current_mode != "browse":
            await self.switch_mode("browse")
        while not isinstance(self.screen, BrowseScreen):
            self.pop_screen()
        self.screen.action_focus_search()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Browse", "Search the catalog", lambda: self.switch_mode("browse"))
        yield SystemCommand(
            "Watchlist", "Want to see, seen, all", lambda: self.switch_mode("watchlist")
        )
        yield SystemCommand(
            "For you", "Recommendations from your list", lambda: self.switch_mode("for_you")
        )
        yield SystemCommand("Help", "Every key", self.action_help)
        yield SystemCommand("Undo", "Take back the last removal or 'not for me'", self.undo)
        for kind, name in (("letterboxd", "Letterboxd"), ("imdb", "IMDb"), ("json", "JSON")):
            yield SystemCommand(
                f"Import from {name}", "Bring your history in", partial(self.ask_import, kind)
            )
        for fmt, name in (("json", "JSON"), ("csv", "CSV"), ("letterboxd", "Letterboxd CSV")):
            yield SystemCommand(
                f"Export as {name}", "Into the exports folder", partial(self.export, fmt)
            )
        film_id = getattr(screen, "highlighted_film_id", lambda: None)()
        if film_id:
            title = self._title(film_id)
            yield SystemCommand(
                f"Want to see: {title}", "Toggle", lambda: self.toggle_want(film_id)
            )
            yield SystemCommand(f"Mark seen: {title}", "Then rate", lambda: self.mark_seen(film_id))
            yield SystemCommand(f"Note on {title}", "Edit", lambda: self.edit_note(film_id))
            yield SystemCommand(
                f"More like {title}", "Recommendations", lambda: self.show_more_like(film_id)
            )
            yield SystemCommand(
                f"Remove {title}", "From the watchlist", lambda: self.remove(film_id)
            )
            yield SystemCommand(
                f"Read reviews of {title}", "In full", lambda: self.read_reviews(film_id)
            )
        yield SystemCommand(
            "Paste a review",
            "Of the highlighted film, or found from the text",
            lambda: self.paste_review(film_id),
        )
        yield SystemCommand(
            "Load a review from a file",
            "Text, Markdown or HTML, of the highlighted film or found from the text",
            lambda: self.load_review(film_id),
        )


def make_app(services: Services, watch_external_changes: bool = True) -> WatchlistApp:
    """The one factory for the app, used by the CLI, the tests and the screenshot script."""
    return WatchlistApp(services, watch_external_changes=watch_external_changes)


def run_app(services: Services) -> int:
    make_app(services).run()
    return 0
