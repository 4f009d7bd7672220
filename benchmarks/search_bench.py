"""Search per keystroke: the project's engine against the naive rapidfuzz baseline.

Usage: python benchmarks/search_bench.py [--queries 200] [--baseline-queries 40] [--seed 4]
                                         [--corpus bundled|wikipedia|both] [--strict]

A fixed, seeded set of queries (exact titles, prefixes, one- and two-edit typos of titles and
names, accent-free spellings) is typed one character at a time against the bundled catalog
and the Wikipedia set (../shared/data/wikipedia-movies.json.gz). For every keystroke the
search is timed; the finished query is checked for the intended film (hit@1, hit@10; for a
name, any film of that person). The baseline is `rapidfuzz.process.extract` with WRatio over
one string per title and per person. It costs ~75 ms a keystroke on the Wikipedia set, so it
is timed on the keystrokes of the first --baseline-queries queries (all of them on the
bundled catalog) and checked for hits on every query. Targets: p95 <= 2 ms (bundled) and
<= 5 ms (Wikipedia); hit@10 >= 95 % overall and on typos; >= 10x faster than the baseline
at p95. Absolute times drift between runs: compare within one run.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process, utils

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _wikipedia import WIKIPEDIA_FILE, load_wikipedia_films

from watchlist.catalog.bundled import load_bundled
from watchlist.catalog.model import Film
from watchlist.search import SearchEngine
from watchlist.text import fold

TYPO_KINDS = ("title typo 1", "title typo 2", "name typo 1", "name typo 2")
# Share of each query kind in the set.
MIX = {
    "exact title": 0.20,
    "title prefix": 0.15,
    "title typo 1": 0.20,
    "title typo 2": 0.10,
    "name typo 1": 0.15,
    "name typo 2": 0.10,
    "accent-free": 0.10,
}
TARGET_P95_MS = {"bundled": 2.0, "wikipedia": 5.0}
TARGET_HIT10 = 0.95
TARGET_SPEEDUP = 10.0
LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Query:
    kind: str
    text: str
    intended: frozenset[int]  # film numbers that count as a hit


@dataclass
class Outcome:
    times_ms: list[float]
    ranks: dict[str, list[int | None]]  # kind -> rank of the first intended film (0-based)


# -- the query set --------------------------------------------------------------------------


def make_queries(films: Sequence[Film], count: int, seed: int) -> list[Query]:
    """A seeded mix of queries with the films each one intends."""
    rng = random.Random(seed)
    by_title: dict[str, set[int]] = defaultdict(set)
    by_person: dict[str, set[int]] = defaultdict(set)
    for number, film in enumerate(films):
        by_title[fold(film.title)].add(number)
        for person in film.people:
            by_person[person].add(number)
    titles = sorted({film.title for film in films if len(fold(film.title)) >= 4})
    names = sorted(name for name in by_person if len(fold(name).split()) >= 2)
    accented = sorted(
        {text for text in [*titles, *names] if not text.isascii() and fold(text) != text.lower()}
    )

    def title_films(title: str) -> frozenset[int]:
        return frozenset(by_title[fold(title)])

    queries: list[Query] = []
    seen: set[str] = set()
    for kind, share in MIX.items():
        wanted = round(count * share)
        attempts = 0
        made = 0
        while made < wanted and attempts < wanted * 50:
            attempts += 1
            if kind == "accent-free":
                if not accented:
                    break
                source = rng.choice(accented)
                text = strip_accents(source).lower()
                intended = title_films(source) if source in titles else frozenset(by_person[source])
            elif kind.startswith("name"):
                source = rng.choice(names)
                text = typo(source.lower(), int(kind[-1]), rng)
                intended = frozenset(by_person[source])
            else:
                source = rng.choice(titles)
                intended = title_films(source)
                if kind == "exact title":
                    text = source
                elif kind == "title prefix":
                    if len(source) < 8:
                        continue
                    text = source[: rng.randint(max(6, len(source) * 6 // 10), len(source) - 1)]
                else:
                    text = typo(source.lower(), int(kind[-1]), rng)
            if not text or text in seen or (fold(text) in by_title and kind in TYPO_KINDS):
                continue  # a typo that is another real title is not a typo
            seen.add(text)
            queries.append(Query(kind, text, intended))
            made += 1
    return queries


def typo(text: str, edits: int, rng: random.Random) -> str:
    """`text` with `edits` random edits (never on the first letter): substitute, delete,
    insert or swap neighbours. Empty when the text is too short for that many."""
    if len(fold(text)) < 5 * edits:
        return ""
    chars = list(text)
    for _ in range(edits):
        letters = [i for i, ch in enumerate(chars) if i > 0 and ch.isalpha()]
        if not letters:
            return ""
        i = rng.choice(letters)
        op = rng.choice(("substitute", "delete", "insert", "swap"))
        if op == "substitute":
            chars[i] = rng.choice(LETTERS.replace(chars[i].lower(), ""))
        elif op == "delete":
            del chars[i]
        elif op == "insert":
            chars.insert(i, rng.choice(LETTERS))
        elif i + 1 < len(chars) and chars[i + 1] != chars[i]:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        else:
            chars[i] = rng.choice(LETTERS.replace(chars[i].lower(), ""))
    result = "".join(chars)
    return result if fold(result) != fold(text) else ""


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# -- the two searches -----------------------------------------------------------------------


def engine_search(films: Sequence[Film]) -> tuple[Callable[[str], list[int]], float]:
    """The project's search (and its build time in seconds), answering film numbers."""
    start = time.perf_counter()
    engine = SearchEngine(films)
    build = time.perf_counter() - start
    number = {film.id: i for i, film in enumerate(films)}

    def search(text: str) -> list[int]:
        return [number[hit.film.id] for hit in engine.search(text, limit=10).hits]

    return search, build


def baseline_search(films: Sequence[Film]) -> Callable[[str], list[int]]:
    """`process.extract` with WRatio over one string per title and per person."""
    choices: list[str] = []
    owners: list[list[int]] = []
    people: dict[str, list[int]] = defaultdict(list)
    for number, film in enumerate(films):
        choices.append(film.title)
        owners.append([number])
        for person in film.people:
            people[person].append(number)
    for person, numbers in people.items():
        choices.append(person)
        owners.append(numbers)

    def search(text: str) -> list[int]:
        found: list[int] = []
        hits = process.extract(
            text, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=10
        )
        for _, _, position in hits:
            found.extend(n for n in owners[position] if n not in found)
        return found[:10]

    return search


def run(search: Callable[[str], list[int]], queries: Sequence[Query], timed: int) -> Outcome:
    """Type the first `timed` queries key by key (timing each key); rank every final query."""
    outcome = Outcome([], defaultdict(list))
    search("warm up")
    gc.collect()
    for position, query in enumerate(queries):
        if position < timed:
            for end in range(1, len(query.text) + 1):
                start = time.perf_counter()
                found = search(query.text[:end])
                outcome.times_ms.append((time.perf_counter() - start) * 1000)
        else:
            found = search(query.text)
        rank = next((i for i, n in enumerate(found) if n in query.intended), None)
        outcome.ranks[query.kind].append(rank)
    return outcome


# -- report ---------------------------------------------------------------------------------


def hit_rate(ranks: list[int | None], within: int) -> float:
    return sum(1 for r in ranks if r is not None and r < within) / len(ranks) if ranks else 0.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report_line(name: str, outcome: Outcome) -> dict[str, float]:
    every = [r for ranks in outcome.ranks.values() for r in ranks]
    typos = [r for kind in TYPO_KINDS for r in outcome.ranks.get(kind, [])]
    figures = {
        "median": statistics.median(outcome.times_ms),
        "p95": percentile(outcome.times_ms, 0.95),
        "hit1": hit_rate(every, 1),
        "hit10": hit_rate(every, 10),
        "typo1": hit_rate(typos, 1),
        "typo10": hit_rate(typos, 10),
    }
    print(
        f"  {name:<22} {len(outcome.times_ms):>6} {figures['median']:>9.2f} {figures['p95']:>8.2f}"
        f" {figures['hit1']:>7.1%} {figures['hit10']:>7.1%}"
        f" {figures['typo1']:>8.1%} {figures['typo10']:>8.1%}"
    )
    return figures


def bench(name: str, films: Sequence[Film], args: argparse.Namespace) -> bool:
    queries = make_queries(films, args.queries, args.seed)
    search, build = engine_search(films)
    keystrokes = sum(len(q.text) for q in queries)
    print(
        f"\n{name}: {len(films):,} films, {len(queries)} queries, {keystrokes:,} keystrokes;"
        f" index build {build * 1000:.0f} ms"
    )
    ours = run(search, queries, len(queries))
    baseline_timed = len(queries) if name == "bundled" else min(args.baseline_queries, len(queries))
    naive = run(baseline_search(films), queries, baseline_timed)
    print(
        f"  {'method':<22} {'keys':>6} {'median ms':>9} {'p95 ms':>8} {'hit@1':>7} {'hit@10':>7}"
        f" {'typo@1':>8} {'typo@10':>8}"
    )
    mine = report_line("watchlist search", ours)
    theirs = report_line("process.extract WRatio", naive)
    kinds = "  ".join(f"{kind} {hit_rate(ranks, 10):.0%}" for kind, ranks in ours.ranks.items())
    print(f"  watchlist hit@10 by kind: {kinds}")
    speedup = theirs["p95"] / mine["p95"]
    print(f"  p95 ratio (baseline / watchlist): {speedup:.1f}x")
    checks = {
        f"p95 <= {TARGET_P95_MS[name]} ms": mine["p95"] <= TARGET_P95_MS[name],
        "hit@10 >= 95%": mine["hit10"] >= TARGET_HIT10,
        "typo hit@10 >= 95%": mine["typo10"] >= TARGET_HIT10,
        ">= 10x faster at p95": speedup >= TARGET_SPEEDUP,
    }
    print("  targets: " + ", ".join(f"{k} {'ok' if v else 'MISSED'}" for k, v in checks.items()))
    return all(checks.values())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=int, default=200, help="queries per corpus")
    parser.add_argument(
        "--baseline-queries",
        type=int,
        default=40,
        help="queries typed key by key for the slow baseline",
    )
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--corpus", choices=("bundled", "wikipedia", "both"), default="both")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    ok = True
    if args.corpus in ("bundled", "both"):
        ok &= bench("bundled", load_bundled(), args)
    if args.corpus in ("wikipedia", "both"):
        if WIKIPEDIA_FILE.exists():
            ok &= bench("wikipedia", load_wikipedia_films(), args)
        else:
            print(f"\nwikipedia: skipped, {WIKIPEDIA_FILE} not found")
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
