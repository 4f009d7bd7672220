"""What a parsed export row means, before it meets the catalog or the store."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

WANT = "want"
SEEN = "seen"


@dataclass(frozen=True)
class Viewing:
    """One watch: an ISO date ("YYYY-MM-DD") and whether it was a rewatch."""

    date: str
    rewatch: bool = False

    def to_dict(self) -> dict:
        return {"date": self.date, "rewatch": self.rewatch}


@dataclass(frozen=True)
class ImportRecord:
    """Everything one film's rows in an export say about it.

    `sources` names the file lines it came from ("diary.csv:4"). `skip_reason` is set
    for rows that are not films (TV series, episodes...): they are reported, not stored.
    """

    title: str
    year: int | None = None
    original_title: str | None = None
    directors: tuple[str, ...] = ()
    imdb_id: str | None = None
    tmdb_id: str | None = None
    status: str | None = None
    rating: float | None = None
    note: str | None = None
    review: str | None = None
    tags: tuple[str, ...] = ()
    viewings: tuple[Viewing, ...] = ()
    added_at: str | None = None
    skip_reason: str | None = None
    sources: tuple[str, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def merged(self, other: ImportRecord) -> ImportRecord:
        """This record with what `other` adds (both describe the same film)."""
        return replace(
            self,
            original_title=self.original_title or other.original_title,
            directors=self.directors or other.directors,
            imdb_id=self.imdb_id or other.imdb_id,
            tmdb_id=self.tmdb_id or other.tmdb_id,
            status=merge_status(self.status, other.status),
            rating=other.rating if other.rating is not None else self.rating,
            note=join_text(self.note, other.note),
            review=join_text(self.review, other.review),
            tags=tuple(dict.fromkeys(self.tags + other.tags)),
            viewings=merge_viewings(self.viewings, other.viewings),
            added_at=min(filter(None, (self.added_at, other.added_at)), default=None),
            sources=self.sources + tuple(s for s in other.sources if s not in self.sources),
        )


def merge_status(first: str | None, second: str | None) -> str | None:
    """Seen wins over want: a film someone watched is never put back on the want list."""
    if SEEN in (first, second):
        return SEEN
    return first or second


def join_text(first: str | None, second: str | None) -> str | None:
    """Both texts, blank-line separated, without repeating one already contained."""
    if not second or (first and second in first):
        return first or second
    if not first or first in second:
        return second
    return f"{first}\n\n{second}"


def merge_viewings(first: tuple[Viewing, ...], second: tuple[Viewing, ...]) -> tuple[Viewing, ...]:
    """Viewings of both, one per date (a rewatch flag on either side wins), sorted by date."""
    by_date: dict[str, Viewing] = {}
    for viewing in (*first, *second):
        known = by_date.get(viewing.date)
        if known is None or (viewing.rewatch and not known.rewatch):
            by_date[viewing.date] = viewing
    return tuple(sorted(by_date.values(), key=lambda v: v.date))
