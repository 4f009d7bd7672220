"""How films and watchlist entries read on screen: text markers, never colour alone."""

from __future__ import annotations

from watchlist.catalog.model import Film

STATUS_MARKERS = {"want": "○", "seen": "●"}
STATUS_WORDS = {"want": "want to see", "seen": "seen"}
NO_STATUS_MARKER = " "


def marker(status: str | None) -> str:
    return STATUS_MARKERS.get(status or "", NO_STATUS_MARKER)


def stars(rating: float | None) -> str:
    """4.5 -> "★★★★½"; None -> ""."""
    if rating is None:
        return ""
    whole = int(rating)
    return "★" * whole + ("½" if rating - whole >= 0.5 else "")


def rating_text(rating: float | None) -> str:
    if rating is None:
        return ""
    return f"{rating:g}/5 {stars(rating)}"


def director_line(film: Film) -> str:
    return ", ".join(film.directors[:2]) or "-"


_ARTICLES = ("the ", "a ", "an ")


def title_sort_key(title: str, year: int | None = None) -> tuple[str, int]:
    """Alphabetical the way film lovers file titles: "The Thing" under T, not under "the"."""
    lowered = title.lower()
    for article in _ARTICLES:
        if lowered.startswith(article):
            lowered = lowered[len(article) :]
            break
    return (lowered, year or 0)
