"""The reviews service the CLI and the app use: analyse fully, then store."""

from __future__ import annotations

from pathlib import Path

from watchlist.catalog.catalog import Catalog
from watchlist.catalog.model import Film
from watchlist.reviews.analysis import Analysis, analyse
from watchlist.reviews.model import Review
from watchlist.reviews.reading import review_text
from watchlist.reviews.store import ReviewStore


class ReviewService:
    def __init__(self, catalog: Catalog, store: ReviewStore) -> None:
        self.catalog = catalog
        self.store = store

    @classmethod
    def in_home(cls, catalog: Catalog, home: Path) -> ReviewService:
        """The service over `reviews.json` in a data home (not created until a review is added)."""
        return cls(catalog, ReviewStore.in_home(home))

    def analyse(self, text: str | bytes, film: str | Film | None = None) -> Analysis:
        """Analyse without storing (e.g. a preview in the app). Raises WatchlistError."""
        plain, _ = review_text(text)
        return analyse(plain, self.catalog, self._film(film))

    def add(
        self, text: str | bytes, film: str | Film | None = None, source: str = "paste"
    ) -> Review:
        """Analyse a review (raw text, Markdown or HTML) and store it.

        `film` is an id, a title ("Suspiria 1977") or a Film; without it the film is
        detected. All-or-nothing: every check and the whole analysis run before the write.
        Raises BadReviewInput, FilmNotFound, AmbiguousFilm, UnclearFilm or a StoreError.
        """
        plain, _ = review_text(text, source)
        return self.add_plain(plain, film, source)

    def add_plain(
        self, plain: str, film: str | Film | None = None, source: str = "paste"
    ) -> Review:
        """`add` for text already read and reduced by `reading.read_review_file`."""
        analysis = analyse(plain, self.catalog, self._film(film))
        return self.store.add(Review.from_analysis(analysis, plain, source))

    def for_film(self, film_id: str) -> list[Review]:
        """The user's reviews of a film, oldest first (the app shows their summaries)."""
        return self.store.for_film(film_id)

    def by_film(self) -> dict[str, list[Review]]:
        """Every review grouped by film id, oldest first: one read of the file."""
        grouped: dict[str, list[Review]] = {}
        for review in self.store.all():
            grouped.setdefault(review.film_id, []).append(review)
        return grouped

    def show(self, film: str | Film) -> tuple[Film, list[Review]]:
        """The film a reference names and its reviews."""
        resolved = self._film(film)
        assert resolved is not None
        return resolved, self.store.for_film(resolved.id)

    def _film(self, film: str | Film | None) -> Film | None:
        if film is None or isinstance(film, Film):
            return film
        return self.catalog.resolve(film)
