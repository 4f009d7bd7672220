"""Review errors: each one is a user mistake with one clear line."""

from __future__ import annotations

from watchlist.catalog.model import Film
from watchlist.errors import WatchlistError


class BadReviewInput(WatchlistError):
    """The review text can't be used: empty, binary, too large or unreadable."""


class UnclearFilm(WatchlistError):
    """The text does not say clearly which film it reviews; `candidates` may be empty."""

    def __init__(self, candidates: list[Film]) -> None:
        self.candidates = candidates
        if candidates:
            listed = "; ".join(f"{film.label} [{film.id}]" for film in candidates[:10])
            message = (
                f"can't tell which film this review is about; candidates: {listed}. "
                "Pass --film FILM."
            )
        else:
            message = (
                "can't tell which film this review is about: it names no film of the catalog. "
                "Pass --film FILM (the film must be in the catalog)."
            )
        super().__init__(message)
