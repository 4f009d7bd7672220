"""The full details of one film, opened with Enter from any list."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header
from textual.worker import get_current_worker

from watchlist.tui.film_actions import FILM_BINDINGS, FilmActions
from watchlist.tui.messages import WatchlistChanged
from watchlist.tui.widgets.film_details import FilmDetails


class FilmScreen(FilmActions, Screen):
    CSS_PATH = "film.tcss"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back"), *FILM_BINDINGS]

    def __init__(self, film_id: str) -> None:
        super().__init__()
        self.film_id = film_id
        self._similar: list | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilmDetails(id="film-details")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        film = self.app.services.catalog.get(self.film_id)
        self.sub_title = film.label if film else self.film_id
        self.query_one(FilmDetails).can_focus = True
        self.query_one(FilmDetails).focus()
        self._render_film()
        self.load_similar()

    def _render_film(self) -> None:
        film = self.app.services.catalog.get(self.film_id)
        entry = self.app.entries.get(self.film_id)
        reviews = self.app.reviews_for(self.film_id)
        self.query_one(FilmDetails).show(film, entry, reviews, self._similar)

    @work(exclusive=True, thread=True, group="similar", exit_on_error=False)
    def load_similar(self) -> None:
        similar = self.app.more_like(self.film_id, limit=8)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_similar, similar)

    def _show_similar(self, similar: list) -> None:
        self._similar = similar
        self._render_film()

    def highlighted_film_id(self) -> str | None:
        return self.film_id

    def on_watchlist_changed(self, _: WatchlistChanged) -> None:
        self._render_film()
