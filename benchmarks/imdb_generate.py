"""Write IMDb-format dataset files (gzipped TSVs) of N titles and M people for scale tests.

Titles and names are synthetic but realistic: title words and first/last names are drawn
with the frequencies they have in ../shared/data/wikipedia-movies.json.gz (read at run time;
nothing from it is stored in the repo). Output is deterministic for a given seed.

    python benchmarks/imdb_generate.py --titles 1000000 --people 3000000 --out /tmp/imdb-1m
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
WIKIPEDIA = ROOT.parent / "shared" / "data" / "wikipedia-movies.json.gz"
GENRES = (
    "Drama", "Comedy", "Documentary", "Romance", "Action", "Thriller", "Crime", "Horror",
    "Adventure", "Family", "Mystery", "Fantasy", "Sci-Fi", "Animation", "Biography", "Music",
    "History", "War", "Western", "Musical", "Sport", "Film-Noir",
)  # fmt: skip
#: titleType shares: most rows are feature films, the rest is what an importer must skip.
TYPES = (("movie", 0.88), ("tvMovie", 0.04), ("short", 0.04), ("tvSeries", 0.02), ("video", 0.02))
CHUNK = 50_000


def vocabulary(
    path: Path,
) -> tuple[list[str], np.ndarray, list[str], np.ndarray, list[str], np.ndarray]:
    """Title words, first names and last names with their probabilities."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = json.load(handle)
    words: Counter[str] = Counter()
    firsts: Counter[str] = Counter()
    lasts: Counter[str] = Counter()
    for record in records:
        words.update(str(record.get("title") or "").split())
        for name in record.get("cast") or []:
            parts = str(name).split()
            if len(parts) >= 2:
                firsts[parts[0]] += 1
                lasts[parts[-1]] += 1

    def table(counter: Counter[str]) -> tuple[list[str], np.ndarray]:
        items = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
        tokens = [token.replace("\t", " ") for token, _ in items]
        counts = np.array([count for _, count in items], dtype=np.float64)
        return tokens, counts / counts.sum()

    return (*table(words), *table(firsts), *table(lasts))


def write_lines(handle: gzip.GzipFile, lines: list[str]) -> None:
    handle.write(("\n".join(lines) + "\n").encode("utf-8"))
    lines.clear()


def generate(titles: int, people: int, out: Path, seed: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    word_list, word_p, first_list, first_p, last_list, last_p = vocabulary(WIKIPEDIA)
    started = time.monotonic()

    def gz(name: str) -> gzip.GzipFile:
        return gzip.GzipFile(out / name, "wb", compresslevel=1, mtime=0)

    # name.basics
    with gz("name.basics.tsv.gz") as handle:
        handle.write(
            b"nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles\n"
        )
        lines: list[str] = []
        for start in range(0, people, CHUNK):
            size = min(CHUNK, people - start)
            first = rng.choice(len(first_list), size=size, p=first_p)
            last = rng.choice(len(last_list), size=size, p=last_p)
            born = rng.integers(1880, 2005, size=size)
            for offset in range(size):
                lines.append(
                    f"nm{start + offset + 1:07d}\t{first_list[first[offset]]} "
                    f"{last_list[last[offset]]}\t{born[offset]}\t\\N\tactor\t\\N"
                )
            write_lines(handle, lines)
    print(f"name.basics: {people:,} people ({time.monotonic() - started:.0f} s)")

    kinds = np.array([kind for kind, _ in TYPES])
    kind_p = np.array([share for _, share in TYPES])
    with (
        gz("title.basics.tsv.gz") as basics,
        gz("title.principals.tsv.gz") as principals,
        gz("title.crew.tsv.gz") as crew,
        gz("title.ratings.tsv.gz") as ratings,
    ):
        basics.write(
            b"tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear"
            b"\truntimeMinutes\tgenres\n"
        )
        principals.write(b"tconst\tordering\tnconst\tcategory\tjob\tcharacters\n")
        crew.write(b"tconst\tdirectors\twriters\n")
        ratings.write(b"tconst\taverageRating\tnumVotes\n")
        b_lines: list[str] = []
        p_lines: list[str] = []
        c_lines: list[str] = []
        r_lines: list[str] = []
        for start in range(0, titles, CHUNK):
            size = min(CHUNK, titles - start)
            lengths = rng.choice(5, size=size, p=[0.25, 0.3, 0.25, 0.12, 0.08]) + 1
            words = rng.choice(len(word_list), size=int(lengths.sum()), p=word_p)
            ends = np.cumsum(lengths)
            type_of = rng.choice(kinds, size=size, p=kind_p)
            years = rng.integers(1900, 2025, size=size)
            runtimes = rng.integers(60, 180, size=size)
            genre_count = rng.integers(1, 4, size=size)
            genre_pick = rng.integers(0, len(GENRES), size=(size, 3))
            actors = rng.integers(2, 9, size=size)
            # Popular people appear in many films: a skewed pick over all people.
            cast_pick = (people * rng.random((size, 10)) ** 2).astype(np.int64) + 1
            director_pick = (people * rng.random(size) ** 1.5).astype(np.int64) + 1
            writer_pick = rng.integers(1, people + 1, size=size)
            has_rating = rng.random(size) < 0.7
            votes = np.exp(rng.normal(4.0, 2.0, size=size)).astype(np.int64) + 5
            rating = rng.integers(10, 100, size=size) / 10
            foreign = rng.random(size) < 0.05
            for i in range(size):
                tconst = f"tt{start + i + 1:07d}"
                title = " ".join(word_list[w] for w in words[ends[i] - lengths[i] : ends[i]])
                original = title
                if foreign[i]:
                    original = " ".join(reversed(title.split()))
                genres = ",".join(sorted({GENRES[g] for g in genre_pick[i, : genre_count[i]]}))
                b_lines.append(
                    f"{tconst}\t{type_of[i]}\t{title}\t{original}\t0\t{years[i]}\t\\N"
                    f"\t{runtimes[i]}\t{genres}"
                )
                ordering = 0
                for a in range(actors[i]):
                    ordering += 1
                    category = "actor" if cast_pick[i, a] % 2 else "actress"
                    p_lines.append(
                        f"{tconst}\t{ordering}\tnm{cast_pick[i, a]:07d}\t{category}\t\\N\t\\N"
                    )
                ordering += 1
                p_lines.append(
                    f"{tconst}\t{ordering}\tnm{director_pick[i]:07d}\tdirector\t\\N\t\\N"
                )
                ordering += 1
                p_lines.append(
                    f"{tconst}\t{ordering}\tnm{writer_pick[i]:07d}\twriter\tscreenplay\t\\N"
                )
                c_lines.append(f"{tconst}\tnm{director_pick[i]:07d}\tnm{writer_pick[i]:07d}")
                if has_rating[i]:
                    r_lines.append(f"{tconst}\t{rating[i]:.1f}\t{votes[i]}")
            write_lines(basics, b_lines)
            write_lines(principals, p_lines)
            write_lines(crew, c_lines)
            write_lines(ratings, r_lines)
    print(f"titles: {titles:,} in {out} ({time.monotonic() - started:.0f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--titles", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=300_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=20_240_601)
    args = parser.parse_args()
    generate(args.titles, args.people, args.out, args.seed)


if __name__ == "__main__":
    main()
