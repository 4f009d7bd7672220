"""How fast the app is usable, and how fast each keystroke's results are painted (headless).

Usage: python benchmarks/tui_bench.py [--runs 7]

- start-up: a fresh process per run, from interpreter start (imports included) to the browse
  screen mounted with its first results listed; median and max of N runs. Target: 0.5 s.
- keystrokes: queries typed one key at a time into the real app; for each key, the time until
  the results for exactly that text are on screen (search worker + paint), median and p95,
  next to the bare search time of the same queries in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time

QUERIES = ["the perfecton", "alison wiliams", "giallo year:1970-1979", "kubrik", "bong joon ho"]

STARTUP_PROBE = r"""
import time, asyncio
t0 = time.perf_counter()
from watchlist.services import open_services
from watchlist.tui.app import make_app
from watchlist.tui.screens.browse import BrowseScreen

async def main():
    app = make_app(open_services(), watch_external_changes=False)
    async with app.run_test(size=(100, 30)) as pilot:
        while not (isinstance(app.screen, BrowseScreen) and app.screen.shown_query == ""):
            await asyncio.sleep(0.001)
        print(time.perf_counter() - t0)

asyncio.run(main())
"""


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def startup(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", STARTUP_PROBE], capture_output=True, text=True, check=True
        )
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return times


async def keystrokes() -> tuple[list[float], list[float]]:
    """Per key: from the search box's Changed event to the first screen refresh after that
    query's results were put on screen (search worker + hand-over + list rebuild + paint).
    Pilot's own key delivery is left out: it waits for idle and is not what a person sees."""
    from watchlist.services import open_services
    from watchlist.tui.app import make_app
    from watchlist.tui.screens import browse

    painted: list[float] = []
    started: dict[str, float] = {}
    original_show = browse.BrowseScreen._show_results
    original_search = browse.BrowseScreen.run_search

    def search(self, query: str):
        started[query] = time.perf_counter()
        return original_search(self, query)

    def show(self, query, rows, summary) -> None:
        original_show(self, query, rows, summary)
        if query in started:
            began = started.pop(query)
            self.call_after_refresh(lambda: painted.append(time.perf_counter() - began))

    browse.BrowseScreen._show_results = show
    browse.BrowseScreen.run_search = search
    services = open_services()
    app = make_app(services, watch_external_changes=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for query in QUERIES:
            await pilot.press(*["backspace"] * 40)
            await pilot.pause()
            for char in query:
                await pilot.press(char if char != " " else "space")
                await pilot.pause(0.05)  # a fast typist: about 20 keys a second
        await pilot.pause(0.3)
    bare: list[float] = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            start = time.perf_counter()
            services.search.search(query[:end], limit=200)
            bare.append(time.perf_counter() - start)
    return painted, bare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ["WATCHLIST_HOME"] = home
        times = startup(args.runs)
        print(
            f"start-up to first usable screen, {args.runs} runs: "
            f"median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
            f"(target 500 ms)"
        )
        painted, bare = asyncio.run(keystrokes())
        print(
            f"keystroke -> results painted, {len(painted)} keys: "
            f"median {statistics.median(painted) * 1000:.1f} ms, "
            f"p95 {percentile(painted, 95) * 1000:.1f} ms"
        )
        print(
            f"bare search for the same prefixes: median {statistics.median(bare) * 1000:.2f} ms, "
            f"p95 {percentile(bare, 95) * 1000:.2f} ms"
        )


if __name__ == "__main__":
    main()
