"""`watchlist catalog ...`: what the active catalog holds."""

from __future__ import annotations

import argparse

from watchlist.cli.output import print_json, print_table
from watchlist.services import Services


def register(commands: argparse._SubParsersAction) -> None:
    catalog = commands.add_parser("catalog", help="show and manage the film catalog")
    sub = catalog.add_subparsers(dest="catalog_command", metavar="COMMAND", required=True)

    info = sub.add_parser("info", help="counts and sources of the active catalog")
    info.add_argument("--json", action="store_true", help="print JSON")
    info.set_defaults(handler=run_info)

    listing = sub.add_parser("list", help="every film of the active catalog")
    listing.add_argument("--json", action="store_true", help="print a JSON array of films")
    listing.set_defaults(handler=run_list)


def run_info(args: argparse.Namespace, services: Services) -> int:
    info = services.catalog.info()
    if args.json:
        print_json(info)
        return 0
    print(f"{info['films']} films")
    for source in info["sources"]:
        print(f"  {source['name']}: {source['films']} films - {source['description']}")
        if source.get("credit"):
            print(f"    {source['credit']}")
    return 0


def run_list(args: argparse.Namespace, services: Services) -> int:
    films = services.catalog.films
    if args.json:
        print_json([film.to_dict() for film in films])
        return 0
    rows = [(film.title, film.year or "", ", ".join(film.directors), film.id) for film in films]
    print_table(("title", "year", "director", "id"), rows)
    return 0
