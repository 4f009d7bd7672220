"""Write or paste a longer text: the note on an entry, or a review."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea


class TextEntryDialog(ModalScreen[str | None]):
    """Dismisses with the text (stripped), or None when cancelled."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "dismiss(None)", "Cancel"),
    ]

    def __init__(self, title: str, text: str = "", tall: bool = False) -> None:
        super().__init__()
        self.dialog_title = title
        self.text = text
        self.tall = tall

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -tall" if self.tall else "dialog"):
            yield Label(self.dialog_title, classes="dialog-title")
            yield TextArea(self.text, id="entry-text", soft_wrap=True)
            yield Label("ctrl+s to save · escape to cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#entry-text", TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one("#entry-text", TextArea).text.strip())
