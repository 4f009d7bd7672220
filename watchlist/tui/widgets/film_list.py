"""A keyboard-first list of films: one option per film, its status marker, and why it is here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from watchlist.catalog.model import Film
from watchlist.tui.formatting import director_line, marker, stars

#: Rows drawn at most: a DataTable or OptionList with 100,000 rows takes seconds to fill.
MAX_ROWS = 200


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
        """Replace the options, keeping the highlighted film when asked and still listed."""
        previous = self.highlighted_film_id if keep_highlight else None
        options = [
            Option(self._prompt(row, entries.get(row.film.id)), id=row.film.id)
            for row in list(rows)[:MAX_ROWS]
        ]
        self.set_options(options)
        if not options:
            return
        index = 0
        if previous is not None:
            index = next((i for i, o in enumerate(options) if o.id == previous), 0)
        self.highlighted = index

    def refresh_markers(self, rows: Iterable[FilmRow], entries: Mapping[str, object]) -> None:
        """Redraw status markers after a watchlist change, keeping the highlight."""
        self.show_rows(rows, entries, keep_highlight=True)

    @property
    def highlighted_film_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    @staticmethod
    def _prompt(row: FilmRow, entry: object | None) -> Text:
        film = row.film
        status = getattr(entry, "status", None)
        rating = getattr(entry, "rating", None)
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{marker(status)} ", style="bold")
        text.append(film.title, style="bold")
        if film.year:
            text.append(f" ({film.year})")
        if rating is not None:
            text.append(f" {stars(rating)}")
        if row.reasons:
            for reason in row.reasons:
                text.append(f"\n\u00a0\u00a0· {reason}", style="dim")
            return text
        director = director_line(film)
        # "dir: Dario Argento" says nothing the director column does not already say.
        detail = row.note if row.note.startswith("dir:") else director
        if row.note and not row.note.startswith("dir:"):
            detail = f"{director} · {row.note}"
        text.append(f"\n\u00a0\u00a0{detail}", style="dim")
        return text
