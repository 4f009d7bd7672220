"""Reviews: read a critic's (or your own) review, find its film, people and influences,
judge its verdict and keep an extractive summary. Pure core: no UI imports.
"""

from __future__ import annotations

from watchlist.reviews.analysis import Analysis, analyse
from watchlist.reviews.errors import BadReviewInput, FilmNotInCatalog, UnclearFilm
from watchlist.reviews.model import Review
from watchlist.reviews.reading import MAX_BYTES, read_review_file, review_text
from watchlist.reviews.service import Attached, ReviewService
from watchlist.reviews.store import ReviewStore

__all__ = [
    "MAX_BYTES",
    "Analysis",
    "Attached",
    "BadReviewInput",
    "FilmNotInCatalog",
    "Review",
    "ReviewService",
    "ReviewStore",
    "UnclearFilm",
    "analyse",
    "read_review_file",
    "review_text",
]
