"""The reviews service the CLI and the app use: analyse fully, then store."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from watchlist.catalog.catalog import Catalog
from watchlist.catalog.model import Film
from watchlist.errors import FilmNotFound
from watchlist.reviews.analysis import Analysis, analyse
from watchlist.reviews.errors import FilmNotInCatalog
from watchlist.reviews.model import Review
from watchlist.reviews.reading import review_text
from watchlist.reviews.store import ReviewStore

#: Ids of watchlist entries for films the catalog lacks (watchlist.interchange.matching).
_UNMATCHED_PREFIX = "unmatched:"


class Attached(NamedTuple):
    """What attaching a review did: `added` False means the film already had a review with
    the same text, and `review` is that one (nothing was stored)."""

    review: Review
    added: bool


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
        Adding the same text to the same film again stores nothing and returns the review
        already there (see `attach`). Raises BadReviewInput, FilmNotInCatalog (a reference
        that is not a catalog film), AmbiguousFilm, UnclearFilm or a StoreError.
        """
        return self.attach(text, film, source).review

    def add_plain(
        self, plain: str, film: str | Film | None = None, source: str = "paste"
    ) -> Review:
        """`add` for text already read and reduced by `reading.read_review_file`."""
        return self.attach_plain(plain, film, source).review

    def attach(
        self, text: str | bytes, film: str | Film | None = None, source: str = "paste"
    ) -> Attached:
        """`add`, telling whether the review was stored or was already attached."""
        plain, _ = review_text(text, source)
        return self.attach_plain(plain, film, source)

    def attach_plain(
        self, plain: str, film: str | Film | None = None, source: str = "paste"
    ) -> Attached:
        """`attach` for text already read and reduced by `reading.read_review_file`."""
        resolved = self._catalog_film(film)
        if resolved is not None and (existing := self.existing(resolved.id, plain)):
            return Attached(existing, False)  # no need to analyse it again
        (attached,) = self.attach_many([self.prepare_plain(plain, resolved, source)])
        return attached

    def prepare_plain(
        self, plain: str, film: str | Film | None = None, source: str = "paste"
    ) -> Review:
        """The analysed review, ready to store but not stored (an import prepares all of
        its reviews before it writes anything). Raises like `add`."""
        analysis = analyse(plain, self.catalog, self._catalog_film(film))
        return Review.from_analysis(analysis, plain, source)

    def attach_many(self, reviews: Iterable[Review]) -> list[Attached]:
        """Store prepared reviews, each unless its film already has one with the same text
        (then that one is returned): one locked check and at most one atomic write."""
        return [Attached(review, added) for review, added in self.store.add_once(reviews)]

    def existing(self, film_id: str, plain: str) -> Review | None:
        """The film's review with exactly this (reduced) text, if there is one."""
        return next((r for r in self.store.for_film(film_id) if r.text == plain), None)

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

    def _catalog_film(self, film: str | Film | None) -> Film | None:
        """The film a review is to be attached to; FilmNotInCatalog if it is not a catalog
        film (an unknown title, or an entry id such as "unmatched:...")."""
        if isinstance(film, str) and film.strip().startswith(_UNMATCHED_PREFIX):
            rest = film.strip()[len(_UNMATCHED_PREFIX) :].replace("-", " ")
            raise FilmNotInCatalog(film, self.catalog.suggest(rest) if rest.strip() else [])
        try:
            return self._film(film)
        except FilmNotInCatalog:
            raise
        except FilmNotFound as error:
            raise FilmNotInCatalog(error.reference, error.suggestions) from None
