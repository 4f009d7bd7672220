"""Ask for a rating: 0.5 to 5 in half stars, or skip."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from watchlist.errors import WatchlistError
from watchlist.store.entries import parse_rating
from watchlist.tui.formatting import stars


class RatingDialog(ModalScreen[float | None]):
    """Dismisses with the rating, or None when skipped."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Skip")]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.film_title = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Rate {self.film_title}", classes="dialog-title")
            yield Input(placeholder="1 to 5, halves allowed: 3.5", id="rating-input")
            yield Label("Enter to save · escape to skip", id="rating-hint", classes="hint")

    @on(Input.Changed, "#rating-input")
    def _preview(self, event: Input.Changed) -> None:
        hint = self.query_one("#rating-hint", Label)
        try:
            hint.update(f"{stars(parse_rating(event.value))}  Enter to save")
        except WatchlistError:
            hint.update("1 to 5, halves allowed (3.5) · escape to skip")

    @on(Input.Submitted, "#rating-input")
    def _submit(self, event: Input.Submitted) -> None:
        try:
            self.dismiss(parse_rating(event.value))
        except WatchlistError:
            self.notify("A rating is 0.5 to 5 in half stars, e.g. 4 or 3.5", severity="warning")
