"""Scale benchmark for big imported catalogs: import, start-up, search per keystroke.

Generate the input first (see imdb_generate.py), then:

    python benchmarks/catalog_scale.py /tmp/imdb-1m

Import runs as a child process (`python -m watchlist catalog import imdb DIR`) so its peak
memory (ru_maxrss of the child) and wall time are the real CLI's. Start-up is measured in a
fresh process: `load_catalog` plus a first `get` and `film_at`. Search runs only when
watchlist.search offers a way to open an index over the merged catalog (`open_engine`);
otherwise it prints "search: pending".

Targets: import of 1M titles + 3M people under 3 minutes and 2 GB; start-up under 1 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STARTUP = """
import time
t = time.perf_counter()
from watchlist.catalog.loader import load_catalog
catalog = load_catalog()
n = len(catalog)
catalog.film_at(n - 1)
catalog.get("tt0000001")
print(f"{n} {time.perf_counter() - t:.4f}")
"""


def run_import(folder: Path, home: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of the import child process."""
    env = os.environ | {"WATCHLIST_HOME": str(home)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "watchlist", "catalog", "import", "imdb", str(folder)],
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if result.returncode:
        sys.exit(f"import failed: {result.stderr.strip().splitlines()[-1:]}")
    print(result.stdout.strip())
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def startup(home: Path, runs: int = 5) -> list[float]:
    env = os.environ | {"WATCHLIST_HOME": str(home)}
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", STARTUP], env=env, capture_output=True, text=True, check=True
        ).stdout.split()
        times.append(float(out[1]))
    return times


def search(home: Path) -> None:
    os.environ["WATCHLIST_HOME"] = str(home)
    try:
        from watchlist.search.engine import open_engine  # type: ignore[attr-defined]
    except ImportError:
        print("search: pending (watchlist.search has no open_engine(catalog) yet)")
        return
    from rapidfuzz import fuzz, process, utils

    from watchlist.catalog.loader import load_catalog

    catalog = load_catalog()
    started = time.perf_counter()
    engine = open_engine(catalog)
    print(f"search index open: {time.perf_counter() - started:.2f} s")
    queries = ["the perfecton", "allison wiliams", "profondo rosso", "troy martin", "act thirt"]
    fast, naive = [], []
    labels = [f"{film.title} ({film.year})" for film in catalog]
    for query in queries:
        for end in range(1, len(query) + 1):
            started = time.perf_counter()
            engine.search(query[:end])
            fast.append(time.perf_counter() - started)
    for query in queries[:2]:
        for end in range(3, len(query) + 1, 4):
            started = time.perf_counter()
            process.extract(
                query[:end], labels, scorer=fuzz.WRatio, processor=utils.default_process, limit=10
            )
            naive.append(time.perf_counter() - started)
    fast.sort()
    print(
        f"search per keystroke: median {statistics.median(fast) * 1000:.1f} ms, "
        f"p95 {fast[int(len(fast) * 0.95)] * 1000:.1f} ms; "
        f"naive process.extract median {statistics.median(naive) * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="IMDb-format TSVs (imdb_generate.py --out)")
    parser.add_argument("--home", type=Path, help="data home to import into (default: a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="watchlist-scale-") as temp:
        home = args.home or Path(temp)
        seconds, peak = run_import(args.folder, home)
        size = (home / "catalog.sqlite").stat().st_size / 1e6
        print(f"import: {seconds:.1f} s wall, peak RSS {peak:.0f} MB, catalog.sqlite {size:.0f} MB")
        times = startup(home)
        print(
            f"start-up (load_catalog + first look-ups, fresh process): "
            f"median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms"
        )
        search(home)


if __name__ == "__main__":
    main()
