"""Review errors: each one is a user mistake with one clear line."""

from __future__ import annotations

from watchlist.catalog.model import Film
from watchlist.errors import FilmNotFound, WatchlistError


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


class FilmNotInCatalog(FilmNotFound):
    """A review names (with --film, or an entry id such as "unmatched:...") a film the
    catalog lacks: reviews are linked to catalog films, so nothing is stored."""

    def __init__(self, reference: str, suggestions: list[str] | None = None) -> None:
        self.reference = reference
        self.suggestions = suggestions or []
        hint = f" Did you mean: {'; '.join(self.suggestions)}?" if self.suggestions else ""
        WatchlistError.__init__(
            self,
            f"no film matches {reference!r}: it is not in the catalog, so the review was not "
            "stored. Import a catalog that has it, or attach the review to a catalog film." + hint,
        )
