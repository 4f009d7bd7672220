"""`watchlist search QUERY...`: fuzzy search across titles, people, genres and tags."""

from __future__ import annotations

import argparse
import sys

from watchlist.cli.output import print_json, print_table
from watchlist.errors import WatchlistError
from watchlist.search.query import parse_query
from watchlist.services import Services

DEFAULT_LIMIT = 20
EXAMPLES = (
    'e.g. watchlist search the perfecton, kubrik, giallo year:1970-1979, cast:"allison williams"'
)


def register(commands: argparse._SubParsersAction) -> None:
    search = commands.add_parser(
        "search",
        help="find films by title, person, genre or tag, typos welcome",
        description="Plain words match titles, people, genres and tags, with typos. Filters: "
        "cast:, dir:, genre:, tag:, year:1975 or year:1970-1985, status:want|seen. "
        'Quote values with spaces: cast:"allison williams".',
    )
    search.add_argument("query", nargs="+", metavar="QUERY", help="words and filters")
    search.add_argument(
        "--limit", type=_positive, default=DEFAULT_LIMIT, metavar="N", help="at most N films"
    )
    search.add_argument("--json", action="store_true", help="print a JSON array of films")
    search.set_defaults(handler=run_search)


def run_search(args: argparse.Namespace, services: Services) -> int:
    query = " ".join(args.query)
    parsed = parse_query(query)
    if parsed.state != "ok":
        what = "an empty query" if parsed.state == "empty" else "no letters or digits in the query"
        reason = f"; {'; '.join(parsed.problems)}" if parsed.problems else ""
        raise WatchlistError(f"nothing to search for: {what}{reason} ({EXAMPLES})")
    statuses = None
    if parsed.has_filter("status"):
        # Only a status: filter needs the watchlist; search alone never opens it.
        store = getattr(services, "store", None)
        statuses = dict(store.statuses()) if store is not None else {}
    result = services.search.search(query, limit=args.limit, statuses=statuses)
    if args.json:
        print_json(
            [
                hit.film.to_dict() | {"score": hit.score, "matched": hit.matched}
                for hit in result.hits
            ]
        )
        if result.message:
            print(f"watchlist: {result.message}", file=sys.stderr)
        return 0
    if not result.hits:
        print(result.message or "nothing matches")
        return 0
    rows = [
        (hit.film.title, hit.film.year or "", ", ".join(hit.film.directors), "; ".join(hit.matched))
        for hit in result.hits
    ]
    print_table(("title", "year", "director", "why matched"), rows)
    if result.total > len(result.hits):
        print(f"{len(result.hits)} of {result.total} matches; --limit N shows more")
    if result.message:
        print(f"watchlist: {result.message}", file=sys.stderr)
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value
