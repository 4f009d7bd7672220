"""The report an import prints: what happened to every film the file mentioned."""

from __future__ import annotations

from dataclasses import dataclass, field

IMPORTED = "imported"
UPDATED = "updated"
UNCHANGED = "unchanged"
SKIPPED = "skipped"

#: The keys of `ImportReport.counts()`, in print order.
COUNT_KEYS = ("imported", "updated", "unchanged", "unmatched", "ambiguous", "skipped")


@dataclass
class RowOutcome:
    """One film of the file (all its rows merged).

    `action`: imported (a new entry), updated, unchanged, or skipped (not a film).
    `match`: id, title, unmatched or ambiguous (None when skipped). Unmatched and ambiguous
    films are still stored, under `film_id` "unmatched:...", so nothing is dropped.
    """

    title: str
    year: int | None
    sources: list[str]
    action: str
    match: str | None = None
    film_id: str | None = None
    reason: str = ""
    candidates: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "year": self.year,
            "sources": self.sources,
            "action": self.action,
            "match": self.match,
            "film_id": self.film_id,
            "reason": self.reason,
            "candidates": self.candidates,
            "changes": self.changes,
        }


@dataclass
class ImportReport:
    """Everything an import did, for people (`summary_lines`) and machines (`to_dict`)."""

    kind: str
    path: str
    rows: list[RowOutcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """imported / updated / unchanged / skipped partition the rows; unmatched and
        ambiguous count the stored rows that have no catalog film."""
        counts = dict.fromkeys(COUNT_KEYS, 0)
        for row in self.rows:
            counts[row.action] += 1
            if row.match in ("unmatched", "ambiguous"):
                counts[row.match] += 1
        return counts

    @property
    def changed(self) -> bool:
        return any(row.action in (IMPORTED, UPDATED) for row in self.rows)

    def of(self, *, action: str | None = None, match: str | None = None) -> list[RowOutcome]:
        return [
            row
            for row in self.rows
            if (action is None or row.action == action) and (match is None or row.match == match)
        ]

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "path": self.path,
            "counts": self.counts(),
            "notes": self.notes,
            "rows": [row.to_dict() for row in self.rows],
        }

    def summary_lines(self) -> list[str]:
        """A short human report: the counts, then every row that needs a look."""
        counts = self.counts()
        lines = [
            f"{self.kind} import from {self.path}: "
            + ", ".join(f"{counts[key]} {key}" for key in COUNT_KEYS)
        ]
        if not self.changed:
            lines.append("Nothing changed: your watchlist already had all of it.")
        for row in self.of(match="ambiguous"):
            lines.append(
                f"  ambiguous: {row.label} [{', '.join(row.sources[:3])}]: {row.reason}; "
                f"kept as {row.film_id}"
            )
        for row in self.of(match="unmatched"):
            lines.append(
                f"  unmatched: {row.label} [{', '.join(row.sources[:3])}]: {row.reason}; "
                f"kept as {row.film_id}"
            )
        for row in self.of(action=SKIPPED):
            lines.append(f"  skipped: {row.label} [{', '.join(row.sources[:3])}]: {row.reason}")
        lines.extend(f"  note: {note}" for note in self.notes)
        return lines
