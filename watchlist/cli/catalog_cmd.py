"""`watchlist catalog ...`: what the active catalog holds, and importing big catalogs."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

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

    importing = sub.add_parser("import", help="import a big film catalog you downloaded")
    kinds = importing.add_subparsers(dest="import_kind", metavar="SOURCE", required=True)
    imdb = kinds.add_parser(
        "imdb",
        help="IMDb non-commercial datasets (title.basics, title.principals, name.basics, "
        "title.crew, title.ratings .tsv.gz) in DIR",
    )
    imdb.add_argument("dir", type=Path, metavar="DIR", help="folder holding the .tsv.gz files")
    imdb.add_argument(
        "--min-votes", type=_count, default=0, metavar="N", help="only titles with N+ votes"
    )
    imdb.add_argument("--tv-movies", action="store_true", help="also import TV films")
    imdb.set_defaults(handler=run_import)
    wikipedia = kinds.add_parser(
        "wikipedia", help="wikipedia-movie-data JSON (plain or gzipped) in FILE"
    )
    wikipedia.add_argument("file", type=Path, metavar="FILE", help="the movies JSON file")
    wikipedia.set_defaults(handler=run_import)

    remove = sub.add_parser("remove", help="remove an imported source (imdb, wikipedia)")
    remove.add_argument("source", metavar="SOURCE", help="the source name shown by catalog info")
    remove.set_defaults(handler=run_remove)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def run_info(args: argparse.Namespace, services: Services) -> int:
    info = services.catalog.info()
    if args.json:
        print_json(info)
        return 0
    print(f"{info['films']} films")
    for source in info["sources"]:
        merged = f", {source['merged']} merged with bundled films" if source.get("merged") else ""
        print(f"  {source['name']}: {source['films']} films{merged} - {source['description']}")
        if source.get("credit"):
            print(f"    {source['credit']}")
    return 0


def run_list(args: argparse.Namespace, services: Services) -> int:
    films = services.catalog.films
    if args.json:
        if not len(films):
            print_json([])
            return 0
        # Streamed, byte for byte what print_json would write for the whole list.
        out = sys.stdout
        out.write("[\n")
        for number, film in enumerate(services.catalog):
            text = json.dumps(film.to_dict(), ensure_ascii=False, indent=2)
            out.write((",\n" if number else "") + "  " + text.replace("\n", "\n  "))
        out.write("\n]\n")
        return 0
    rows = [(film.title, film.year or "", ", ".join(film.directors), film.id) for film in films]
    print_table(("title", "year", "director", "id"), rows)
    return 0


def run_import(args: argparse.Namespace, services: Services) -> int:
    from watchlist.catalog.importers.base import Progress
    from watchlist.catalog.importers.run import import_films

    progress = Progress()
    if args.import_kind == "imdb":
        from watchlist.catalog.importers.imdb import ImdbImporter

        importer = ImdbImporter(
            args.dir,
            min_votes=args.min_votes,
            tv_movies=args.tv_movies,
            progress=progress,
            work_dir=services.home,
        )
        origin = str(args.dir)
    else:
        from watchlist.catalog.importers.wikipedia import WikipediaImporter

        if not args.file.is_file():
            print(f"watchlist: {args.file} is not a file", file=sys.stderr)
            return 1
        importer = WikipediaImporter(args.file, progress=progress)
        origin = str(args.file)
    try:
        summary = import_films(
            services.home,
            importer.source,
            importer.films(),
            description=importer.description,
            credit=importer.credit,
            origin=origin,
            progress=progress,
        )
    except KeyboardInterrupt:
        print("\nwatchlist: import interrupted; the catalog is unchanged", file=sys.stderr)
        return 130
    summary.skipped = importer.skipped
    summary.notes = importer.notes
    for line in summary.lines():
        print(line)
    build_search_index(services)
    return 0


def run_remove(args: argparse.Namespace, services: Services) -> int:
    from watchlist.catalog.importers.run import remove_imported

    removed = remove_imported(services.home, args.source)
    print(f"Removed {args.source}: {removed:,} films.")
    build_search_index(services)
    return 0


def build_search_index(services: Services) -> None:
    """Build the new catalog's search index now, so the next start-up just opens it."""
    from watchlist.catalog.loader import load_catalog
    from watchlist.paths import SEARCH_INDEX_DIR
    from watchlist.search.persist import ensure_index, should_persist

    catalog = load_catalog(services.home)
    if not should_persist(catalog):  # the bundled films alone index in memory in milliseconds
        return
    print("Building the search index…", file=sys.stderr)
    try:
        ensure_index(catalog, services.home / SEARCH_INDEX_DIR)
    except KeyboardInterrupt:  # the index is written atomically: nothing half-built remains
        print("watchlist: search index not built; it will be built on next start", file=sys.stderr)
