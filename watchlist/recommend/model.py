"""What the recommender hands back."""

from __future__ import annotations

from dataclasses import dataclass, field

from watchlist.catalog.model import Film


@dataclass(frozen=True)
class Recommendation:
    """A film to try, how strongly, and one to three reasons a person understands."""

    film: Film
    score: float
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The `recommend --json` object: id, title, year, score, reasons."""
        return {
            "id": self.film.id,
            "title": self.film.title,
            "year": self.film.year,
            "score": round(self.score, 4),
            "reasons": list(self.reasons),
        }
