"""Read a long text (a review in full) in a scrollable overlay."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class TextViewer(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape,q", "dismiss", "Close")]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.body = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog viewer"):
            yield Static(self.body, markup=False)

    def on_mount(self) -> None:
        box = self.query_one(VerticalScroll)
        box.border_title = self.title_text
        box.focus()
