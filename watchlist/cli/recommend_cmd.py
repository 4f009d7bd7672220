"""`watchlist recommend`: films to try next, each with its reasons."""

from __future__ import annotations

import argparse
import sys

from watchlist.cli.output import print_json
from watchlist.recommend import Recommendation, WatchlistSignal, signals_from_entries
from watchlist.services import Services

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
        help="leave this film out and push its neighbours down, for this run (repeatable)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print JSON: [{id, title, year, score, reasons}]"
    )
    parser.set_defaults(handler=run_recommend)


def watchlist_entries(services: Services) -> list:
    """The store's entries, or none while the app has no store."""
    store = getattr(services, "store", None)
    return list(store.entries()) if store is not None else []


def run_recommend(args: argparse.Namespace, services: Services) -> int:
    catalog = services.catalog
    skipped = {catalog.resolve(reference).id for reference in args.not_interested}
    signals, marked = signals_from_entries(watchlist_entries(services))
    skipped |= marked
    recommender = services.recommender
    if args.film:
        film = catalog.resolve(args.film)
        skipped.discard(film.id)
        results = recommender.more_like(film.id, limit=args.limit, not_interested=skipped)
        heading = f"More like {film.label}:"
    else:
        if not signals:
            return _hint(args, EMPTY_HINT)
        results = recommender.for_you(signals, limit=args.limit, not_interested=skipped)
        if not results and not _has_likes(signals):
            return _hint(args, NO_LIKES_HINT)
        count = len(signals)
        heading = f"For you, from {count} film{'s' if count != 1 else ''} on your watchlist:"
    if args.json:
        print_json([result.to_dict() for result in results])
        return 0
    if not results:
        print("No recommendations: the catalog has nothing close enough.")
        return 0
    print(heading)
    print_recommendations(results)
    return 0


def _has_likes(signals: list[WatchlistSignal]) -> bool:
    return any(signal.weight > 0 for signal in signals)


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
