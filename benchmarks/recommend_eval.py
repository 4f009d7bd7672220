"""Offline evaluation and timing of the recommender on the Wikipedia film set.

Run from the repository root:

    python benchmarks/recommend_eval.py [--sample 2000] [--seed 7] [--data PATH]

Quality: for a seeded sample of films, hide the film's cast (and director: the Wikipedia
set has no director field, so only cast is hidden and only cast defines the truth), and
also strip its cast members' names from its summary text, then ask for ten films like it
from what is left (title, year, genres, summary). A hit is a top ten holding at least one
film that truly shares two or more cast members with it. Only films that have such a
neighbour are sampled. The project's recommender, a genre-only baseline and a random
baseline run on the same sample in the same run.

Speed: `more_like` on the whole set (median and p95 after the index is built) and
`for_you` with a 1,000-entry watchlist.

The data is read-only and used in memory only (the summaries are never written anywhere).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

from watchlist.catalog.model import Film
from watchlist.recommend import Recommender, WatchlistSignal
from watchlist.recommend.features import GROUPS
from watchlist.text import fold

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "wikipedia-movies.json.gz"
TOP = 10


def load_films(path: Path) -> list[Film]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = json.load(handle)
    return [
        Film(
            id=f"wiki-{i}",
            title=str(row.get("title") or "?"),
            original_title=None,
            year=row.get("year"),
            directors=(),
            cast=tuple(name for name in row.get("cast") or () if name),
            genres=tuple(row.get("genres") or ()),
            countries=(),
            runtime=None,
            tags=(),
            summary=str(row.get("extract") or ""),
        )
        for i, row in enumerate(rows)
    ]


def true_neighbours(films: list[Film]) -> tuple[list[set[str]], dict[str, list[int]]]:
    cast_sets = [{fold(name) for name in film.cast} - {""} for film in films]
    by_person: dict[str, list[int]] = defaultdict(list)
    for i, people in enumerate(cast_sets):
        for person in people:
            by_person[person].append(i)
    return cast_sets, by_person


def truth_for(i: int, cast_sets: list[set[str]], by_person: dict[str, list[int]]) -> set[int]:
    shared = Counter(j for person in cast_sets[i] for j in by_person[person] if j != i)
    return {j for j, count in shared.items() if count >= 2}


def hidden(film: Film) -> Film:
    """The film without its cast, and without its cast's names in the summary."""
    name_words = {word for name in film.cast for word in fold(name).split() if len(word) > 1}

    def keep(match: re.Match[str]) -> str:
        return "" if fold(match[0]) in name_words else match[0]

    summary = re.sub(r"[^\W\d_][\w'’.-]*", keep, film.summary)
    return replace(film, cast=(), directors=(), summary=summary)


def evaluate(films: list[Film], sample: list[int], truths: dict[int, set[int]], seed: int) -> None:
    ids = {film.id: i for i, film in enumerate(films)}
    started = time.perf_counter()
    recommender = Recommender(films)
    index = recommender.index
    print(
        f"index built in {time.perf_counter() - started:.1f}s: {index.films} films, "
        f"{len(index.keys)} features, {len(index.data)} non-zeros"
    )
    genre_only = Recommender(films, weights={g: (1.0 if g == "genre" else 0.0) for g in GROUPS})
    genre_index = genre_only.index
    rng = np.random.default_rng(seed)
    hits = Counter()
    found = Counter()
    n = len(films)
    for i in sample:
        truth = truths[i]
        query = hidden(films[i])
        picks = [ids[r.film.id] for r in recommender.more_like_film(query, limit=TOP)]
        tally("project recommender", picks, truth, hits, found)

        scores = genre_index.scores(*genre_index.vectorize(query))
        scores = scores + rng.random(n) * 1e-6  # ties in random order
        scores[i] = -np.inf
        tally("genre-only baseline", list(np.argsort(-scores)[:TOP]), truth, hits, found)

        others = rng.choice(n - 1, TOP, replace=False)
        tally("random baseline", [j + (j >= i) for j in others], truth, hits, found)
    print(
        f"\nhit@{TOP}: share of {len(sample)} sampled films whose top {TOP} holds a film that "
        "shares >= 2 cast members with it (cast hidden from the query)"
    )
    for name in ("project recommender", "genre-only baseline", "random baseline"):
        rate = hits[name] / len(sample)
        print(
            f"  {name:<22} {rate:6.1%}   (true neighbours found per film: "
            f"{found[name] / len(sample):.2f})"
        )
    ratio = hits["project recommender"] / max(hits["genre-only baseline"], 1)
    print(f"  project / genre-only: {ratio:.1f}x (target >= 2x)")


def tally(name: str, picks: list[int], truth: set[int], hits: Counter, found: Counter) -> None:
    matched = sum(1 for j in picks if int(j) in truth)
    hits[name] += matched > 0
    found[name] += matched


def time_it(call, runs: list) -> tuple[float, float]:
    times = []
    for argument in runs:
        started = time.perf_counter()
        call(argument)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def speed(films: list[Film], seed: int) -> None:
    rng = random.Random(seed)
    recommender = Recommender(films)
    started = time.perf_counter()
    recommender.index  # noqa: B018 - build the index before timing
    print(
        f"\nspeed on {len(films)} films (index build {time.perf_counter() - started:.1f}s, "
        "not included below)"
    )
    ids = [film.id for film in rng.sample(films, 300)]
    median, p95 = time_it(lambda film_id: recommender.more_like(film_id, limit=TOP), ids)
    print(
        f"  more_like:                      median {median:6.1f} ms   p95 {p95:6.1f} ms   "
        "(target 50 ms)"
    )
    watchlists = []
    for _ in range(30):
        signals = []
        for film in rng.sample(films, 1000):
            if rng.random() < 0.4:
                signals.append(WatchlistSignal(film.id, "want"))
            else:
                rating = rng.choice([None, 0.5, 1, 2, 2.5, 3, 3.5, 4, 4.5, 5])
                signals.append(WatchlistSignal(film.id, "seen", rating))
        watchlists.append(signals)
    median, p95 = time_it(lambda signals: recommender.for_you(signals, limit=TOP), watchlists)
    print(
        f"  for_you (1,000-entry watchlist): median {median:6.1f} ms   p95 {p95:6.1f} ms   "
        "(target 200 ms)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-speed", action="store_true")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"missing {args.data}: run beside ../shared", file=sys.stderr)
        return 1
    films = load_films(args.data)
    cast_sets, by_person = true_neighbours(films)
    truths = {i: truth_for(i, cast_sets, by_person) for i in range(len(films))}
    eligible = [i for i, truth in truths.items() if truth]
    sample = sorted(random.Random(args.seed).sample(eligible, min(args.sample, len(eligible))))
    print(
        f"{len(films)} films; {len(eligible)} have a film sharing >= 2 cast members; "
        f"sample {len(sample)} (seed {args.seed})"
    )
    evaluate(films, sample, truths, args.seed)
    if not args.skip_speed:
        speed(films, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
