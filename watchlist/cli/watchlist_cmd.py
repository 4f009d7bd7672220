"""`watchlist add | remove | list`: the user's watchlist from the command line."""

from __future__ import annotations

import argparse
from datetime import datetime

from watchlist.catalog.model import Film
from watchlist.cli.output import print_json, print_table
from watchlist.errors import FilmNotFound, WatchlistError
from watchlist.services import Services
from watchlist.store.entries import STATUSES, Entry, parse_rating

#: The keys of each object printed by `list --json`, in order.
ENTRY_KEYS: tuple[str, ...] = (
    "film_id",
    "title",
    "year",
    "status",
    "rating",
    "note",
    "tags",
    "added_at",
    "updated_at",
    "viewings",
    "history",
)


def register(commands: argparse._SubParsersAction) -> None:
    add = commands.add_parser("add", help="add a film to your watchlist, or update its entry")
    add.add_argument("film", nargs="+", metavar="FILM", help='an id or a title ("Suspiria 1977")')
    add.add_argument("--status", choices=STATUSES, help="want (to see) or seen; new films: want")
    add.add_argument("--rating", metavar="R", help="0.5 to 5 in half steps, e.g. 4.5")
    add.add_argument("--note", metavar="TEXT", help='a note ("" clears it)')
    add.set_defaults(handler=run_add)

    remove = commands.add_parser("remove", help="take a film off your watchlist")
    remove.add_argument("film", nargs="+", metavar="FILM", help="an id or a title")
    remove.set_defaults(handler=run_remove)

    listing = commands.add_parser("list", help="the films on your watchlist")
    listing.add_argument("--status", choices=STATUSES, help="only films with this status")
    listing.add_argument("--json", action="store_true", help="print a JSON array of entries")
    listing.set_defaults(handler=run_list)


def run_add(args: argparse.Namespace, services: Services) -> int:
    rating = parse_rating(args.rating) if args.rating is not None else None
    film = services.catalog.resolve(" ".join(args.film))
    store = services.store
    existed = store.get(film.id) is not None
    entry = store.add(
        film.id, status=args.status, rating=rating, note=args.note, title=film.title, year=film.year
    )
    details = entry.status + (f", rated {_rating(entry.rating)}" if entry.rating else "")
    verb = "Updated" if existed else "Added"
    where = "on" if existed else "to"
    print(f"{verb} {film.label} {where} your watchlist ({details}).")
    return 0


def run_remove(args: argparse.Namespace, services: Services) -> int:
    reference = " ".join(args.film)
    store = services.store
    try:
        film_id, label = _film(services.catalog.resolve(reference))
    except FilmNotFound:
        # A film the catalog no longer knows can still be removed by its id.
        entry = store.get(reference.strip())
        if entry is None:
            raise
        film_id, label = entry.film_id, entry.title or entry.film_id
    removed = store.remove(film_id)
    if removed is None:
        raise WatchlistError(f"{label} is not on your watchlist")
    print(f"Removed {label} from your watchlist.")
    return 0


def run_list(args: argparse.Namespace, services: Services) -> int:
    entries = [e for e in services.store.entries() if args.status in (None, e.status)]
    entries.sort(key=_added)
    rows = [_as_json(entry, services) for entry in entries]
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        which = f"{args.status} " if args.status else ""
        print(f"No {which}films on your watchlist. Add one with: watchlist add FILM")
        return 0
    print_table(
        ("title", "year", "status", "rating", "added", "note"),
        [
            (
                row["title"],
                row["year"] or "",
                row["status"],
                _rating(row["rating"]) or "-",
                row["added_at"][:10],
                row["note"].replace("\n", " "),
            )
            for row in rows
        ],
    )
    return 0


def _film(film: Film) -> tuple[str, str]:
    return film.id, film.label


def _rating(rating: float | None) -> str:
    if rating is None:
        return ""
    return f"{rating:g}"


def _added(entry: Entry) -> datetime:
    return datetime.fromisoformat(entry.added_at)


def _as_json(entry: Entry, services: Services) -> dict:
    data = entry.to_dict()
    if entry.title is None:
        film = services.catalog.get(entry.film_id)
        data["title"] = film.title if film else entry.film_id
        data["year"] = film.year if film else entry.year
    return {key: data[key] for key in ENTRY_KEYS}
