"""`watchlist recommend`: films to try next, each with its reasons."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from watchlist.cli.output import print_json
from watchlist.services import Services

if TYPE_CHECKING:
    from watchlist.recommend import Recommendation

EMPTY_HINT = (
    "Your watchlist is empty: add films with `watchlist add FILM`, "
    'or try `watchlist recommend --for "The Perfection"`.'
)
NO_LIKES_HINT = (
    "Nothing to go on yet: rate films you liked (3 or more) or add films you want to see, "
    'or try `watchlist recommend --for "The Perfection"`.'
)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more, not {text!r}")
    return value


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "recommend",
        help="films to try next, with reasons",
        description="Recommendations from your watchlist (seen films weighted by your rating, "
        "films you want to see as intent), or films like one film with --for.",
    )
    parser.add_argument("--for", dest="film", metavar="FILM", help="films like this one")
    parser.add_argument(
        "--limit", type=positive_int, default=10, metavar="N", help="how many (default 10)"
    )
    parser.add_argument(
        "--not-interested",
        action="append",
        default=[],
        metavar="FILM",
        help="never recommend FILM again and push its neighbours down (remembered; repeatable)",
    )
    parser.add_argument(
        "--interested",
        action="append",
        default=[],
        metavar="FILM",
        help="undo --not-interested for FILM (repeatable)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print JSON: [{id, title, year, score, reasons}]"
    )
    parser.set_defaults(handler=run_recommend)


def run_recommend(args: argparse.Namespace, services: Services) -> int:
    catalog = services.catalog
    store = services.store
    for reference, flag in [(r, True) for r in args.not_interested] + [
        (r, False) for r in args.interested
    ]:
        film = catalog.resolve(reference)
        store.set_not_interested(film.id, flag)
        note = "won't be recommended again" if flag else "can be recommended again"
        print(f"{film.label} {note}.", file=sys.stderr)
    if args.film:
        film = catalog.resolve(args.film)
        skipped = store.not_interested() - {film.id}
        results = services.recommender.more_like(film.id, limit=args.limit, not_interested=skipped)
        heading = f"More like {film.label}:"
    else:
        found = services.for_you(limit=args.limit)
        if found is None:
            return _hint(args, EMPTY_HINT)
        if not found:
            return _hint(args, NO_LIKES_HINT)
        results = found
        heading = "For you, from your watchlist:"
    if args.json:
        print_json([result.to_dict() for result in results])
        return 0
    if not results:
        print("No recommendations: the catalog has nothing close enough.")
        return 0
    print(heading)
    print_recommendations(results)
    return 0


def _hint(args: argparse.Namespace, message: str) -> int:
    """No recommendations to make: say how to start (JSON stays a valid, empty array)."""
    if args.json:
        print_json([])
        print(message, file=sys.stderr)
    else:
        print(message)
    return 0


def print_recommendations(results: list[Recommendation]) -> None:
    width = len(str(len(results)))
    for number, result in enumerate(results, 1):
        print(f"{number:>{width}}. {result.film.label}  [{result.film.id}]")
        for reason in result.reasons:
            print(f"{' ' * width}    - {reason}")
