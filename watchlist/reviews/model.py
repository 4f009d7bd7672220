"""A stored review: the user's text plus what the analysis found in it."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from watchlist.reviews.analysis import Analysis

#: Keys of a stored review, in the order `review ... --json` prints them.
REVIEW_KEYS = (
    "id", "film_id", "title", "summary", "summary_kind", "verdict", "evidence", "mentions",
    "source", "added_at", "verdict_score", "summary_sentences", "text",
)  # fmt: skip
#: Keys every stored or exported review has; the others (e.g. `summary_kind`, added later)
#: take their defaults when missing.
REQUIRED_KEYS = (
    "id", "film_id", "title", "summary", "verdict", "evidence", "mentions", "source",
    "added_at", "verdict_score", "summary_sentences", "text",
)  # fmt: skip


@dataclass
class Review:
    id: str
    film_id: str
    title: str
    text: str
    summary: str
    verdict: str
    evidence: list[str]
    mentions: dict
    source: str
    added_at: str
    verdict_score: float = 0.0
    summary_sentences: list[str] = field(default_factory=list)  # the summary, sentence by sentence
    #: "extractive" (sentences chosen from the text) or "whole" (a short review is its summary)
    summary_kind: str = "extractive"
    extra: dict = field(default_factory=dict)  # unknown keys from newer files, kept as they are

    @classmethod
    def from_analysis(cls, analysis: Analysis, text: str, source: str) -> Review:
        return cls(
            id=str(uuid.uuid4()),
            film_id=analysis.film.id,
            title=analysis.film.title,
            text=text,
            summary=analysis.summary,
            verdict=analysis.verdict,
            evidence=list(analysis.evidence),
            mentions=analysis.mentions,
            source=source,
            added_at=datetime.now(UTC).isoformat(timespec="seconds"),
            verdict_score=analysis.verdict_score,
            summary_sentences=list(analysis.summary_sentences),
            summary_kind=analysis.summary_kind,
        )

    def to_dict(self) -> dict:
        data = asdict(self)
        extra = data.pop("extra")
        return {key: data[key] for key in REVIEW_KEYS} | extra

    @classmethod
    def from_dict(cls, data: dict) -> Review:
        known = {key: data[key] for key in REVIEW_KEYS if key in data}
        extra = {key: value for key, value in data.items() if key not in REVIEW_KEYS}
        return cls(**known, extra=extra)
