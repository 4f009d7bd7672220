"""The keys that act on the highlighted film, shared by every screen that lists films."""

from __future__ import annotations

from textual.binding import Binding
from textual.worker import Worker

FILM_BINDINGS = [
    Binding("w", "toggle_want", "Want"),
    Binding("s", "mark_seen", "Seen"),
    Binding("1", "rate(1)", "Rate", key_display="1-5"),
    *(Binding(str(n), f"rate({n})", f"Rate {n}", show=False) for n in range(2, 6)),
    Binding("0", "rate(0)", "Clear rating", show=False),
    Binding("plus,equals_sign", "nudge_rating(0.5)", "+½ star", show=False),
    Binding("minus", "nudge_rating(-0.5)", "-½ star", show=False),
    Binding("n", "edit_note", "Note"),
    Binding("r", "more_like", "Similar"),
    Binding("x", "remove", "Remove"),
    Binding("u", "undo", "Undo", show=False),
    Binding("v", "read_reviews", "Reviews", show=False),
    Binding("a", "add_review", "Add review", show=False),
    Binding("d", "not_interested", "Not for me", show=False),
]


class FilmActions:
    """Mixin for screens: film keys act on `highlighted_film_id()` through the app."""

    def highlighted_film_id(self) -> str | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _with_film(self, method: str, *args: object) -> None:
        film_id = self.highlighted_film_id()
        if film_id is None:
            self.app.notify("Highlight a film first.", severity="warning")
            return
        getattr(self.app, method)(film_id, *args)

    def action_toggle_want(self) -> None:
        self._with_film("toggle_want")

    def action_mark_seen(self) -> None:
        self._with_film("mark_seen")

    def action_rate(self, stars: int) -> None:
        self._with_film("rate", float(stars) if stars else None)

    def action_nudge_rating(self, step: float) -> None:
        self._with_film("nudge_rating", step)

    def action_edit_note(self) -> None:
        self._with_film("edit_note")

    def action_more_like(self) -> None:
        self._with_film("show_more_like")

    def action_remove(self) -> None:
        self._with_film("remove")

    def action_undo(self) -> None:
        self.app.undo()

    def action_read_reviews(self) -> None:
        self._with_film("read_reviews")

    def action_not_interested(self) -> None:
        self._with_film("toggle_not_interested")

    def action_add_review(self) -> None:
        self._with_film("paste_review")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.app.report_worker_error(event)
