"""`watchlist review ...`: attach a review to a film and read back its gist."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from watchlist.cli.output import print_json
from watchlist.errors import WatchlistError
from watchlist.services import Services

if TYPE_CHECKING:
    from watchlist.reviews.model import Review


def register(commands: argparse._SubParsersAction) -> None:
    review = commands.add_parser("review", help="attach reviews to films and read their gist")
    sub = review.add_subparsers(dest="review_command", metavar="COMMAND", required=True)

    add = sub.add_parser(
        "add",
        help="read a review (text, Markdown or HTML) and store its summary, verdict and links",
    )
    add.add_argument("path", metavar="PATH|-", help="the review file, or - to read stdin")
    add.add_argument(
        "--film", help="the film reviewed (id or title); by default it is detected from the text"
    )
    add.add_argument("--json", action="store_true", help="print the stored review as JSON")
    add.set_defaults(handler=run_add)

    show = sub.add_parser("show", help="the reviews of a film: summary, verdict and links")
    show.add_argument("film", metavar="FILM", help="film id or title, optionally with the year")
    show.add_argument(
        "--json", action="store_true", help="print the latest review as a JSON object"
    )
    show.add_argument(
        "--all", action="store_true", help="with --json: a JSON array of every review of the film"
    )
    show.set_defaults(handler=run_show)


def run_add(args: argparse.Namespace, services: Services) -> int:
    from watchlist.reviews.reading import read_review_file

    text, _ = read_review_file(args.path)
    source = "stdin" if args.path == "-" else str(Path(args.path).resolve())
    review, added = services.reviews.attach_plain(text, film=args.film, source=source)
    already = (
        f"This review is already attached to {_label(services, review)} [{review.film_id}] "
        f"(added {review.added_at}); nothing was added."
    )
    if args.json:
        if not added:
            print(f"watchlist: {already}", file=sys.stderr)
        print_json(review.to_dict())
        return 0
    if added:
        print(f"Added a review of {_label(services, review)} [{review.film_id}].")
    else:
        print(already)
    _print_review(review)
    return 0


def run_show(args: argparse.Namespace, services: Services) -> int:
    film, reviews = services.reviews.show(args.film)
    if args.json and args.all:
        print_json([review.to_dict() for review in reviews])
        return 0
    if not reviews:
        hint = f"Add one with: watchlist review add PATH --film {film.id}"
        if args.json:  # the contract is one review object: there is none to print
            raise WatchlistError(f"no reviews of {film.label} yet. {hint}")
        print(f"No reviews of {film.label} yet. {hint}")
        return 0
    if args.json:
        print_json(reviews[-1].to_dict())
        return 0
    for number, review in enumerate(reviews, 1):
        if number > 1:
            print()
        print(f"Review {number} of {len(reviews)} of {film.label}, added {review.added_at}")
        _print_review(review)
    return 0


def _label(services: Services, review: Review) -> str:
    film = services.catalog.get(review.film_id)
    return film.label if film else review.title


def _print_review(review: Review) -> None:
    wrap = textwrap.TextWrapper(width=88, initial_indent="  ", subsequent_indent="  ")
    print(f"Verdict: {review.verdict}")
    print("Summary:" if review.summary_kind != "whole" else "Summary (the whole review):")
    print(wrap.fill(review.summary))
    mentions = review.mentions
    people = [
        p["name"] if p["as_written"] == p["name"] else f"{p['name']} (written {p['as_written']!r})"
        for p in mentions.get("people", [])
    ]
    if people:
        print(f"People: {', '.join(people)}")
    films = [
        f"{f['title']} ({f['year']})" if f.get("year") else f["title"]
        for f in mentions.get("films", [])
    ]
    if films:
        print(f"Films: {', '.join(films)}")
    if mentions.get("influences"):
        print(f"Influences: {', '.join(mentions['influences'])}")
    print(f"Source: {review.source}")
