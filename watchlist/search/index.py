"""The candidate index: trigram postings over every searchable string, as flat numpy arrays.

An *entry* is one distinct searchable string of one kind: a title, an original title, a
director, a cast member, a tag or a genre (folded: lower-case, no accents, no punctuation).
Each entry points to the films it belongs to. Everything the look-ups need is a numpy array
in CSR form (a `*_ptr` offsets array plus a flat values array), so the index can later be
saved with `numpy.save` and memory-mapped; the only Python lists are the entry strings, which
rapidfuzz needs as `str`.

- trigrams: every 3-character window of " text " -> the entries containing it;
- prefixes: every 1- and 2-character word start -> the entries having it, because trigrams
  cannot serve a query of one or two characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

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


@dataclass(eq=False)
class SearchIndex:
    """Flat arrays over a film sequence; film numbers are positions in that sequence."""

    n_films: int
    film_years: np.ndarray  # int16 per film, 0 when unknown
    entry_kind: np.ndarray  # uint8 per entry (a Kind)
    entry_len: np.ndarray  # int32 per entry: length of the folded text
    entry_text: list[str]  # folded text per entry
    entry_tail: list[str]  # last word of a person's name, else the folded text
    entry_display: list[str]  # the text as first seen in the catalog
    entry_text_array: np.ndarray  # entry_text as an object array, for fast gathering
    entry_tail_array: np.ndarray  # entry_tail likewise
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
        return len(self.entry_text)

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
        if int((ends - starts).sum()) == 0:
            return np.empty(0, dtype=np.int32)
        postings = np.concatenate(
            [self.gram_entries[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
        )
        if len(postings) <= limit:
            return _unique(postings)
        counts = np.bincount(postings, minlength=self.n_entries)
        hit = np.flatnonzero(counts)
        if len(hit) <= limit:
            return hit.astype(np.int32)
        # Most shared trigrams first; among equals, shorter entries (closer to the query).
        rank = counts[hit].astype(np.int64) * 256 - np.minimum(self.entry_len[hit], 255)
        best = np.argpartition(-rank, limit - 1)[:limit]
        return hit[best].astype(np.int32)

    def prefix_lookup(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Entries with a word starting with a 1-2 character `text`, and whether the entry
        itself starts with it."""
        code = prefix_code(text)
        if code is None:
            return np.empty(0, dtype=np.int32), np.empty(0, dtype=bool)
        start, end = self.prefix_ptr[code], self.prefix_ptr[code + 1]
        return self.prefix_entries[start:end], self.prefix_at_start[start:end]

    def expand(self, entries: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per film: the best score of its entries among `entries`, and that entry (-1: none)."""
        film_score = np.zeros(self.n_films, dtype=np.float32)
        film_entry = np.full(self.n_films, -1, dtype=np.int32)
        if not len(entries):
            return film_score, film_entry
        starts = self.entry_film_ptr[entries]
        counts = self.entry_film_ptr[entries + 1] - starts
        total = int(counts.sum())
        # Gather the CSR slices of all entries at once: offset of each posting.
        shift = np.repeat(starts - (np.cumsum(counts) - counts), counts)
        films = self.entry_films[shift + np.arange(total)]
        posting_scores = np.repeat(scores.astype(np.float32), counts)
        np.maximum.at(film_score, films, posting_scores)
        winners = posting_scores >= film_score[films]
        film_entry[films[winners]] = np.repeat(entries, counts)[winners]
        return film_score, film_entry

    def reason(self, entry: int, film: Film) -> str:
        """A hit's reason for entry number `entry`: "cast: Allison Williams"."""
        kind = int(self.entry_kind[entry])
        if kind == Kind.TITLE:
            return f"title: {film.title}"
        if kind == Kind.ORIGINAL and film.original_title:
            return f"original title: {film.original_title}"
        return f"{KIND_LABELS[kind]}: {self.entry_display[entry]}"


def build_index(films: Sequence[Film]) -> SearchIndex:
    """Index every title, original title, person, tag and genre of `films`."""
    texts: list[str] = []
    displays: list[str] = []
    kinds: list[int] = []
    pair_entries: list[int] = []
    pair_films: list[int] = []
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

    years = np.zeros(len(films), dtype=np.int16)
    for number, film in enumerate(films):
        years[number] = film.year or 0
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

    n_entries = len(texts)
    entry_kind = np.array(kinds, dtype=np.uint8)
    entry_film_ptr, entry_films = _csr(
        np.array(pair_entries, dtype=np.int64), np.array(pair_films, dtype=np.int64), n_entries
    )
    tails = [
        text.rsplit(" ", 1)[-1] if kind in PERSON_KINDS else text
        for text, kind in zip(texts, kinds, strict=True)
    ]

    # All entries as one " text " blob; `owner` maps each byte to its entry.
    padded_lengths = np.fromiter((len(t) + 3 for t in texts), dtype=np.int64, count=n_entries)
    blob = _SEPARATOR.join(f" {t} " for t in texts) + _SEPARATOR
    codes = _CODES[np.frombuffer(blob.encode("ascii"), dtype=np.uint8)].astype(np.int64)
    owner = np.repeat(np.arange(n_entries, dtype=np.int64), padded_lengths)
    offsets = np.cumsum(padded_lengths) - padded_lengths

    c0, c1, c2 = codes[:-2], codes[1:-1], codes[2:]
    valid = (c0 >= 0) & (c1 >= 0) & (c2 >= 0)
    grams = (c0 * _BASE * _BASE + c1 * _BASE + c2)[valid]
    gram_ptr, gram_entries = _csr(grams, owner[:-2][valid], N_TRIGRAMS)
    document_frequency = np.diff(gram_ptr)
    gram_common = document_frequency > max(1.0, COMMON_TRIGRAM_SHARE * n_entries)

    # Word starts: a letter or digit right after a space.
    position = np.flatnonzero((c0 == 0) & (c1 > 0)) + 1
    at_start = (position - offsets[owner[position]]) == 1
    one = codes[position]
    second = codes[position + 1]
    has_two = second > 0
    prefix_codes = np.concatenate([one, _BASE + one[has_two] * _BASE + second[has_two]])
    prefix_owner = np.concatenate([owner[position], owner[position][has_two]])
    prefix_start = np.concatenate([at_start, at_start[has_two]])
    # One row per (prefix, entry), preferring the "entry starts with it" row; within a
    # prefix, entries that start with it come first, then by entry number.
    rows = _unique(((prefix_codes * n_entries + prefix_owner) << 1) | ~prefix_start)
    first = np.ones(len(rows), dtype=bool)
    first[1:] = (rows[1:] >> 1) != (rows[:-1] >> 1)
    rows = rows[first]
    pair_code, pair_owner, later = (rows >> 1) // n_entries, (rows >> 1) % n_entries, rows & 1
    order = np.argsort(pair_code * 2 + later, kind="stable")
    prefix_ptr = _ptr(pair_code[order], N_PREFIXES)

    return SearchIndex(
        n_films=len(films),
        film_years=years,
        entry_kind=entry_kind,
        entry_len=np.fromiter((len(t) for t in texts), dtype=np.int32, count=n_entries),
        entry_text=texts,
        entry_tail=tails,
        entry_display=displays,
        entry_text_array=_object_array(texts),
        entry_tail_array=_object_array(tails),
        entry_film_ptr=entry_film_ptr,
        entry_films=entry_films,
        gram_ptr=gram_ptr,
        gram_entries=gram_entries,
        gram_common=gram_common,
        prefix_ptr=prefix_ptr,
        prefix_entries=pair_owner[order].astype(np.int32),
        prefix_at_start=later[order] == 0,
    )


def _ptr(sorted_keys: np.ndarray, size: int) -> np.ndarray:
    """CSR offsets for values whose keys are sorted."""
    ptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(sorted_keys, minlength=size), out=ptr[1:])
    return ptr


def _csr(keys: np.ndarray, values: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (key, value) pairs as CSR: offsets by key, values sorted within a key."""
    width = int(values.max()) + 1 if len(values) else 1
    pairs = _unique(keys * width + values)
    return _ptr(pairs // width, size), (pairs % width).astype(np.int32)


def _unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (sort-based: numpy's hash-based unique is slower here)."""
    values = np.sort(values)
    keep = np.ones(len(values), dtype=bool)
    keep[1:] = values[1:] != values[:-1]
    return values[keep]


def _object_array(strings: list[str]) -> np.ndarray:
    array = np.empty(len(strings), dtype=object)
    array[:] = strings
    return array
