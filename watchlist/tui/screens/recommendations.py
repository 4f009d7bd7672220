"""Recommendations with their reasons: "For you" from the watchlist, or more like one film."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList
from textual.worker import get_current_worker

from watchlist.tui.film_actions import FILM_BINDINGS, FilmActions
from watchlist.tui.messages import FilmChosen, WatchlistChanged
from watchlist.tui.widgets.film_details import FilmDetails
from watchlist.tui.widgets.film_list import FilmList, FilmRow

EMPTY_WATCHLIST_HINT = (
    "Your watchlist is empty, so there is nothing to go on yet.\n"
    "Press b to browse, highlight films you love and press s (seen) and 1-5 to rate them, "
    "or w for ones you want to see. Recommendations appear here."
)


class RecommendationsScreen(FilmActions, Screen[None]):
    """For you (like_film_id None) or more like one film."""

    CSS_PATH = "recommendations.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", show=False),
        Binding("ctrl+r", "reload", "Refresh", show=False),
        Binding("d", "not_interested", "Not for me"),
        *(binding for binding in FILM_BINDINGS if binding.key != "d"),
    ]

    def __init__(self, like_film_id: str | None = None) -> None:
        super().__init__()
        self.like_film_id = like_film_id
        self._rows: list[FilmRow] = []
        self._empty_watchlist = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="recs-title")
        with Horizontal(id="recs-body"):
            yield FilmList(id="recs")
            yield FilmDetails(id="recs-details")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.like_film_id:
            film = self.app.services.catalog.get(self.like_film_id)
            self.sub_title = f"More like {film.label if film else self.like_film_id}"
            self.set_class(True, "-pushed")
        else:
            self.sub_title = "For you"
        self.query_one("#recs", FilmList).focus()
        self.action_reload()

    def action_back(self) -> None:
        if self.like_film_id:  # pushed over another screen; For you is a mode of its own
            self.dismiss()

    def action_reload(self) -> None:
        self.query_one("#recs-title", Label).update("Thinking…")
        self.load_recommendations()

    @work(exclusive=True, thread=True, group="recommend", exit_on_error=False)
    def load_recommendations(self) -> None:
        if self.like_film_id:
            recs = self.app.more_like(self.like_film_id, limit=30)
        else:
            recs = self.app.for_you(limit=30)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, recs)

    def _show(self, recs: list | None) -> None:
        self._empty_watchlist = recs is None
        self._rows = [FilmRow(rec.film, reasons=tuple(rec.reasons)) for rec in recs or []]
        self.query_one("#recs", FilmList).show_rows(
            self._rows, self.app.entries, keep_highlight=True
        )
        self._update_title()

    def _update_title(self) -> None:
        title = self.query_one("#recs-title", Label)
        if self._empty_watchlist:
            title.update(EMPTY_WATCHLIST_HINT)
        elif not self._rows:
            title.update("Nothing new to recommend from this catalog yet.")
        else:
            count = len(self._rows)
            title.update(
                f"{count} film{'s' * (count != 1)}, best first, each with why. "
                "w: want to see · d: not for me"
            )

    @on(OptionList.OptionHighlighted, "#recs")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        film = self.app.services.catalog.get(event.option_id or "")
        details = self.query_one("#recs-details", FilmDetails)
        if film is None:
            details.show(None)
            return
        details.show(
            film, self.app.entries.get(film.id), self.app.reviews_for(film.id), with_similar=False
        )

    @on(OptionList.OptionSelected, "#recs")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id:
            self.post_message(FilmChosen(event.option_id))

    def highlighted_film_id(self) -> str | None:
        return self.query_one("#recs", FilmList).highlighted_film_id

    def on_watchlist_changed(self, _: WatchlistChanged) -> None:
        if not self.like_film_id and self.is_current:
            self.load_recommendations()  # the list changed, so do the recommendations
            return
        hidden = self.app.not_interested
        self._rows = [row for row in self._rows if row.film.id not in hidden]  # "d" at once
        self.query_one("#recs", FilmList).refresh_markers(self._rows, self.app.entries)
        self._update_title()

    def on_screen_resume(self) -> None:
        if not self.like_film_id:
            self.action_reload()
