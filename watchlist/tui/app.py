"""The Textual app: a thin layer of screens over the core services.

The app owns one copy of the watchlist (`entries`) for drawing; every change goes to the store
in a thread worker, and the fresh copy comes back as a WatchlistChanged message to the screens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from watchlist.errors import WatchlistError
from watchlist.services import Services
from watchlist.tui.messages import FilmChosen, WatchlistChanged
from watchlist.tui.screens.browse import BrowseScreen
from watchlist.tui.screens.film import FilmScreen
from watchlist.tui.screens.help import HelpScreen
from watchlist.tui.screens.path_prompt import PathPrompt
from watchlist.tui.screens.rating import RatingDialog
from watchlist.tui.screens.recommendations import RecommendationsScreen
from watchlist.tui.screens.text_entry import TextEntryDialog
from watchlist.tui.screens.text_viewer import TextViewer
from watchlist.tui.screens.watchlist_screen import WatchlistScreen

#: How often to look for changes another window or a CLI command saved.
EXTERNAL_CHANGE_POLL_SECONDS = 2.0


class WatchlistApp(App[int]):
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
        self._last_removed: Any | None = None
        self._store_stamp: object = None
        self._watch_external_changes = watch_external_changes

    # -- start-up and the watchlist copy ----------------------------------------

    def on_mount(self) -> None:
        self.load_entries()
        if self._watch_external_changes:
            self.set_interval(EXTERNAL_CHANGE_POLL_SECONDS, self.check_external_changes)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_entries(self) -> None:
        self._publish(None)

    def _publish(self, message: str | None) -> None:
        """Read the list and the reviews (in a worker thread) and hand them to the UI."""
        entries = self.services.store.entries()
        not_interested = self.services.store.not_interested()
        try:
            reviews = self.services.reviews.by_film()
        except WatchlistError as error:  # a damaged reviews file must not hide the list
            reviews = {}
            self.call_from_thread(self.notify, str(error), title="Reviews", severity="error")
        self.call_from_thread(self._entries_loaded, entries, reviews, not_interested, message)

    def _entries_loaded(
        self,
        entries: Iterable[Any],
        reviews: dict[str, list],
        not_interested: set[str],
        message: str | None,
    ) -> None:
        self.entries = {entry.film_id: entry for entry in entries}
        self.reviews = reviews
        self.not_interested = not_interested
        self._store_stamp = self._stamp()
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
        return (stat.st_mtime_ns, stat.st_size) if stat else None

    def check_external_changes(self) -> None:
        if self._stamp() != self._store_stamp:
            self.load_entries()

    def _all_screens(self) -> list[Screen]:
        screens: list[Screen] = []
        for stack in self._screen_stacks.values():
            screens.extend(stack)
        return screens

    def statuses(self) -> dict[str, str]:
        return {film_id: entry.status for film_id, entry in self.entries.items()}

    # -- changes: each runs off the UI thread, under the store's lock -----------

    def change(self, film_id: str, describe: Callable[[Any], str], operation: str, *args) -> None:
        """Run `store.<operation>(film_id, *args)` in a worker, then refresh every screen."""
        self._store_worker(film_id, describe, operation, args)

    @work(thread=True, group="store", exit_on_error=False)
    def _store_worker(
        self, film_id: str, describe: Callable[[Any], str], operation: str, args: tuple
    ) -> None:
        store = self.services.store
        result = getattr(store, operation)(film_id, *args)
        self._publish(describe(result))

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

    def _title(self, film_id: str) -> str:
        film = self.services.catalog.get(film_id)
        return film.label if film else film_id

    def toggle_want(self, film_id: str) -> None:
        title = self._title(film_id)

        def describe(toggled: Any) -> str:
            if toggled.action == "removed":
                self._last_removed = toggled.entry
                return f"Took {title} off want to see. Press u to undo."
            if toggled.action == "unchanged":
                return f"{title} is already seen; x removes it from your list."
            return f"{title}: want to see"

        self.change(film_id, describe, "toggle_want")

    def mark_seen(self, film_id: str) -> None:
        title = self._title(film_id)
        self.change(film_id, lambda _: f"Marked {title} seen", "set_status", "seen")

        def rated(rating: float | None) -> None:
            if rating is not None:
                self.rate(film_id, rating)

        self.push_screen(RatingDialog(title), rated)

    def rate(self, film_id: str, rating: float | None) -> None:
        title = self._title(film_id)
        if rating is None:
            self.change(film_id, lambda _: f"Cleared the rating of {title}", "rate", None)
            return
        self.change(film_id, lambda _: f"Rated {title} {rating:g}/5", "rate", rating)

    def nudge_rating(self, film_id: str, step: float) -> None:
        entry = self.entries.get(film_id)
        current = entry.rating if entry is not None and entry.rating is not None else 0.0
        self.rate(film_id, min(5.0, max(0.5, current + step)))

    def edit_note(self, film_id: str) -> None:
        entry = self.entries.get(film_id)
        title = self._title(film_id)

        def save(note: str | None) -> None:
            if note is not None:
                self.change(film_id, lambda _: f"Saved the note on {title}", "set_note", note)

        self.push_screen(TextEntryDialog(f"Note on {title}", entry.note if entry else ""), save)

    def remove(self, film_id: str) -> None:
        if film_id not in self.entries:
            self.notify(f"{self._title(film_id)} is not on your watchlist.", severity="warning")
            return
        title = self._title(film_id)

        def describe(removed: Any) -> str:
            self._last_removed = removed
            return f"Removed {title}. Press u to undo."

        self.change(film_id, describe, "remove")

    def undo_remove(self) -> None:
        removed, self._last_removed = self._last_removed, None
        if removed is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        title = self._title(removed.film_id)
        self._restore_worker(removed, title)

    @work(thread=True, group="store", exit_on_error=False)
    def _restore_worker(self, removed: Any, title: str) -> None:
        self.services.store.restore(removed)
        self._publish(f"Restored {title}")

    # -- reading: recommendations and reviews -----------------------------------

    def more_like(self, film_id: str, limit: int = 10) -> list:
        exclude = [i for i, e in self.entries.items() if e.status == "seen"]
        return self.services.recommender.more_like(
            film_id, limit=limit, exclude=exclude, not_interested=self.not_interested
        )

    def for_you(self, limit: int = 30) -> list | None:
        """Recommendations, or None when the watchlist gives nothing to go on."""
        return self.services.for_you(limit=limit)

    def toggle_not_interested(self, film_id: str) -> None:
        self._not_interested_worker(film_id, self._title(film_id))

    @work(thread=True, group="store", exit_on_error=False)
    def _not_interested_worker(self, film_id: str, title: str) -> None:
        store = self.services.store
        marked = film_id not in store.not_interested()
        store.set_not_interested(film_id, marked)
        if marked:
            self._publish(f"{title} won't be recommended again (d again to undo).")
        else:
            self._publish(f"{title} can be recommended again.")

    def reviews_for(self, film_id: str) -> list:
        return self.reviews.get(film_id, [])

    def read_reviews(self, film_id: str) -> None:
        reviews = self.reviews_for(film_id)
        if not reviews:
            self.notify("No reviews attached to this film yet.", severity="information")
            return
        text = "\n\n---\n\n".join(review.text for review in reviews)
        self.push_screen(TextViewer(f"Reviews of {self._title(film_id)}", text))

    def paste_review(self, film_id: str | None) -> None:
        """Paste or write a review; without a film, the review's text says which film."""
        about = f"of {self._title(film_id)}" if film_id else "(the film is found from the text)"

        def save(text: str | None) -> None:
            if text:
                self._review_worker(text, film_id, "paste")

        self.push_screen(TextEntryDialog(f"Paste a review {about}", tall=True), save)

    def load_review(self, film_id: str | None) -> None:
        def load(path: str | None) -> None:
            if path:
                self._review_worker(None, film_id, path)

        hint = "Text, Markdown or HTML. Enter to load · escape to cancel"
        self.push_screen(PathPrompt("Load a review from a file", hint), load)

    @work(thread=True, group="store", exit_on_error=False)
    def _review_worker(self, text: str | None, film_id: str | None, source: str) -> None:
        from pathlib import Path

        from watchlist.reviews import read_review_file

        if text is None:
            text, _ = read_review_file(Path(source).expanduser())
            source = str(Path(source).expanduser().resolve())
        review = self.services.reviews.add_plain(text, film=film_id, source=source)
        self._publish(f"Review of {self._title(review.film_id)} saved: {review.verdict}")

    # -- moving in and out: imports and exports --------------------------------

    def ask_import(self, kind: str) -> None:
        hints = {
            "letterboxd": "Letterboxd export .zip, its folder, or one import-format CSV",
            "imdb": "IMDb ratings, watchlist or list export (.csv)",
            "json": "a watchlist JSON export",
        }

        def start(path: str | None) -> None:
            if path:
                self._import_worker(kind, path)

        self.push_screen(PathPrompt(f"Import from {kind}", hints[kind]), start)

    @work(thread=True, group="store", exit_on_error=False)
    def _import_worker(self, kind: str, path: str) -> None:
        from watchlist.interchange import import_path

        report = import_path(self.services, kind, Path(path).expanduser())
        self._publish(None)
        text = "\n".join(report.summary_lines())
        self.call_from_thread(self.push_screen, TextViewer(f"{kind} import", text))

    @work(thread=True, group="store", exit_on_error=False)
    def export(self, fmt: str) -> None:
        from datetime import datetime

        from watchlist.interchange import export_to

        suffix = {"json": "json", "csv": "csv", "letterboxd": "letterboxd.csv"}[fmt]
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.services.home / "exports" / f"watchlist-{stamp}.{suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        written = export_to(self.services, fmt, target)
        self.call_from_thread(self.notify, f"Exported to {written}", title="Export", timeout=10)

    # -- navigation -------------------------------------------------------------

    def show_more_like(self, film_id: str) -> None:
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
        yield SystemCommand("Undo removal", "Put back the film removed last", self.undo_remove)
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
