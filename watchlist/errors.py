"""Errors a user can cause: each carries one clear line for the user."""

from __future__ import annotations


class WatchlistError(Exception):
    """Something the user can fix; the CLI prints it as one line and exits 1."""


class FilmNotFound(WatchlistError):
    def __init__(self, reference: str, suggestions: list[str] | None = None) -> None:
        self.reference = reference
        self.suggestions = suggestions or []
        hint = f" Did you mean: {'; '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"no film matches {reference!r}.{hint}")


class AmbiguousFilm(WatchlistError):
    def __init__(self, reference: str, candidates: list) -> None:
        self.reference = reference
        self.candidates = candidates
        listed = "; ".join(f"{film.label} [{film.id}]" for film in candidates[:10])
        super().__init__(
            f"{reference!r} matches {len(candidates)} films: {listed}. Add the year or use the id."
        )
