"""Sparse, weighted feature vectors for every film of a catalog.

Each film becomes one row of a sparse matrix whose columns are features of seven groups:
directors, cast (top-billed heavier), tags, genres, era (decade, smoothed into the
neighbouring decades), countries and summary terms (TF-IDF). Inside a group the values are
IDF-weighted and L2-normalised, then scaled by the square root of the group's weight, so
the dot product of two rows is the weighted sum of the per-group cosine similarities.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from watchlist.catalog.model import Film
from watchlist.catalog.sqlite_catalog import title_key
from watchlist.text import fold

GROUPS: tuple[str, ...] = ("director", "cast", "tag", "genre", "era", "country", "text")
GROUP_INDEX: dict[str, int] = {name: i for i, name in enumerate(GROUPS)}

#: How much each group counts; they need not sum to one (scores are relative).
DEFAULT_WEIGHTS: dict[str, float] = {
    "director": 0.15,
    "cast": 0.15,
    "tag": 0.35,
    "genre": 0.08,
    "era": 0.05,
    "country": 0.04,
    "text": 0.18,
}

#: The billing weight of the n-th cast member; later ones share the last value.
CAST_BILLING: tuple[float, ...] = (1.0, 0.85, 0.7, 0.6, 0.5, 0.4, 0.35, 0.3)
MAX_CAST = 12
ERA_NEIGHBOUR = 0.35
TEXT_MIN_DF = 2
TEXT_MAX_DF = 0.4

_WORD = re.compile(r"[^\W\d_]{3,}")
_STOPWORD_TEXT = """
    about above after again against all also although among and another any are around
    back because been before being between both but can cannot could did does doing down
    during each even ever every few film films for from further had has have having her
    here hers herself him himself his how however into its itself just later like made
    make makes many more most movie much must never new not now off once one only other
    our out over own same she should since some still such than that the their theirs
    them themselves then there these they this those though through thus too under until
    upon very was way were what when where which while who whom whose why will with within
    without would yet you your first two three becomes become becoming takes take gets get
    where who whose story tells told years year time its it's directed starring stars
    written produced released release based version
"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORD_TEXT.split())


def words(text: str) -> list[str]:
    """The content words of a text: lower-case, letters only, no stop words."""
    return [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


def decade(year: int | None) -> int | None:
    return None if year is None else year - year % 10


def raw_features(
    film: Film, name_key: Callable[[str], str] = fold, text: bool = True
) -> Iterable[tuple[str, float, str | None]]:
    """(feature key, raw weight, display name or None) of a film, before IDF and norms."""
    for name in film.directors:
        yield "director:" + name_key(name), 1.0, name
    for position, name in enumerate(film.cast[:MAX_CAST]):
        yield "cast:" + name_key(name), CAST_BILLING[min(position, len(CAST_BILLING) - 1)], name
    for tag in film.tags:
        yield "tag:" + tag, 1.0, tag
    for genre in film.genres:
        yield "genre:" + name_key(genre), 1.0, genre.lower()
    if (d := decade(film.year)) is not None:
        yield f"era:{d}", 1.0, None
        yield f"era:{d - 10}", ERA_NEIGHBOUR, None
        yield f"era:{d + 10}", ERA_NEIGHBOUR, None
    for country in film.countries:
        yield "country:" + name_key(country), 1.0, country
    if text:
        counts = Counter(words(film.title + " " + film.summary))
        for word, count in counts.items():
            yield "text:" + word, 1.0 + math.log(count), None


def _cached(function: Callable[[str], str]) -> Callable[[str], str]:
    """A memo for one build: names repeat across thousands of films."""
    memo: dict[str, str] = {}

    def call(text: str) -> str:
        value = memo.get(text)
        if value is None:
            value = memo[text] = function(text)
        return value

    return call


@dataclass
class FeatureIndex:
    """The feature matrix of a catalog, in CSR (by film) and CSC (by feature) form."""

    keys: list[str]  # feature id -> key such as "tag:giallo"
    vocabulary: dict[str, int]  # key -> feature id
    names: dict[int, str]  # feature id -> display name (people, tags, genres, countries)
    feature_group: np.ndarray  # feature id -> group index
    idf: np.ndarray  # feature id -> IDF (1.0 for era)
    group_scale: np.ndarray  # group index -> sqrt(weight)
    indptr: np.ndarray  # CSR by film
    indices: np.ndarray
    data: np.ndarray
    row_of: np.ndarray  # CSR entry -> film row
    col_ptr: np.ndarray  # CSC by feature
    col_rows: np.ndarray
    col_data: np.ndarray

    @property
    def films(self) -> int:
        return len(self.indptr) - 1

    def row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.indptr[i], self.indptr[i + 1]
        return self.indices[start:end], self.data[start:end]

    def vectorize(self, film: Film) -> tuple[np.ndarray, np.ndarray]:
        """The vector of any film (in the catalog or not) against this index's vocabulary."""
        merged: dict[int, float] = {}
        for key, value, _ in raw_features(film):
            if (fid := self.vocabulary.get(key)) is not None:
                merged[fid] = merged.get(fid, 0.0) + value
        if not merged:
            return np.empty(0, np.int64), np.empty(0, np.float32)
        cols = np.fromiter(merged, np.int64, len(merged))
        vals = np.fromiter(merged.values(), np.float64, len(merged))
        order = np.argsort(cols)
        cols, vals = cols[order], vals[order] * self.idf[cols[order]]
        keep = vals > 0
        cols, vals = cols[keep], vals[keep]
        groups = self.feature_group[cols]
        norms = np.sqrt(np.bincount(groups, vals * vals, minlength=len(GROUPS)))
        vals = vals / norms[groups] * self.group_scale[groups]
        return cols, vals.astype(np.float32)

    def scores(self, cols: np.ndarray, vals: np.ndarray) -> np.ndarray:
        """Dot product of every film with a sparse query vector."""
        n = self.films
        if len(cols) == 0:
            return np.zeros(n)
        if len(cols) > 2000:  # a dense profile: one pass over the whole matrix
            dense = np.zeros(len(self.keys), np.float32)
            np.add.at(dense, cols, vals)
            return np.bincount(self.row_of, self.data * dense[self.indices], minlength=n)
        starts, ends = self.col_ptr[cols], self.col_ptr[cols + 1]
        lengths = ends - starts
        total = int(lengths.sum())
        if total == 0:
            return np.zeros(n)
        # Positions of every posting of the query's features, without a Python loop.
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        positions = offsets + np.arange(total)
        weights = self.col_data[positions] * np.repeat(vals, lengths)
        return np.bincount(self.col_rows[positions], weights, minlength=n)

    def breakdown(
        self, a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]
    ) -> dict[str, list[tuple[int, float]]]:
        """Shared features of two vectors by group, each with its contribution, best first."""
        common, ia, ib = np.intersect1d(a[0], b[0], assume_unique=True, return_indices=True)
        products = a[1][ia].astype(np.float64) * b[1][ib]
        result: dict[str, list[tuple[int, float]]] = {}
        pairs = zip(common.tolist(), products.tolist(), strict=True)
        for fid, value in sorted(pairs, key=lambda p: -p[1]):
            if value > 0:
                group = GROUPS[int(self.feature_group[fid])]
                result.setdefault(group, []).append((fid, value))
        return result


def build_index(films: Sequence[Film], weights: Mapping[str, float] | None = None) -> FeatureIndex:
    """Vectorise every film once; linear in the catalog's size."""
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    vocabulary: dict[str, int] = {}
    names: dict[int, str] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    name_key = _cached(title_key)  # fold, with a fast path for ASCII names
    text_words: list[str] = []
    text_counts: list[int] = []
    text_rows: list[int] = []
    for i, film in enumerate(films):
        merged: dict[int, float] = {}
        for key, value, name in raw_features(film, name_key, text=False):
            fid = vocabulary.get(key)
            if fid is None:
                fid = vocabulary[key] = len(vocabulary)
                if name is not None:
                    names[fid] = name
            merged[fid] = merged.get(fid, 0.0) + value
        rows.extend([i] * len(merged))
        cols.extend(merged)
        vals.extend(merged.values())
        counts = Counter(words(film.title + " " + film.summary))
        text_words.extend(counts)
        text_counts.extend(counts.values())
        text_rows.extend([i] * len(counts))
    # Summary words in bulk: one dictionary pass, numpy for the term frequencies.
    for word in set(text_words):
        vocabulary["text:" + word] = len(vocabulary)
    text_ids = [vocabulary["text:" + word] for word in text_words]
    rows.extend(text_rows)
    cols.extend(text_ids)
    vals.extend((1.0 + np.log(np.asarray(text_counts, np.float64))).tolist())
    keys = list(vocabulary)
    n_films, n_features = len(films), len(keys)
    row_arr = np.asarray(rows, np.int64)
    col_arr = np.asarray(cols, np.int64)
    val_arr = np.asarray(vals, np.float64)

    group_of = np.fromiter((GROUP_INDEX[k.split(":", 1)[0]] for k in keys), np.int64, n_features)
    df = np.bincount(col_arr, minlength=n_features).astype(np.float64)
    idf = np.log((1.0 + n_films) / (1.0 + df)) + 1.0
    idf[group_of == GROUP_INDEX["era"]] = 1.0
    text = group_of == GROUP_INDEX["text"]
    idf[text & ((df < TEXT_MIN_DF) | (df > TEXT_MAX_DF * max(n_films, 1)))] = 0.0

    val_arr *= idf[col_arr]
    keep = val_arr > 0
    row_arr, col_arr, val_arr = row_arr[keep], col_arr[keep], val_arr[keep]
    group_arr = group_of[col_arr]
    cell = row_arr * len(GROUPS) + group_arr
    norms = np.sqrt(np.bincount(cell, val_arr * val_arr, minlength=n_films * len(GROUPS)))
    scale = np.sqrt(np.array([max(weights[g], 0.0) for g in GROUPS]))
    val_arr = val_arr / norms[cell] * scale[group_arr]

    order = np.lexsort((col_arr, row_arr))  # CSR: by film, then feature
    row_arr, col_arr = row_arr[order], col_arr[order]
    data = val_arr[order].astype(np.float32)
    indptr = np.zeros(n_films + 1, np.int64)
    np.cumsum(np.bincount(row_arr, minlength=n_films), out=indptr[1:])
    by_col = np.argsort(col_arr, kind="stable")
    col_ptr = np.zeros(n_features + 1, np.int64)
    np.cumsum(np.bincount(col_arr, minlength=n_features), out=col_ptr[1:])
    return FeatureIndex(
        keys=keys,
        vocabulary=vocabulary,
        names=names,
        feature_group=group_of,
        idf=idf,
        group_scale=scale,
        indptr=indptr,
        indices=col_arr,
        data=data,
        row_of=row_arr,
        col_ptr=col_ptr,
        col_rows=row_arr[by_col],
        col_data=data[by_col],
    )
