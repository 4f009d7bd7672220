"""What the app does for the user behind the keys and the command palette.

Every change runs in a thread worker, under the store's lock, and ends by publishing a fresh
copy of the watchlist to every screen; reads use the copy the app already holds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import work

from watchlist.errors import WatchlistError
from watchlist.tui.screens.path_prompt import PathPrompt
from watchlist.tui.screens.rating import RatingDialog
from watchlist.tui.screens.text_entry import TextEntryDialog
from watchlist.tui.screens.text_viewer import TextViewer


class AppActions:
    """Mixin for the App: watchlist changes, recommendations, reviews, imports and exports."""

    # -- changes: off the UI thread, one at a time, in the order the keys came ---

    def in_order(self, job: Callable[[], str | None]) -> None:
        """Run `job` in a worker thread after every job queued before it, then publish a
        fresh copy of the watchlist with the message the job returns. Keys pressed quickly
        ("3", "+", "+") therefore apply in order, and the last one wins."""
        previous, done = self._last_job, threading.Event()
        self._last_job = done
        self._job_worker(job, previous, done)

    @work(thread=True, group="store", exit_on_error=False)
    def _job_worker(
        self, job: Callable[[], str | None], previous: threading.Event | None, done: threading.Event
    ) -> None:
        try:
            if previous is not None:
                previous.wait()
            self._publish(job())
        finally:
            done.set()

    def change(self, film_id: str, describe: Callable[[Any], str], operation: str, *args) -> None:
        """`store.<operation>(film_id, *args)`, in order; `describe` words the result."""
        store = self.services.store
        self.in_order(lambda: describe(getattr(store, operation)(film_id, *args)))

    def _title(self, film_id: str) -> str:
        """How a person names the film: "Deep Red (1975)", also for films the catalog lacks."""
        film = self.services.catalog.get(film_id)
        if film:
            return film.label
        entry = self.entries.get(film_id)
        title = getattr(entry, "title", None)
        if title:
            year = getattr(entry, "year", None)
            return f"{title} ({year})" if year else title
        return film_id

    def _offer_undo(self, description: str, undo: Callable[[], str]) -> None:
        """Remember how to take back the last change (`u`); set from the job's thread."""
        self._undo = (description, undo)

    def _offer_restore(self, entry: Any, title: str) -> None:
        store = self.services.store

        def restore() -> str:
            store.restore(entry)
            return f"Restored {title}"

        self._offer_undo(title, restore)

    def toggle_want(self, film_id: str) -> None:
        title = self._title(film_id)

        def describe(toggled: Any) -> str:
            if toggled.action == "removed":
                self._offer_restore(toggled.entry, title)
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
        """Half a star up or down from the rating as saved when this change runs."""
        title = self._title(film_id)
        store = self.services.store

        def job() -> str:
            entry = store.get(film_id)
            current = entry.rating if entry is not None and entry.rating is not None else 0.0
            rating = min(5.0, max(0.5, current + step))
            store.rate(film_id, rating)
            return f"Rated {title} {rating:g}/5"

        self.in_order(job)

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
            if removed is not None:
                self._offer_restore(removed, title)
            return f"Removed {title}. Press u to undo."

        self.change(film_id, describe, "remove")

    def undo(self) -> None:
        """Undo the last removal or "not for me"."""
        last, self._undo = self._undo, None
        if last is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        self.in_order(last[1])

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
        """Never recommend this film again (or, if it was marked, allow it again)."""
        title = self._title(film_id)
        store = self.services.store

        def job() -> str:
            if film_id in store.not_interested():
                store.set_not_interested(film_id, False)
                return f"{title} can be recommended again."
            store.set_not_interested(film_id, True)

            def allow_again() -> str:
                store.set_not_interested(film_id, False)
                return f"{title} can be recommended again."

            self._offer_undo(title, allow_again)
            return f"{title} won't be recommended again. Press u to undo."

        self.in_order(job)

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

    def _review_worker(self, text: str | None, film_id: str | None, source: str) -> None:
        def job() -> str:
            from watchlist.reviews.reading import read_review_file

            nonlocal text, source
            if text is None:
                text, _ = read_review_file(Path(source).expanduser())
                source = str(Path(source).expanduser().resolve())
            review, added = self.services.reviews.attach_plain(text, film=film_id, source=source)
            title = self._title(review.film_id)
            if not added:
                return f"That review of {title} is already attached; nothing was added."
            return f"Review of {title} saved: {review.verdict}"

        self.in_order(job)

    # -- moving in and out: imports and exports --------------------------------

    def ask_import(self, kind: str) -> None:
        hints = {
            "letterboxd": "The export .zip, its folder, or a CSV",
            "imdb": "A ratings, watchlist or list .csv",
            "json": "A watchlist JSON export",
        }

        def start(path: str | None) -> None:
            if path:
                self._import_worker(kind, path)

        self.push_screen(PathPrompt(f"Import from {kind}", hints[kind]), start)

    def _import_worker(self, kind: str, path: str) -> None:
        def job() -> None:
            from watchlist.interchange import import_path

            report = import_path(self.services, kind, Path(path).expanduser())
            text = "\n".join(report.summary_lines())
            self.call_from_thread(self.push_screen, TextViewer(f"{kind} import", text))

        self.in_order(job)

    @work(thread=True, group="store", exit_on_error=False)
    def export(self, fmt: str) -> None:
        from datetime import datetime

        from watchlist.interchange import export_to

        suffix = {"json": "json", "csv": "csv", "letterboxd": "letterboxd.csv"}[fmt]
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.services.home / "exports" / f"watchlist-{stamp}.{suffix}"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise WatchlistError(f"cannot write exports to {target.parent}: {error}") from None
        written = export_to(self.services, fmt, target)
        self.call_from_thread(self.notify, f"Exported to {written}", title="Export", timeout=10)
