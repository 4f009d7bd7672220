"""Time the analysis of the seed review (issue 7 target: under 200 ms).

Usage: python benchmarks/review_bench.py [RUNS]

Reads ../shared/data/reviews/the-perfection.txt (beside the repo), builds the catalog index
once (reported separately, as the app pays it once per process), then times the full
`analyse` (sentences, film detection, people, influences, verdict, summary) RUNS times.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from watchlist.catalog.loader import load_catalog
from watchlist.reviews.analysis import analyse
from watchlist.reviews.index import index_for
from watchlist.reviews.reading import review_text

SEED = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "reviews"
    / "the-perfection.txt"
)
TARGET_MS = 200.0


def main(runs: int = 200) -> int:
    if not SEED.exists():
        print(f"seed review not found at {SEED}", file=sys.stderr)
        return 1
    catalog = load_catalog()
    start = time.perf_counter()
    index_for(catalog)
    index_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    text, _ = review_text(SEED.read_bytes(), SEED.name, SEED.suffix)
    first = analyse(text, catalog)
    first_ms = (time.perf_counter() - start) * 1000
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        text, _ = review_text(SEED.read_bytes(), SEED.name, SEED.suffix)
        analyse(text, catalog)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    median = statistics.median(timings)
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    print(f"catalog: {len(catalog)} films; review: {len(text.split())} words -> {first.film.id}")
    print(f"index build (once per process): {index_ms:.1f} ms; first analysis: {first_ms:.1f} ms")
    print(f"analysis over {runs} runs: median {median:.1f} ms, p95 {p95:.1f} ms")
    verdict = "OK" if p95 < TARGET_MS else "OVER"
    print(f"target < {TARGET_MS:.0f} ms: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
