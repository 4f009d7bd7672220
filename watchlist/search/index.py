"""The candidate index: trigram postings over every searchable string, as flat numpy arrays.

An *entry* is one distinct searchable string of one kind: a title, an original title, a
director, a cast member, a tag or a genre (folded: lower-case, no accents, no punctuation).
Each entry points to the films it belongs to (by catalog *position*). Everything the look-ups
need is a numpy array in CSR form (a `*_ptr` offsets array plus a flat values array), so the
index can be saved with `numpy.save` and memory-mapped (see persist.py). The entry strings
live in a `StringTable`: a Python list for an index built in memory, or one UTF-8 blob plus
offsets for a saved one, decoded only for the candidates rapidfuzz re-ranks.

- trigrams: every 3-character window of " text " -> the entries containing it;
- prefixes: every 1- and 2-character word start -> the entries having it, because trigrams
  cannot serve a query of one or two characters (most popular entries first);
- priors: a popularity bucket (0-255, log of the vote count) per film and per entry (the
  best of its films), to rank prefixes and candidates at a million titles.
"""

from __future__ import annotations

import mmap
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import Protocol

import numpy as np

from watchlist.catalog.model import Film
from watchlist.search.folding import fast_fold

ALPHABET = " 0123456789abcdefghijklmnopqrstuvwxyz"
_BASE = len(ALPHABET)  # 37
N_TRIGRAMS = _BASE**3
N_PREFIXES = _BASE + _BASE * _BASE  # one-character codes first, then two-character codes
#: A trigram in more than this share of the entries says little about a match; look-ups
#: skip it unless every trigram of the query is that common.
COMMON_TRIGRAM_SHARE = 0.05
#: Popularity buckets: log1p(votes) / log1p(PRIOR_FULL_VOTES), as 0..255.
PRIOR_FULL_VOTES = 1_000_000
#: A 1-2 character look-up considers at most this many entries (entries starting with the
#: prefix first, then by popularity): at a million titles "t" starts half the catalog.
PREFIX_LIMIT = 20_000
#: ... and stops once its entries reach this many films (see `prefix_lookup`).
PREFIX_FILMS = 60_000
#: A free-text match of one entry reaches at most this many of its films (the most popular:
#: an entry's films are stored most popular first), so "drama" costs the same at 1M films.
#: Filters (`genre:drama`) always reach every film.
ENTRY_FILMS_LIMIT = 50_000
#: A trigram look-up gathering more postings than this drops its most common trigrams
#: (keeping at least half of them, rarest first): long phrases stay fast at a million titles.
POSTINGS_BUDGET = 150_000

# Byte -> alphabet code; anything else (the separator between entries) is -1.
_CODES = np.full(256, -1, dtype=np.int16)
for _code, _char in enumerate(ALPHABET):
    _CODES[ord(_char)] = _code
_SEPARATOR = "\n"


class Kind(IntEnum):
    """What an entry is; the order is the order reasons are listed in."""

    TITLE = 0
    ORIGINAL = 1
    DIRECTOR = 2
    CAST = 3
    TAG = 4
    GENRE = 5


#: How each kind is named in a hit's reasons ("dir: Richard Shepard").
KIND_LABELS = ("title", "original title", "dir", "cast", "tag", "genre")
PERSON_KINDS = (Kind.DIRECTOR, Kind.CAST)


def trigram_codes(text: str) -> np.ndarray:
    """The distinct trigram codes of a folded string (padding is the caller's choice)."""
    # Plain Python: a query is a few dozen characters, too short to pay numpy's overheads.
    codes = [ALPHABET.find(char) for char in text]
    grams = {
        (a * _BASE + b) * _BASE + c
        for a, b, c in zip(codes, codes[1:], codes[2:], strict=False)
        if a >= 0 and b >= 0 and c >= 0
    }
    return np.array(sorted(grams), dtype=np.int64)


def prefix_code(text: str) -> int | None:
    """The prefix-table code of a folded one- or two-character string."""
    codes = [ALPHABET.find(char) for char in text]
    if not 1 <= len(codes) <= 2 or min(codes) <= 0:
        return None
    return codes[0] if len(codes) == 1 else _BASE + codes[0] * _BASE + codes[1]


class StringTable(Protocol):
    """Entry strings by entry number."""

    def __len__(self) -> int: ...
    def __getitem__(self, entry: int) -> str: ...
    def take(self, entries: np.ndarray) -> list[str]: ...


class ListStrings:
    """Strings held in memory (an index built in this process)."""

    def __init__(self, strings: list[str]) -> None:
        self.strings = strings
        self._array = _object_array(strings)

    def __len__(self) -> int:
        return len(self.strings)

    def __getitem__(self, entry: int) -> str:
        return self.strings[entry]

    def take(self, entries: np.ndarray) -> list[str]:
        return self._array[entries].tolist()


class BlobStrings:
    """Strings as slices `starts[i]:ends[i]` of one UTF-8 blob (bytes or a memory map)."""

    def __init__(self, blob: bytes | mmap.mmap, starts: np.ndarray, ends: np.ndarray) -> None:
        self.blob = blob
        self.starts = starts
        self.ends = ends

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, entry: int) -> str:
        return self.blob[int(self.starts[entry]) : int(self.ends[entry])].decode()

    def take(self, entries: np.ndarray) -> list[str]:
        blob = self.blob
        return [
            blob[start:end].decode()
            for start, end in zip(
                self.starts[entries].tolist(), self.ends[entries].tolist(), strict=True
            )
        ]


@dataclass(eq=False)
class SearchIndex:
    """Flat arrays over a catalog; film numbers are catalog positions."""

    n_films: int
    film_years: np.ndarray  # int16 per film, 0 when unknown
    film_prior: np.ndarray  # uint8 per film: popularity bucket
    entry_kind: np.ndarray  # uint8 per entry (a Kind)
    entry_len: np.ndarray  # int32 per entry: length of the folded text
    entry_prior: np.ndarray  # uint8 per entry: the best popularity bucket of its films
    entry_text: StringTable  # folded text per entry (ASCII)
    entry_tail: StringTable  # last word of a person's name, else the folded text
    entry_display: StringTable  # the text as first seen in the catalog
    entry_film_ptr: np.ndarray  # int64, n_entries + 1
    entry_films: np.ndarray  # int32 film numbers
    gram_ptr: np.ndarray  # int64, N_TRIGRAMS + 1
    gram_entries: np.ndarray  # int32 entry numbers
    gram_common: np.ndarray  # bool per trigram
    prefix_ptr: np.ndarray  # int64, N_PREFIXES + 1
    prefix_entries: np.ndarray  # int32 entry numbers
    prefix_at_start: np.ndarray  # bool: the entry itself starts with the prefix

    @property
    def n_entries(self) -> int:
        return len(self.entry_kind)

    # -- look-ups -------------------------------------------------------------------------

    def trigram_candidates(self, text: str, limit: int) -> np.ndarray:
        """Up to `limit` entries sharing the most trigrams with " text" (a folded query)."""
        grams = trigram_codes(" " + text)
        if not len(grams):
            return np.empty(0, dtype=np.int32)
        rare = grams[~self.gram_common[grams]]
        if len(rare):
            grams = rare
        starts, ends = self.gram_ptr[grams], self.gram_ptr[grams + 1]
        sizes = ends - starts
        total = int(sizes.sum())
        if total == 0:
            return np.empty(0, dtype=np.int32)
        if not len(rare) and total > POSTINGS_BUDGET and prefix_code(text[:2]) is not None:
            # Only very common trigrams ("the"): the entries with a word starting like the
            # query, those starting with it and the popular first, are the candidates.
            return self.prefix_lookup(text[:2], limit)[0].astype(np.int32)
        if total > POSTINGS_BUDGET and len(grams) > 4:
            order = np.argsort(sizes, kind="stable")
            within = int(np.searchsorted(np.cumsum(sizes[order]), POSTINGS_BUDGET, side="right"))
            keep = np.sort(order[: max(within, (len(grams) + 1) // 2, 4)])
            starts, ends = starts[keep], ends[keep]
        postings = np.concatenate(
            [self.gram_entries[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
        )
        if len(postings) <= limit:
            return _unique(postings)
        if len(postings) * 4 < self.n_entries:
            # Sorting the postings beats counting over every entry of a big index.
            hit, counts = _counted(postings)
        else:
            all_counts = np.bincount(postings, minlength=self.n_entries)
            hit = np.flatnonzero(all_counts)
            counts = all_counts[hit]
        if len(hit) <= limit:
            return hit.astype(np.int32)
        # Only entries sharing at least as many trigrams as the limit-th best can make it.
        per_count = np.bincount(counts)
        at_least = np.cumsum(per_count[::-1])[::-1]  # entries with count >= c
        floor = int(np.flatnonzero(at_least >= limit)[-1])
        keep = counts >= floor
        hit, counts = hit[keep], counts[keep]
        if len(hit) <= limit:
            return hit.astype(np.int32)
        # Most shared trigrams first; among equals, more popular, then shorter entries.
        rank = (
            (counts.astype(np.int64) << 16)
            | (self.entry_prior[hit].astype(np.int64) << 8)
            | (255 - np.minimum(self.entry_len[hit], 255))
        )
        best = np.argpartition(-rank, limit - 1)[:limit]
        return hit[best].astype(np.int32)

    def prefix_lookup(
        self, text: str, limit: int = PREFIX_LIMIT, films: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Entries with a word starting with a 1-2 character `text`, and whether the entry
        itself starts with it: those first, then by popularity; at most `limit` entries,
        and with `films`, only as many as reach that many films (each counted up to
        ENTRY_FILMS_LIMIT)."""
        code = prefix_code(text)
        if code is None:
            return np.empty(0, dtype=np.int32), np.empty(0, dtype=bool)
        start, end = int(self.prefix_ptr[code]), int(self.prefix_ptr[code + 1])
        end = min(end, start + limit)
        entries = self.prefix_entries[start:end]
        if films is not None and len(entries):
            reach = np.minimum(
                self.entry_film_ptr[entries + 1] - self.entry_film_ptr[entries], ENTRY_FILMS_LIMIT
            )
            end = start + max(1, int(np.searchsorted(np.cumsum(reach), films, side="right")))
            entries = self.prefix_entries[start:end]
        return entries, self.prefix_at_start[start:end]

    def expand(
        self, entries: np.ndarray, scores: np.ndarray, films_limit: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per film: the best score of its entries among `entries`, and that entry (-1: none).
        With `films_limit`, each entry reaches only that many of its (most popular) films."""
        film_score = np.zeros(self.n_films, dtype=np.float32)
        film_entry = np.full(self.n_films, -1, dtype=np.int32)
        if not len(entries):
            return film_score, film_entry
        starts = self.entry_film_ptr[entries]
        counts = self.entry_film_ptr[entries + 1] - starts
        if films_limit is not None:
            counts = np.minimum(counts, films_limit)
        total = int(counts.sum())
        scores = scores.astype(np.float32, copy=False)
        if total == len(entries):  # one film each (every entry has at least one)
            films, posting_scores, posting_entries = self.entry_films[starts], scores, entries
        else:
            # Gather the CSR slices of all entries at once: offset of each posting.
            shift = np.repeat(starts - (np.cumsum(counts) - counts), counts)
            films = self.entry_films[shift + np.arange(total)]
            posting_scores = np.repeat(scores, counts)
            posting_entries = np.repeat(entries, counts)
        np.maximum.at(film_score, films, posting_scores)
        winners = posting_scores >= film_score[films]
        film_entry[films[winners]] = posting_entries[winners]
        return film_score, film_entry

    def reason(self, entry: int, film: Film) -> str:
        """A hit's reason for entry number `entry`: "cast: Allison Williams"."""
        kind = int(self.entry_kind[entry])
        if kind == Kind.TITLE:
            return f"title: {film.title}"
        if kind == Kind.ORIGINAL and film.original_title:
            return f"original title: {film.original_title}"
        return f"{KIND_LABELS[kind]}: {self.entry_display[entry]}"


def popularity_prior(votes: np.ndarray) -> np.ndarray:
    """Vote counts -> popularity buckets 0..255 (log scale, full at PRIOR_FULL_VOTES)."""
    scaled = np.log1p(np.maximum(votes, 0).astype(np.float64)) / np.log1p(PRIOR_FULL_VOTES)
    return np.rint(255 * np.clip(scaled, 0.0, 1.0)).astype(np.uint8)


def build_index(films: Iterable[Film], popularity: np.ndarray | None = None) -> SearchIndex:
    """Index every title, original title, person, tag and genre of `films` (streamed once,
    in position order); `popularity` holds vote counts per position (default: none)."""
    texts: list[str] = []
    displays: list[str] = []
    kinds = array("B")
    pair_entries = array("i")
    pair_films = array("i")
    years = array("h")
    # Per kind: folded text -> entry, and the raw string -> entry (skips folding repeats).
    by_folded: list[dict[str, int]] = [{} for _ in Kind]
    by_raw: list[dict[str, int]] = [{} for _ in Kind]

    def entry_of(kind: int, raw: str) -> int:
        folded = fast_fold(raw)
        if not folded:
            entry = -1
        else:
            entry = by_folded[kind].get(folded, -1)
            if entry < 0:
                entry = by_folded[kind][folded] = len(texts)
                texts.append(folded)
                displays.append(raw)
                kinds.append(kind)
        by_raw[kind][raw] = entry
        return entry

    number = -1
    for number, film in enumerate(films):
        years.append(film.year or 0)
        strings: list[tuple[int, str]] = [(Kind.TITLE, film.title)]
        if film.original_title and fast_fold(film.original_title) != fast_fold(film.title):
            strings.append((Kind.ORIGINAL, film.original_title))
        strings += [(Kind.DIRECTOR, name) for name in film.directors]
        strings += [(Kind.CAST, name) for name in film.cast]
        strings += [(Kind.TAG, tag) for tag in film.tags]
        strings += [(Kind.GENRE, genre) for genre in film.genres]
        for kind, raw in strings:
            entry = by_raw[kind].get(raw)
            if entry is None:
                entry = entry_of(kind, raw)
            if entry >= 0:
                pair_entries.append(entry)
                pair_films.append(number)
    for lookup in (*by_folded, *by_raw):  # free the memory before the numpy work
        lookup.clear()
    n_films = number + 1
    if popularity is None:
        popularity = np.zeros(n_films, dtype=np.int64)
    if len(popularity) != n_films:
        raise ValueError(f"popularity has {len(popularity)} values for {n_films} films")
    film_prior = popularity_prior(popularity)

    n_entries = len(texts)
    entry_kind = np.frombuffer(kinds, dtype=np.uint8).copy()
    entry_len = np.fromiter((len(t) for t in texts), dtype=np.int32, count=n_entries)
    entry_film_ptr, entry_films = _csr(
        np.frombuffer(pair_entries, dtype=np.int32).astype(np.int64),
        np.frombuffer(pair_films, dtype=np.int32),
        n_entries,
    )
    del pair_entries, pair_films
    entry_prior = np.zeros(n_entries, dtype=np.uint8)
    if n_entries:
        entry_prior = np.maximum.reduceat(film_prior[entry_films], entry_film_ptr[:-1])
        if film_prior.any():  # each entry's films, most popular first (then by position)
            owner = np.repeat(np.arange(n_entries, dtype=np.int64), np.diff(entry_film_ptr))
            order = np.lexsort((entry_films, 255 - film_prior[entry_films], owner))
            entry_films = entry_films[order]
            del owner, order
    tails = [
        text.rsplit(" ", 1)[-1] if kind in PERSON_KINDS else text
        for text, kind in zip(texts, kinds, strict=True)
    ]
    gram_ptr, gram_entries, gram_common = _trigrams(texts, entry_len)
    prefix_ptr, prefix_entries, prefix_at_start = _prefixes(texts, entry_len, entry_prior)

    return SearchIndex(
        n_films=n_films,
        film_years=np.frombuffer(years, dtype=np.int16).copy(),
        film_prior=film_prior,
        entry_kind=entry_kind,
        entry_len=entry_len,
        entry_prior=entry_prior.astype(np.uint8),
        entry_text=ListStrings(texts),
        entry_tail=ListStrings(tails),
        entry_display=ListStrings(displays),
        entry_film_ptr=entry_film_ptr,
        entry_films=entry_films,
        gram_ptr=gram_ptr,
        gram_entries=gram_entries,
        gram_common=gram_common,
        prefix_ptr=prefix_ptr,
        prefix_entries=prefix_entries,
        prefix_at_start=prefix_at_start,
    )


def _codes(texts: list[str], entry_len: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All entries as one " text " blob of alphabet codes (-1 between entries), the entry
    owning each byte, and where each entry starts."""
    n_entries = len(texts)
    padded_lengths = entry_len.astype(np.int64) + 3
    blob = _SEPARATOR.join(f" {t} " for t in texts) + _SEPARATOR
    codes = _CODES[np.frombuffer(blob.encode("ascii"), dtype=np.uint8)].astype(np.int32)
    owner = np.repeat(np.arange(n_entries, dtype=np.int32), padded_lengths)
    offsets = np.cumsum(padded_lengths) - padded_lengths
    return codes, owner, offsets


def _trigrams(texts: list[str], entry_len: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n_entries = len(texts)
    codes, owner, _ = _codes(texts, entry_len)
    c0, c1, c2 = codes[:-2], codes[1:-1], codes[2:]
    valid = (c0 >= 0) & (c1 >= 0) & (c2 >= 0)
    grams = (c0 * _BASE * _BASE + c1 * _BASE + c2)[valid].astype(np.int64)
    gram_ptr, gram_entries = _csr(grams, owner[:-2][valid], N_TRIGRAMS)
    document_frequency = np.diff(gram_ptr)
    gram_common = document_frequency > max(1.0, COMMON_TRIGRAM_SHARE * n_entries)
    return gram_ptr, gram_entries, gram_common


def _prefixes(
    texts: list[str], entry_len: np.ndarray, entry_prior: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n_entries = len(texts)
    codes, owner, offsets = _codes(texts, entry_len)
    c0, c1 = codes[:-2], codes[1:-1]
    # Word starts: a letter or digit right after a space.
    position = np.flatnonzero((c0 == 0) & (c1 > 0)) + 1
    at_start = (position - offsets[owner[position]]) == 1
    one = codes[position].astype(np.int64)
    second = codes[position + 1].astype(np.int64)
    has_two = second > 0
    prefix_codes = np.concatenate([one, _BASE + one[has_two] * _BASE + second[has_two]])
    prefix_owner = owner[position].astype(np.int64)
    prefix_owner = np.concatenate([prefix_owner, prefix_owner[has_two]])
    prefix_start = np.concatenate([at_start, at_start[has_two]])
    del codes, owner, offsets, position, one, second
    # One row per (prefix, entry), preferring the "entry starts with it" row; within a
    # prefix, entries that start with it come first, then the more popular, then by entry.
    rows = _unique(((prefix_codes * max(n_entries, 1) + prefix_owner) << 1) | ~prefix_start)
    first = np.ones(len(rows), dtype=bool)
    first[1:] = (rows[1:] >> 1) != (rows[:-1] >> 1)
    rows = rows[first]
    n = max(n_entries, 1)
    pair_code, pair_owner, later = (rows >> 1) // n, (rows >> 1) % n, rows & 1
    popular = 255 - entry_prior[pair_owner].astype(np.int64)
    order = np.argsort((pair_code * 2 + later) * 256 + popular, kind="stable")
    prefix_ptr = _ptr(pair_code[order], N_PREFIXES)
    return prefix_ptr, pair_owner[order].astype(np.int32), later[order] == 0


def _ptr(sorted_keys: np.ndarray, size: int) -> np.ndarray:
    """CSR offsets for values whose keys are sorted."""
    ptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(sorted_keys, minlength=size), out=ptr[1:])
    return ptr


def _csr(keys: np.ndarray, values: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (key, value) pairs as CSR: offsets by key, values sorted within a key."""
    width = int(values.max()) + 1 if len(values) else 1
    pairs = _unique(keys.astype(np.int64) * width + values)
    return _ptr(pairs // width, size), (pairs % width).astype(np.int32)


def _unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (sort-based: numpy's hash-based unique is slower here)."""
    values = np.sort(values)
    keep = np.ones(len(values), dtype=bool)
    keep[1:] = values[1:] != values[:-1]
    return values[keep]


def _counted(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values (sorted) and how often each occurs."""
    values = np.sort(values)
    bounds = np.empty(len(values) + 1, dtype=bool)
    bounds[0] = bounds[-1] = True
    np.not_equal(values[1:], values[:-1], out=bounds[1:-1])
    edges = np.flatnonzero(bounds)
    return values[edges[:-1]], np.diff(edges)


def _object_array(strings: list[str]) -> np.ndarray:
    array = np.empty(len(strings), dtype=object)
    array[:] = strings
    return array
