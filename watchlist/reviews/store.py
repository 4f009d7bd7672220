"""`reviews.json` in the data home, with the watchlist's safety (watchlist.store.storage).

Atomic replace, a sidecar lock around each write, a damaged file moved aside, a
schema_version: all from `open_safe_db`. This class is the only place that knows the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from watchlist.reviews.model import REVIEW_KEYS, Review
from watchlist.store.storage import SafeTinyDB, open_safe_db

REVIEWS_FILE = "reviews.json"
REVIEWS_TABLE = "reviews"
#: Version 1: one document per review in the "reviews" table (see model.Review).
SCHEMA_VERSION = 1
_REQUIRED = ("id", "film_id", "text", "summary", "verdict")


def validate_file(data: dict) -> None:
    """Cheap checks on every read; a ValueError means the file is moved aside."""
    for doc_id, doc in data.get(REVIEWS_TABLE, {}).items():
        missing = [key for key in _REQUIRED if not isinstance(doc.get(key), str)]
        if missing:
            raise ValueError(f"review {doc_id} lacks {', '.join(missing)}")


class ReviewStore:
    """Reviews on disk. Opened on first use; every read is fresh, every write atomic."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._db: SafeTinyDB | None = None

    @classmethod
    def in_home(cls, home: Path) -> ReviewStore:
        return cls(Path(home) / REVIEWS_FILE)

    @property
    def db(self) -> SafeTinyDB:
        if self._db is None:
            self._db = open_safe_db(
                self.path, schema_version=SCHEMA_VERSION, validate=validate_file
            )
        return self._db

    def add(self, review: Review) -> Review:
        """Store one fully analysed review (one atomic, locked write)."""
        assert set(REVIEW_KEYS) <= set(review.to_dict())
        self.db.table(REVIEWS_TABLE).insert(review.to_dict())
        return review

    def add_once(self, reviews: Iterable[Review]) -> list[tuple[Review, bool]]:
        """Store each review unless its film already has one with the same text.

        Returns, in order, (the stored review, True) or (the review already there, False).
        The check and the write happen under the file's lock, in at most one atomic write;
        an empty list (or nothing new) creates no file.
        """
        reviews = list(reviews)
        if not reviews:
            return []
        with self.db.locked():
            known = {(r.film_id, r.text): r for r in self.all()}
            result: list[tuple[Review, bool]] = []
            new: list[Review] = []
            for review in reviews:
                existing = known.get((review.film_id, review.text))
                if existing is None:
                    known[(review.film_id, review.text)] = review
                    new.append(review)
                result.append((existing or review, existing is None))
            self._insert(new)
        return result

    def restore(self, reviews: Iterable[Review]) -> list[Review]:
        """Store the reviews whose id is not here yet, exactly as given; returns those added."""
        reviews = list(reviews)
        if not reviews:
            return []
        with self.db.locked():
            known = {review.id for review in self.all()}
            new = [review for review in reviews if review.id not in known]
            self._insert(new)
        return new

    def remove(self, review_ids: Iterable[str]) -> None:
        """Take reviews out by id (undo of an `add_once` / `restore` whose batch failed)."""
        ids = set(review_ids)
        if ids and self.path.exists():
            self.db.table(REVIEWS_TABLE).remove(cond=lambda doc: doc.get("id") in ids)

    def locked(self):
        """Hold this file's lock (re-entrant) for several reads and writes, e.g. while the
        watchlist is written in the same import; no writability check (see `transaction`)."""
        return self.db.locked()

    def transaction(self):
        """`locked()` after checking the file may be written: fails before anything else."""
        return self.db.transaction()

    def _insert(self, reviews: list[Review]) -> None:
        for review in reviews:
            assert set(REVIEW_KEYS) <= set(review.to_dict())
        if reviews:
            self.db.table(REVIEWS_TABLE).insert_multiple([r.to_dict() for r in reviews])

    def all(self) -> list[Review]:
        if not self.path.exists():
            return []  # never create the file (or its folder) just to read it
        return [Review.from_dict(dict(doc)) for doc in self.db.table(REVIEWS_TABLE).all()]

    def for_film(self, film_id: str) -> list[Review]:
        """The film's reviews, oldest first."""
        reviews = [review for review in self.all() if review.film_id == film_id]
        return sorted(reviews, key=lambda review: review.added_at)
