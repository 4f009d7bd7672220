"""The film model: one immutable record per film, validated on the way in."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields

#: The keys of a film object, in the order `catalog list --json` prints them.
FILM_KEYS: tuple[str, ...] = (
    "id",
    "title",
    "original_title",
    "year",
    "directors",
    "cast",
    "genres",
    "countries",
    "runtime",
    "tags",
    "summary",
)

_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$|^tt\d+$")
_LIST_FIELDS = ("directors", "cast", "genres", "countries", "tags")


class FilmValidationError(ValueError):
    """A film record is malformed; the message names the film and the field."""


@dataclass(frozen=True, slots=True)
class Film:
    id: str
    title: str
    original_title: str | None
    year: int | None
    directors: tuple[str, ...]
    cast: tuple[str, ...]
    genres: tuple[str, ...]
    countries: tuple[str, ...]
    runtime: int | None
    tags: tuple[str, ...]
    summary: str

    @classmethod
    def from_dict(cls, data: dict) -> Film:
        """Build a film from a JSON object, raising FilmValidationError on any flaw."""
        if not isinstance(data, dict):
            raise FilmValidationError(f"film must be an object, not {type(data).__name__}")
        label = repr(data.get("id") or data.get("title") or "?")
        missing = [key for key in FILM_KEYS if key not in data]
        extra = sorted(set(data) - set(FILM_KEYS))
        if missing:
            raise FilmValidationError(f"film {label}: missing keys {missing}")
        if extra:
            raise FilmValidationError(f"film {label}: unknown keys {extra}")

        def text(key: str, optional: bool = False) -> str | None:
            value = data[key]
            if value is None and optional:
                return None
            if not isinstance(value, str) or not value.strip():
                raise FilmValidationError(f"film {label}: {key} must be a non-empty string")
            return value.strip()

        def number(key: str, low: int, high: int) -> int | None:
            value = data[key]
            if value is None:
                return None
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise FilmValidationError(
                    f"film {label}: {key} must be an integer in {low}..{high}"
                )
            return value

        def strings(key: str) -> tuple[str, ...]:
            value = data[key]
            if not isinstance(value, list) or not all(
                isinstance(item, str) and item.strip() for item in value
            ):
                raise FilmValidationError(
                    f"film {label}: {key} must be a list of non-empty strings"
                )
            return tuple(item.strip() for item in value)

        film_id = text("id")
        if not _ID_PATTERN.match(film_id):
            raise FilmValidationError(
                f"film {label}: id must be lower-case letters, digits and '-'"
            )
        return cls(
            id=film_id,
            title=text("title"),
            original_title=text("original_title", optional=True),
            year=number("year", 1870, 2100),
            directors=strings("directors"),
            cast=strings("cast"),
            genres=strings("genres"),
            countries=strings("countries"),
            runtime=number("runtime", 1, 1500),
            tags=tuple(tag.lower() for tag in strings("tags")),
            summary=data["summary"].strip()
            if isinstance(data["summary"], str)
            else _bad_summary(label),
        )

    def to_dict(self) -> dict:
        """The film as a JSON object with exactly FILM_KEYS, lists as lists."""
        result = asdict(self)
        for key in _LIST_FIELDS:
            result[key] = list(result[key])
        return {key: result[key] for key in FILM_KEYS}

    @property
    def label(self) -> str:
        """ "Title (Year)", the way people name a film."""
        return f"{self.title} ({self.year})" if self.year else self.title

    @property
    def people(self) -> tuple[str, ...]:
        return self.directors + self.cast


def _bad_summary(label: str) -> str:
    raise FilmValidationError(f"film {label}: summary must be a string")


assert tuple(f.name for f in fields(Film)) == FILM_KEYS
