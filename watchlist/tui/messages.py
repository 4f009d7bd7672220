"""Messages the app sends to its screens; screens never reach into one another."""

from __future__ import annotations

from textual.message import Message


class WatchlistChanged(Message):
    """The app's copy of the watchlist changed (a save finished, or another window saved)."""


class FilmChosen(Message):
    """A person picked a film (Enter on a row): open its full details."""

    def __init__(self, film_id: str) -> None:
        super().__init__()
        self.film_id = film_id
