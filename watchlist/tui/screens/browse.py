"""Browse: the search box on top, live results on the left, the highlighted film on the right."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Label, OptionList
from textual.worker import get_current_worker

from watchlist.tui.film_actions import FILM_BINDINGS, FilmActions
from watchlist.tui.formatting import title_sort_key
from watchlist.tui.messages import FilmChosen, WatchlistChanged
from watchlist.tui.widgets.film_details import FilmDetails
from watchlist.tui.widgets.film_list import MAX_ROWS, FilmList, FilmRow

PLACEHOLDER = "Search titles, people, styles: giallo, kubrik, cast:williams year:1970-1985"
#: With no query, list (alphabetically) the first films of the catalog: the bundled ones.
BROWSE_POOL = 2000
#: Seconds the highlight must rest on a film before its details are drawn.
DETAILS_DELAY = 0.06


class BrowseScreen(FilmActions, Screen):
    CSS_PATH = "browse.tcss"
    BINDINGS = [
        Binding("escape", "leave_search", "Results", show=False),
        Binding("down", "leave_search", "Results", show=False),
        *FILM_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[FilmRow] = []
        self.shown_query: str | None = None  # the query whose results are on screen
        self._details_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=PLACEHOLDER, id="search")
        with Horizontal(id="browse-body"):
            yield FilmList(id="results")
            yield FilmDetails(id="details")
        yield Label("", id="result-count")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Browse"
        self.run_search("")
        self.query_one("#search", Input).focus()

    # -- search ----------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @work(exclusive=True, thread=True, group="search", exit_on_error=False)
    def run_search(self, query: str) -> None:
        """Search off the UI thread; an older query's worker is cancelled by the next one."""
        services = self.app.services
        if query.strip():
            result = services.search.search(query, limit=MAX_ROWS, statuses=self.app.statuses())
            rows = [FilmRow(hit.film, ", ".join(hit.matched[:2])) for hit in result.hits]
            summary = result.message or f"{result.total} film{'s' * (result.total != 1)} match"
        else:
            catalog = services.catalog
            pool = catalog.films_at(range(min(len(catalog), BROWSE_POOL)))
            rows = [
                FilmRow(film)
                for film in sorted(pool, key=lambda f: title_sort_key(f.title, f.year))[:MAX_ROWS]
            ]
            summary = f"{len(services.catalog)} films · type to search"
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_results, query, rows, summary)

    def _show_results(self, query: str, rows: list[FilmRow], summary: str) -> None:
        if query != self.query_one("#search", Input).value:
            return  # a newer query is on its way; never show stale results
        self._rows = rows
        self.shown_query = query
        self.query_one("#results", FilmList).show_rows(rows, self.app.entries)
        shown = f" (top {MAX_ROWS} shown)" if len(rows) >= MAX_ROWS else ""
        # One fixed line: no layout pass (which would re-measure the details pane on every key).
        self.query_one("#result-count", Label).update(summary + shown, layout=False)
        if not rows:
            self.query_one("#details", FilmDetails).show(None)

    @on(Input.Submitted, "#search")
    def _submitted(self) -> None:
        self.action_leave_search()

    def action_leave_search(self) -> None:
        results = self.query_one("#results", FilmList)
        if results.option_count:
            results.focus()
            if results.highlighted is None or self.focused is not results:
                results.highlighted = 0

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    # -- details ---------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # While the user types, the top hit changes on every key: paint the list at once and
        # the (heavier) details once the highlight has settled.
        if self._details_timer is not None:
            self._details_timer.stop()
        film_id = event.option_id
        self._details_timer = self.set_timer(DETAILS_DELAY, lambda: self.show_details(film_id))

    @on(OptionList.OptionSelected, "#results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id:
            self.post_message(FilmChosen(event.option_id))

    def show_details(self, film_id: str | None) -> None:
        film = self.app.services.catalog.get(film_id) if film_id else None
        details = self.query_one("#details", FilmDetails)
        if film is None:
            details.show(None)
            return
        details.show(film, self.app.entries.get(film.id), self.app.reviews_for(film.id))
        self.load_similar(film.id)

    @work(exclusive=True, thread=True, group="similar", exit_on_error=False)
    def load_similar(self, film_id: str) -> None:
        similar = self.app.more_like(film_id, limit=5)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_similar, film_id, similar)

    def _show_similar(self, film_id: str, similar: list) -> None:
        if film_id != self.highlighted_film_id():
            return
        film = self.app.services.catalog.get(film_id)
        entry = self.app.entries.get(film_id)
        reviews = self.app.reviews_for(film_id)
        self.query_one("#details", FilmDetails).show(film, entry, reviews, similar)

    def highlighted_film_id(self) -> str | None:
        return self.query_one("#results", FilmList).highlighted_film_id

    # -- watchlist changes -----------------------------------------------------

    def on_watchlist_changed(self, _: WatchlistChanged) -> None:
        self.query_one("#results", FilmList).refresh_markers(self._rows, self.app.entries)
        self.show_details(self.highlighted_film_id())

    def on_screen_resume(self) -> None:
        self.on_watchlist_changed(WatchlistChanged())
