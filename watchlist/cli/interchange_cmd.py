"""`watchlist import ...` and `watchlist export ...`: bring your history in, take it out.

    watchlist import letterboxd PATH [--json]   # export .zip, its folder, or one CSV
    watchlist import imdb PATH.csv [--json]     # ratings, watchlist or list export
    watchlist import json PATH [--json]         # a `watchlist export --format json` file
    watchlist export [--format json|csv|letterboxd] [-o PATH] [--force]

Import prints a report (imported, updated, unchanged, unmatched, ambiguous, skipped and
every row that needs a look); `--json` prints it as JSON. A bad file changes nothing and
exits 1. Export writes to stdout, or to `-o PATH`, which must not exist unless `--force`
is given (then it is replaced atomically). The default format is json.
"""

from __future__ import annotations

import argparse
import sys

from watchlist.cli.output import print_json
from watchlist.interchange.formats import FORMATS
from watchlist.services import Services

_IMPORT_HELP = {
    "letterboxd": "a Letterboxd export (.zip or its folder) or a CSV in Letterboxd's import format",
    "imdb": "an IMDb ratings, watchlist or list export (.csv)",
    "json": "a watchlist JSON export (watchlist export --format json)",
}


def register(commands: argparse._SubParsersAction) -> None:
    importing = commands.add_parser(
        "import", help="import your history from Letterboxd, IMDb or a JSON export"
    )
    kinds = importing.add_subparsers(dest="import_kind", metavar="SOURCE", required=True)
    for kind, help_text in _IMPORT_HELP.items():
        parser = kinds.add_parser(kind, help=help_text)
        parser.add_argument("path", metavar="PATH", help=help_text)
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.set_defaults(handler=run_import, kind=kind)

    exporting = commands.add_parser(
        "export", help="export your watchlist as JSON, plain CSV or Letterboxd's import CSV"
    )
    exporting.add_argument(
        "--format", choices=FORMATS, default="json", help="json (lossless, the default), "
        "csv (plain) or letterboxd (Letterboxd's import CSV)",
    )  # fmt: skip
    exporting.add_argument("-o", "--output", metavar="PATH", help="write to PATH, not stdout")
    exporting.add_argument(
        "--force", action="store_true", help="replace PATH if it exists (refused otherwise)"
    )
    exporting.set_defaults(handler=run_export)


def run_import(args: argparse.Namespace, services: Services) -> int:
    from watchlist.interchange.importer import import_path

    report = import_path(services, args.kind, args.path)
    if args.json:
        print_json(report.to_dict())
    else:
        print("\n".join(report.summary_lines()))
    return 0


def run_export(args: argparse.Namespace, services: Services) -> int:
    from watchlist.interchange.export import export_text, export_to

    if args.output is None:
        sys.stdout.write(export_text(services, args.format))
        return 0
    path = export_to(services, args.format, args.output, force=args.force)
    print(f"exported your watchlist as {args.format} to {path}")
    return 0
