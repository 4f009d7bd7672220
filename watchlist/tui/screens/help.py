"""The help overlay (?): every key, grouped by where it works."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from watchlist.tui.formatting import STATUS_MARKERS, STATUS_WORDS

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Anywhere",
        [
            ("/", "search (from any screen)"),
            ("b", "browse and search"),
            ("l", "your watchlist"),
            ("f", "for you: recommendations"),
            ("ctrl+p", "command palette: every action, import, export, theme"),
            ("?", "this help"),
            ("escape", "leave the search box, close a dialog, go back"),
            ("q", "quit (when not typing in a text box)"),
        ],
    ),
    (
        "Search box",
        [
            ("enter / down", "go to the results, first one highlighted"),
            ("cast: dir: genre: tag:", "filter by a field, e.g. tag:giallo dir:argento"),
            ("year:1975 year:1970-1985", "filter by year or a range"),
            ("status:want status:seen", "only films on your watchlist"),
        ],
    ),
    (
        "On a highlighted film",
        [
            ("up/down, j/k", "move"),
            ("enter", "open the full details"),
            ("w", "toggle want to see"),
            ("s", "mark seen, then rate"),
            ("1-5", "rate in whole stars (adds it as seen)"),
            ("+ / -", "half a star up or down"),
            ("0", "clear the rating"),
            ("n", "edit your note"),
            ("r", "more like this"),
            ("v", "read your reviews in full"),
            ("a", "paste a review (ctrl+p: load one from a file)"),
            ("x", "remove from the watchlist"),
            ("u", "undo the last removal or not-for-me"),
            ("d", "not for me: never recommend it"),
            ("ctrl+r", "for you: recompute the recommendations"),
        ],
    ),
    (
        "Watchlist",
        [
            ("left / right", "tabs: want to see, seen, all"),
            ("o", "sort: added, rating, year, title"),
        ],
    ),
]


def help_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for section, rows in KEYS:
        table.add_row(f"[underline]{section}[/]", "")
        for key, what in rows:
            table.add_row(key, what)
        table.add_row("", "")
    legend = "   ".join(f"{STATUS_MARKERS[s]} {STATUS_WORDS[s]}" for s in STATUS_MARKERS)
    table.add_row("Markers", f"{legend}   ★ rating")
    return table


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(help_table(), id="help-keys")

    def on_mount(self) -> None:
        self.query_one("#help-box").border_title = "Keys  (escape to close)"
