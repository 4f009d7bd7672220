"""Writing the watchlist out: `json` (lossless), `csv` (plain) and `letterboxd` (import CSV).

- json: see `native.py`; `watchlist import json PATH` reads it back exactly.
- csv: one row per entry: film_id, title, year, status, rating, note, tags (", "-joined),
  added_at, updated_at, watched_dates ("; "-joined YYYY-MM-DD, rewatches included).
- letterboxd: Letterboxd's import columns (Title, Year, imdbID, tmdbID, Directors, Rating,
  Rating10, WatchedDate, Rewatch, Tags, Review), one row per viewing (so the diary comes
  across) or one row for an entry without viewings; the Review of the latest row is the
  entry's note followed by the texts of the film's stored reviews (oldest first, blank-line
  separated), and a reviewed film that is not on the watchlist gets a row of its own, so
  leaving through Letterboxd keeps every review. Entries you only want to see have no
  rating or date: on Letterboxd, import them into your watchlist (its importer reads the
  same columns).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from watchlist.catalog.catalog import Catalog
from watchlist.errors import WatchlistError
from watchlist.interchange import native
from watchlist.interchange.formats import FORMATS
from watchlist.interchange.records import join_text
from watchlist.reviews.model import Review
from watchlist.store.entries import Entry, now_iso
from watchlist.store.storage import atomic_write

if TYPE_CHECKING:
    from watchlist.services import Services


CSV_COLUMNS = (
    "film_id",
    "title",
    "year",
    "status",
    "rating",
    "note",
    "tags",
    "added_at",
    "updated_at",
    "watched_dates",
)
LETTERBOXD_COLUMNS = (
    "Title",
    "Year",
    "imdbID",
    "tmdbID",
    "Directors",
    "Rating",
    "Rating10",
    "WatchedDate",
    "Rewatch",
    "Tags",
    "Review",
)


def render(
    fmt: str,
    entries: Iterable[Entry],
    catalog: Catalog,
    exported_at: str,
    reviews: Iterable[Review] = (),
) -> str:
    """The text of an export in `fmt` (one of FORMATS); json and letterboxd carry `reviews`."""
    entries = sorted(entries, key=lambda entry: entry.film_id)
    if fmt == "json":
        return native.dump(entries, catalog, exported_at, reviews)
    if fmt == "csv":
        return _csv(CSV_COLUMNS, (_plain_row(entry, catalog) for entry in entries))
    if fmt == "letterboxd":
        texts: dict[str, list[str]] = {}
        titles: dict[str, str] = {}
        for review in sorted(reviews, key=lambda review: review.added_at):
            texts.setdefault(review.film_id, []).append(review.text)
            titles[review.film_id] = review.title
        on_list = {entry.film_id for entry in entries}
        # A film reviewed but not on the watchlist: a row of its own (reviewed means seen).
        reviewed_only = [
            Entry(film_id, status="seen", added_at=exported_at, title=titles[film_id])
            for film_id in texts
            if film_id not in on_list
        ]
        everything = sorted([*entries, *reviewed_only], key=lambda entry: entry.film_id)
        rows = (
            row
            for entry in everything
            for row in _letterboxd_rows(entry, catalog, texts.get(entry.film_id, []))
        )
        return _csv(LETTERBOXD_COLUMNS, rows)
    raise WatchlistError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_new(path: Path, text: str, force: bool = False) -> Path:
    """Write `text` to `path`; an existing file is replaced only with `force` (atomically)."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise WatchlistError(f"{path} is a folder; name a file to export to")
    if path.exists() and not force:
        raise WatchlistError(f"{path} already exists; use --force to replace it")
    if not path.parent.is_dir():
        raise WatchlistError(f"{path.parent} does not exist")
    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as error:
        raise WatchlistError(f"cannot write {path}: {error.strerror or error}") from error
    return path


def _csv(columns: tuple[str, ...], rows: Iterable[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _title_year(entry: Entry, catalog: Catalog) -> tuple[str, int | None]:
    film = catalog.get(entry.film_id)
    if film:
        return film.title, film.year
    return entry.title or entry.film_id, entry.year


def _rating_text(rating: float | None, scale: int = 5) -> str:
    if rating is None:
        return ""
    value = rating * 2 if scale == 10 else rating
    return f"{value:g}"


def _plain_row(entry: Entry, catalog: Catalog) -> dict:
    title, year = _title_year(entry, catalog)
    return {
        "film_id": entry.film_id,
        "title": title,
        "year": year or "",
        "status": entry.status,
        "rating": _rating_text(entry.rating),
        "note": entry.note,
        "tags": ", ".join(entry.tags),
        "added_at": entry.added_at,
        "updated_at": entry.updated_at,
        "watched_dates": "; ".join(v["date"] for v in sorted_viewings(entry)),
    }


def sorted_viewings(entry: Entry) -> list[dict]:
    return sorted(entry.viewings, key=lambda viewing: viewing["date"])


def _letterboxd_rows(entry: Entry, catalog: Catalog, reviews: Iterable[str] = ()) -> list[dict]:
    title, year = _title_year(entry, catalog)
    film = catalog.get(entry.film_id)
    base = {
        "Title": title,
        "Year": year or "",
        "imdbID": entry.film_id if entry.film_id.startswith("tt") else "",
        "tmdbID": "",
        "Directors": ", ".join(film.directors) if film else "",
        "Rating": _rating_text(entry.rating) if entry.status == "seen" else "",
        "Rating10": _rating_text(entry.rating, 10) if entry.status == "seen" else "",
        "WatchedDate": "",
        "Rewatch": "",
        "Tags": ", ".join(entry.tags),
        "Review": "",
    }
    viewings = sorted_viewings(entry)
    rows = [
        base | {"WatchedDate": viewing["date"], "Rewatch": "true" if viewing["rewatch"] else ""}
        for viewing in viewings
    ] or [dict(base)]
    review = entry.note or None
    for text in reviews:
        review = join_text(review, text)
    rows[-1]["Review"] = review or ""
    return rows


def export_text(services: Services, fmt: str) -> str:
    """The whole watchlist as text in `fmt` (one read of the file: a consistent snapshot)."""
    if fmt not in FORMATS:
        raise WatchlistError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    entries = services.store.entries()
    service = getattr(services, "reviews", None)
    reviews = service.store.all() if fmt != "csv" and service is not None else []
    return render(fmt, entries, services.catalog, now_iso(), reviews)


def export_to(services: Services, fmt: str, path: str | Path, *, force: bool = False) -> Path:
    """Write the watchlist to `path` in `fmt`; an existing file needs `force=True`."""
    path = Path(path).expanduser()
    if path.exists() and not force:
        raise WatchlistError(f"{path} already exists; use --force to replace it")
    return write_new(path, export_text(services, fmt), force=force)
