"""The command-line interface: a thin layer over the core services.

Each command group lives in its own module with a `register(subparsers)` function; a
subcommand sets `handler(args, services) -> int`. User mistakes raise WatchlistError and
print one line to stderr (exit 1); argparse reports usage errors (exit 2).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from watchlist import __version__
from watchlist.errors import WatchlistError

# Modules under watchlist.cli that contribute commands, in --help order.
COMMAND_MODULES = (
    "catalog_cmd",
    "search_cmd",
    "recommend_cmd",
    "watchlist_cmd",
    "interchange_cmd",
    "review_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="watchlist",
        description="Films in your terminal: search, recommendations, and your watchlist. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"watchlist {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"watchlist.cli.{name}").register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from watchlist.services import open_services

    args = build_parser().parse_args(argv)
    try:
        services = open_services()
        if args.command is None:
            from watchlist.tui.app import run_app

            return run_app(services)
        return args.handler(args, services)
    except WatchlistError as error:
        print(f"watchlist: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("watchlist: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # e.g. `watchlist catalog list | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
