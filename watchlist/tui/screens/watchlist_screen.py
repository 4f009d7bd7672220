"""The user's watchlist: want to see / seen / all, with counts, sortable."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Tab, Tabs

from watchlist.tui.film_actions import FILM_BINDINGS, FilmActions
from watchlist.tui.formatting import STATUS_WORDS, marker, stars, title_sort_key
from watchlist.tui.messages import FilmChosen, WatchlistChanged

FILTERS = {"want": "Want to see", "seen": "Seen", "all": "All"}
SORTS = ("added", "rating", "year", "title")


class WatchlistScreen(FilmActions, Screen):
    CSS_PATH = "watchlist_screen.tcss"
    BINDINGS = [
        Binding("o", "cycle_sort", "Sort"),
        Binding("left,h", "previous_tab", "Prev tab", show=False),
        Binding("right", "next_tab", "Next tab", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        *FILM_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = "want"
        self.sort = "added"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Tabs(*(Tab(label, id=key) for key, label in FILTERS.items()), id="filters")
        yield Label("", id="sort-label")
        yield DataTable(id="entries", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Watchlist"
        table = self.query_one("#entries", DataTable)
        table.add_column(" ", key="status", width=1)
        table.add_column("Title", key="title")
        table.add_column("Year", key="year", width=4)
        table.add_column("Rating", key="rating", width=6)
        table.add_column("Added", key="added", width=10)
        table.add_column("Note", key="note")
        table.focus()
        self.refresh_table()

    def on_screen_resume(self) -> None:
        self.refresh_table()

    def on_watchlist_changed(self, _: WatchlistChanged) -> None:
        self.refresh_table()

    @on(Tabs.TabActivated, "#filters")
    def _tab(self, event: Tabs.TabActivated) -> None:
        if event.tab.id and event.tab.id != self.filter:
            self.filter = event.tab.id
            self.refresh_table()

    def action_previous_tab(self) -> None:
        self.query_one("#filters", Tabs).action_previous_tab()

    def action_next_tab(self) -> None:
        self.query_one("#filters", Tabs).action_next_tab()

    def action_cursor_down(self) -> None:
        self.query_one("#entries", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#entries", DataTable).action_cursor_up()

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.refresh_table()

    def refresh_table(self) -> None:
        entries = list(self.app.entries.values())
        counts = {
            "want": sum(e.status == "want" for e in entries),
            "seen": sum(e.status == "seen" for e in entries),
            "all": len(entries),
        }
        tabs = self.query_one("#filters", Tabs)
        for key, label in FILTERS.items():
            tabs.query_one(f"#{key}", Tab).label = f"{label} ({counts[key]})"
        shown = [e for e in entries if self.filter == "all" or e.status == self.filter]
        shown.sort(key=self._sort_key, reverse=self.sort in ("added", "rating", "year"))
        table = self.query_one("#entries", DataTable)
        current = self.highlighted_film_id()
        table.clear()
        for entry in shown:
            film = self.app.services.catalog.get(entry.film_id)
            title = film.title if film else (getattr(entry, "title", None) or entry.film_id)
            year = (film.year if film else getattr(entry, "year", None)) or ""
            table.add_row(
                marker(entry.status),
                title,
                str(year),
                stars(entry.rating),
                (entry.added_at or "")[:10],
                (entry.note or "").replace("\n", " "),
                key=entry.film_id,
            )
        if current is not None and current in {e.film_id for e in shown}:
            table.move_cursor(row=table.get_row_index(current))
        label = f"Sorted by {self.sort} (o to change) · {marker('want')} {STATUS_WORDS['want']}"
        label += f"  {marker('seen')} {STATUS_WORDS['seen']}"
        if not entries:
            label = "Nothing here yet: press b to browse and w to add films you want to see."
        elif not shown:
            label = f"No films here: → for the other tabs ({counts['all']} on your list)."
        self.query_one("#sort-label", Label).update(label)

    def _sort_key(self, entry) -> tuple:
        film = self.app.services.catalog.get(entry.film_id)
        title = (film.title if film else getattr(entry, "title", "") or "").lower()
        if self.sort == "rating":
            return (entry.rating or 0, entry.updated_at or "")
        if self.sort == "year":
            return ((film.year if film else getattr(entry, "year", 0)) or 0, title)
        if self.sort == "title":
            return title_sort_key(title)
        return (entry.added_at or "",)

    @on(DataTable.RowSelected, "#entries")
    def _selected(self, event: DataTable.RowSelected) -> None:
        film_id = event.row_key.value
        if film_id and self.app.services.catalog.get(film_id):
            self.post_message(FilmChosen(film_id))

    def highlighted_film_id(self) -> str | None:
        table = self.query_one("#entries", DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value
