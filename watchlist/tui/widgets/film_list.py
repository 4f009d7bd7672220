"""A keyboard-first list of films: one option per film, its status marker, and why it is here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from watchlist.catalog.model import Film
from watchlist.tui.formatting import director_line, marker, stars

#: Rows drawn at most: a DataTable or OptionList with 100,000 rows takes seconds to fill.
MAX_ROWS = 50


@dataclass(frozen=True)
class FilmRow:
    film: Film
    note: str = ""  # why the film is listed: the search match
    reasons: tuple[str, ...] = ()  # recommendation reasons, one line each


class FilmList(OptionList):
    """Films as two-line options; the option id is the film id."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def show_rows(
        self,
        rows: Iterable[FilmRow],
        entries: Mapping[str, object],
        keep_highlight: bool = False,
    ) -> None:
        """Replace the options. With keep_highlight, the highlighted film stays highlighted, or
        if it left the list, the highlight stays where it was (on the film that moved up)."""
        previous = self.highlighted_film_id if keep_highlight else None
        previous_index = self.highlighted if keep_highlight else None
        options = [
            Option(self._prompt(row, entries.get(row.film.id)), id=row.film.id)
            for row in list(rows)[:MAX_ROWS]
        ]
        self.set_options(options)
        if not options:
            return
        index = 0
        if previous is not None:
            fallback = min(previous_index or 0, len(options) - 1)
            index = next((i for i, o in enumerate(options) if o.id == previous), fallback)
        self.highlighted = index

    def refresh_markers(self, rows: Iterable[FilmRow], entries: Mapping[str, object]) -> None:
        """Redraw status markers after a watchlist change, keeping the highlight."""
        self.show_rows(rows, entries, keep_highlight=True)

    @property
    def highlighted_film_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    @staticmethod
    def _prompt(row: FilmRow, entry: object | None) -> Content:
        # Content, not rich Text: the list converts Text on every paint, which costs ~1 ms a row.
        film = row.film
        status = getattr(entry, "status", None)
        rating = getattr(entry, "rating", None)
        parts: list[str | tuple[str, str]] = [
            (f"{marker(status)} ", "bold"),
            (film.title, "bold"),
            f" ({film.year})" if film.year else "",
            f" {stars(rating)}" if rating is not None else "",
        ]
        if row.reasons:
            parts.extend((f"\n\u00a0\u00a0· {reason}", "dim") for reason in row.reasons)
            return Content.assemble(*parts)
        director = director_line(film)
        # "dir: Dario Argento" says nothing the director column does not already say.
        detail = row.note if row.note.startswith("dir:") else director
        if row.note and not row.note.startswith("dir:"):
            detail = f"{director} · {row.note}"
        parts.append((f"\n\u00a0\u00a0{detail}", "dim"))
        return Content.assemble(*parts)
