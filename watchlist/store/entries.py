"""One watchlist entry: a film someone wants to see or has seen, with its history."""

from __future__ import annotations

import copy
import math
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any, Literal

from watchlist.store.errors import InvalidEntry

Status = Literal["want", "seen"]
STATUSES: tuple[str, ...] = ("want", "seen")
MIN_RATING, MAX_RATING = 0.5, 5.0


def now_iso() -> str:
    """The current local time as ISO-8601 with its UTC offset, to the second."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def today_iso() -> str:
    return date.today().isoformat()


def check_status(status: object) -> Status:
    if status not in STATUSES:
        raise InvalidEntry(f"status must be 'want' or 'seen', not {status!r}")
    return status  # type: ignore[return-value]


def check_rating(rating: object) -> float | None:
    """None, or a number from 0.5 to 5 in half steps (returned as a float)."""
    if rating is None:
        return None
    if isinstance(rating, bool) or not isinstance(rating, int | float) or not math.isfinite(rating):
        raise InvalidEntry(f"rating must be a number from 0.5 to 5, not {rating!r}")
    value = float(rating)
    if not MIN_RATING <= value <= MAX_RATING or (value * 2) != int(value * 2):
        raise InvalidEntry(f"rating must be from 0.5 to 5 in half steps (e.g. 3.5), not {rating!r}")
    return value


_RATING_TEXT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:/\s*5)?\s*$")


def parse_rating(text: str) -> float:
    """A rating typed by a person: "4", "4.5", "4,5" or "4.5/5"."""
    match = _RATING_TEXT.match(text)
    if not match:
        raise InvalidEntry(f"rating must be a number from 0.5 to 5 in half steps, not {text!r}")
    try:
        rating = check_rating(float(match[1].replace(",", ".")))
    except InvalidEntry:
        raise InvalidEntry(
            f"rating must be from 0.5 to 5 in half steps (e.g. 3.5), not {text!r}"
        ) from None
    assert rating is not None
    return rating


def check_timestamp(value: object, what: str) -> str:
    """An ISO-8601 date-time string that carries a timezone."""
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is not None and parsed.tzinfo is not None:
            return value
    raise InvalidEntry(f"{what} must be an ISO-8601 time with a timezone, not {value!r}")


def check_day(value: object) -> str:
    """A "YYYY-MM-DD" date string."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            date.fromisoformat(value)
            return value
        except ValueError:
            pass
    raise InvalidEntry(f"a viewing date must be YYYY-MM-DD, not {value!r}")


@dataclass
class Entry:
    """A film on the watchlist, identified by `film_id` (never by a TinyDB doc id).

    `viewings` are {"date": "YYYY-MM-DD", "rewatch": bool}; `history` records each status
    change as {"at": iso-time, "status": "want" | "seen"}. `title` and `year` are kept for
    films the catalog does not (or no longer does) know.
    """

    film_id: str
    status: Status = "want"
    rating: float | None = None
    note: str = ""
    tags: list[str] = field(default_factory=list)
    added_at: str = field(default_factory=now_iso)
    updated_at: str = ""
    viewings: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    title: str | None = None
    year: int | None = None

    def __post_init__(self) -> None:
        if not self.updated_at:
            self.updated_at = self.added_at
        self.check()

    def check(self) -> None:
        """Raise InvalidEntry unless every field holds a valid value."""
        if not isinstance(self.film_id, str) or not self.film_id.strip():
            raise InvalidEntry(f"film_id must be a non-empty string, not {self.film_id!r}")
        label = f"entry {self.film_id!r}"
        check_status(self.status)
        self.rating = check_rating(self.rating)
        if not isinstance(self.note, str):
            raise InvalidEntry(f"{label}: note must be text")
        if not isinstance(self.tags, list) or not all(isinstance(t, str) for t in self.tags):
            raise InvalidEntry(f"{label}: tags must be a list of strings")
        check_timestamp(self.added_at, f"{label}: added_at")
        check_timestamp(self.updated_at, f"{label}: updated_at")
        if not isinstance(self.viewings, list):
            raise InvalidEntry(f"{label}: viewings must be a list")
        for viewing in self.viewings:
            if not isinstance(viewing, dict) or not isinstance(viewing.get("rewatch"), bool):
                raise InvalidEntry(f"{label}: a viewing must be {{'date', 'rewatch'}}")
            check_day(viewing.get("date"))
        if not isinstance(self.history, list):
            raise InvalidEntry(f"{label}: history must be a list")
        for change in self.history:
            if not isinstance(change, dict):
                raise InvalidEntry(f"{label}: a history item must be {{'at', 'status'}}")
            check_timestamp(change.get("at"), f"{label}: history time")
            check_status(change.get("status"))
        if self.title is not None and not isinstance(self.title, str):
            raise InvalidEntry(f"{label}: title must be text")
        if self.year is not None and (
            isinstance(self.year, bool) or not isinstance(self.year, int)
        ):
            raise InvalidEntry(f"{label}: year must be an integer")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with every field (deep-copied)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: object) -> Entry:
        """Build and validate an entry; unknown keys are ignored, missing ones defaulted."""
        if not isinstance(data, dict):
            raise InvalidEntry(f"an entry must be an object, not {type(data).__name__}")
        if "film_id" not in data:
            raise InvalidEntry("an entry has no film_id")
        known = {f.name for f in fields(cls)}
        values = {k: copy.deepcopy(v) for k, v in data.items() if k in known}
        if isinstance(values.get("rating"), int) and not isinstance(values["rating"], bool):
            values["rating"] = float(values["rating"])
        return cls(**values)

    def copy(self) -> Entry:
        return Entry.from_dict(self.to_dict())
