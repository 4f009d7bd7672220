"""What the recommender knows about a person: plain data, independent of the store."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, Protocol

Status = Literal["want", "seen"]

#: The entry tag that marks a film as "not interested" (see `signals_from_entries`).
NOT_INTERESTED_TAG = "not-interested"

WANT_WEIGHT = 0.4
SEEN_UNRATED_WEIGHT = 0.3


@dataclass(frozen=True, slots=True)
class WatchlistSignal:
    """One film on a person's watchlist: wanted, or seen with an optional 0.5-5 rating."""

    film_id: str
    status: Status
    rating: float | None = None

    @property
    def weight(self) -> float:
        """How much the film pulls its neighbours up (positive) or pushes them away.

        A 5 counts 1.0, a 2.5 still 0.2; ratings of 2 or less count against (-0.4 to
        -1.0). Want-to-see is intent (0.4); a film seen without a rating counts 0.3.
        """
        if self.status == "want":
            return WANT_WEIGHT
        if self.rating is None:
            return SEEN_UNRATED_WEIGHT
        if self.rating <= 2:
            return -(0.4 + 0.6 * (2 - self.rating) / 1.5)
        return 0.2 + 0.8 * (min(self.rating, 5.0) - 2.5) / 2.5

    def describe(self) -> str:
        """How a reason refers to the person's relation to the film."""
        if self.status == "want":
            return "on your list"
        if self.rating is None:
            return "you saw it"
        return f"you rated {self.rating:g}"


class EntryLike(Protocol):
    """The part of a watchlist store entry the recommender reads."""

    film_id: str
    status: str
    rating: float | None


def signals_from_entries(
    entries: Iterable[object], not_interested_tag: str = NOT_INTERESTED_TAG
) -> tuple[list[WatchlistSignal], set[str]]:
    """Signals and not-interested film ids from store entries (duck-typed).

    An entry tagged `not_interested_tag` is a "not interested" mark, not a signal.
    """
    signals: list[WatchlistSignal] = []
    not_interested: set[str] = set()
    for entry in entries:
        film_id = str(entry.film_id)  # type: ignore[attr-defined]
        tags = getattr(entry, "tags", None) or ()
        if not_interested_tag in tags:
            not_interested.add(film_id)
            continue
        status = "seen" if getattr(entry, "status", "want") == "seen" else "want"
        rating = getattr(entry, "rating", None)
        rating = float(rating) if rating is not None else None
        signals.append(WatchlistSignal(film_id, status, rating))
    return signals, not_interested
