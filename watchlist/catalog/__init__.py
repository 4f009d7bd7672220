"""The film catalog: model, bundled data, importers."""

from watchlist.catalog.model import FILM_KEYS, Film, FilmValidationError

__all__ = ["FILM_KEYS", "Film", "FilmValidationError"]
