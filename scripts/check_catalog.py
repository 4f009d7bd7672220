"""Check bundled catalog files: schema, summary length, duplicates, and facts against Wikipedia.

Usage: python scripts/check_catalog.py [FILE.json ...]   (default: every bundled file)
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import defaultdict
from pathlib import Path

from watchlist.catalog.bundled import SUMMARY_WORDS, bundled_files, read_film_file
from watchlist.text import fold, word_count

WIKIPEDIA = Path(__file__).resolve().parents[1].parent / "shared/data/wikipedia-movies.json.gz"


def wikipedia_cast_index() -> dict[str, list[tuple[int, set[str]]]]:
    index: dict[str, list[tuple[int, set[str]]]] = defaultdict(list)
    with gzip.open(WIKIPEDIA, "rt", encoding="utf-8") as handle:
        for row in json.load(handle):
            cast = {fold(name) for name in row.get("cast") or []}
            index[fold(row["title"])].append((row.get("year") or 0, cast))
    return index


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or bundled_files()
    problems: list[str] = []
    films = []
    for path in paths:
        try:
            films.extend(read_film_file(path))
        except Exception as error:
            problems.append(str(error))
    ids: dict[str, int] = defaultdict(int)
    for film in films:
        ids[film.id] += 1
        words = word_count(film.summary)
        if not SUMMARY_WORDS[0] <= words <= SUMMARY_WORDS[1]:
            problems.append(f"{film.id}: summary has {words} words")
        if not film.directors or not film.cast or not film.genres or not film.tags:
            problems.append(f"{film.id}: directors, cast, genres and tags must not be empty")
    problems += [f"{film_id}: duplicate id" for film_id, n in ids.items() if n > 1]
    wiki = wikipedia_cast_index()
    checked = 0
    for film in films:
        for year, cast in wiki.get(fold(film.title), []):
            if film.year and abs(year - film.year) <= 1 and cast:
                checked += 1
                if not cast & {fold(name) for name in film.cast}:
                    problems.append(
                        f"{film.id}: no cast name in common with Wikipedia's {sorted(cast)[:6]}"
                    )
    print(f"{len(films)} films, {checked} cross-checked against Wikipedia")
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
