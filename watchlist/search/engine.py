"""Search as you type: free words across every field, typo-tolerant, plus field filters.

How one query is answered:

1. The whole free text (the *phrase*) is matched against every indexed string: trigram
   candidates (or the 1-2 character prefix table), re-ranked with rapidfuzz.
2. With several words, each word is also matched on its own and a film's per-word best
   scores are averaged, so "argento giallo" finds Argento's gialli and word order does not
   matter. Word results are cached, because while typing only the last word changes;
   so are phrase results (a trailing space, backspacing, the first letters of every query).
3. Filters narrow the films; a film's score is the better of the phrase and word scores.

Scores are 0-100. Exact and prefix title matches score highest, then people, then tags and
genres (kind weights), then weaker fuzzy matches. Hits are ranked by score plus a small
popularity prior (up to POPULARITY_WEIGHT points: vote counts, bundled films counting as
popular), so among the 384 titles starting "the perf" of a million the known film comes
first; exact matches stay above all others. Ties go to the newer film, then to catalog
order.

The engine works by catalog *position*: its arrays are keyed 0..len-1, and only the hits
are read back with `catalog.films_at`. `open_engine` (persist.py) saves a big catalog's index
in the data home and memory-maps it on later start-ups.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process

from watchlist.catalog.catalog import Catalog
from watchlist.catalog.model import Film
from watchlist.search.index import (
    ENTRY_FILMS_LIMIT,
    KIND_LABELS,
    PREFIX_FILMS,
    Kind,
    SearchIndex,
    build_index,
)
from watchlist.search.query import MAX_QUERY_CHARS, YEAR_RANGE, Filter, ParsedQuery, parse_query

if TYPE_CHECKING:
    from pathlib import Path

#: Multipliers per entry kind (indexed by Kind): a title beats a person beats a style.
KIND_WEIGHTS = np.array([1.0, 0.99, 0.93, 0.92, 0.9, 0.88], dtype=np.float32)
#: Per kind: is it a person (whose surname alone is also compared)?
_IS_PERSON = np.isin(np.arange(len(Kind)), [Kind.DIRECTOR, Kind.CAST])
#: A film needs at least this score to be a hit.
MIN_SCORE = 55.0
#: Candidates re-ranked per look-up: the phrase, and each word of a multi-word query.
PHRASE_CANDIDATES = 500
WORD_CANDIDATES = 200
#: A free word that is a year ("giallo 1975") matches films of that year this well.
YEAR_WORD_SCORE = 90.0
#: Filter values (`cast:...`) must match a string at least this well.
FILTER_MIN_SCORE = 80.0
FILTER_SPREAD = 10.0
#: Words too common to say anything on their own in a multi-word query.
STOPWORDS = frozenset(
    ("the", "and", "of", "a", "an", "in", "on", "to", "la", "le", "les", "el", "los", "il")
)
#: Ranking points for the most popular films (a full popularity bucket); see index.py.
POPULARITY_WEIGHT = 3.0
#: Bundled films are the curated ones: ranked as if they had this many votes at least.
BUNDLED_VOTES = 100_000
#: A best free-text score this high makes hits more than WEAK_MATCH_GAP below it noise.
STRONG_MATCH = 80.0
WEAK_MATCH_GAP = 25.0
_WORD_CACHE_SIZE = 32
#: ... but word matches are dense over the catalog: at most this many float32 values cached.
_WORD_CACHE_VALUES = 16_000_000
#: Phrase matches are cached too (typing back and forth, a trailing space, the first letters
#: every query shares), within a smaller budget: a few at a million films.
_PHRASE_CACHE_SIZE = 32
_PHRASE_CACHE_VALUES = 4_000_000
#: Float slack when bounding scores (see `_score_entries`): bounds err on the safe side.
_BOUND_SLACK = 0.5
_YEAR_REASON = -2  # film_entry marker: matched a year word


@dataclass(frozen=True, slots=True)
class Hit:
    film: Film
    score: float  # 0-100
    matched: list[str] = field(default_factory=list)  # "title: The Perfection", ...


@dataclass(frozen=True, slots=True)
class SearchResult:
    hits: list[Hit]
    total: int  # films matching, before the limit
    message: str | None = None  # "type to search", "nothing matches 'xyz'", ...


@dataclass(slots=True)
class _Match:
    """Per-film scores of one look-up (dense over the catalog) and the entry behind each."""

    score: np.ndarray  # float32
    entry: np.ndarray  # int32; -1 none, _YEAR_REASON a year word
    label: str = ""  # for year words: "year: 1975"


def catalog_popularity(catalog: Catalog) -> np.ndarray:
    """The ranking prior's votes per position: `catalog.popularity()`, with the bundled films
    (the first positions, per the "bundled" source) counted as popular."""
    votes = np.asarray(catalog.popularity(), dtype=np.int64).copy()
    bundled = sum(source.films for source in catalog.sources if source.name == "bundled")
    if 0 < bundled < len(votes):  # all-bundled: the same for every film, so no prior
        votes[:bundled] = np.maximum(votes[:bundled], BUNDLED_VOTES)
    return votes


class SearchEngine:
    """Fuzzy search over one catalog; build once, then call `search` per keystroke.

    `catalog` is a Catalog (or any iterable of films, wrapped in one); `index`, when given,
    is a prebuilt index over exactly that catalog (see `open_engine`)."""

    def __init__(self, catalog: Catalog | Iterable[Film], index: SearchIndex | None = None) -> None:
        if not isinstance(catalog, Catalog):
            catalog = Catalog(catalog)
        self._catalog = catalog
        if index is None:
            index = build_index(catalog, catalog_popularity(catalog))
        if index.n_films != len(catalog):
            raise ValueError(f"index covers {index.n_films} films, catalog has {len(catalog)}")
        self._index: SearchIndex = index
        n = index.n_films
        # Tie-break key: newer first, then catalog order (see _top).
        self._tiebreak = (np.asarray(index.film_years).astype(np.int64) << 30) | (
            (1 << 30) - 1 - np.arange(n, dtype=np.int64)
        )
        # Popularity prior in hundredths of a point, added to the score for ranking only.
        bonus = np.rint(
            np.asarray(index.film_prior, dtype=np.float32) * (POPULARITY_WEIGHT * 100 / 255)
        ).astype(np.int64)
        # The ranking key without the score: (bonus << 42) | tiebreak (see _top).
        self._base_key = (bonus << 42) | self._tiebreak
        self._word_cache: OrderedDict[str, _Match] = OrderedDict()
        self._word_cache_size = max(8, min(_WORD_CACHE_SIZE, _WORD_CACHE_VALUES // max(n, 1)))
        self._phrase_cache: OrderedDict[str, _Match] = OrderedDict()
        self._phrase_cache_size = max(2, min(_PHRASE_CACHE_SIZE, _PHRASE_CACHE_VALUES // max(n, 1)))

    @property
    def catalog(self) -> Catalog:
        return self._catalog

    @property
    def index(self) -> SearchIndex:
        return self._index

    def search(
        self, query: str, limit: int = 50, statuses: Mapping[str, str] | None = None
    ) -> SearchResult:
        """The best `limit` films for `query`; `statuses` maps film id -> "want"/"seen"."""
        parsed = parse_query(query)
        if parsed.state == "empty":
            return SearchResult([], 0, "type to search")
        if parsed.state == "punctuation":
            return SearchResult([], 0, "type letters or digits to search")
        allowed: np.ndarray | None = None
        filter_matches: list[_Match] = []
        for item in parsed.filters:
            passed, match = self._apply_filter(item, statuses)
            allowed = passed if allowed is None else allowed & passed
            filter_matches.append(match)

        word_matches: list[_Match] = []
        if parsed.words:
            phrase = self._match_phrase(parsed.text)
            word_matches = self._match_words(parsed)
            score = phrase.score
            if word_matches:
                combined = word_matches[0].score
                for m in word_matches[1:]:
                    combined = combined + m.score
                score = np.maximum(score, combined / len(word_matches))
        else:
            phrase = None
            score = sum(m.score for m in filter_matches) / len(filter_matches)
        passing = score >= MIN_SCORE
        if allowed is not None:
            passing &= allowed
        if parsed.words and passing.any():
            # With a strong match on screen, far weaker fuzzy ones ("suspiria" -> a film tagged
            # "survival") are noise, not alternatives: keep those within reach of the best.
            best = float(score[passing].max())
            if best >= STRONG_MATCH:
                passing &= score >= best - WEAK_MATCH_GAP
        candidates = np.flatnonzero(passing)
        top = self._top(candidates, score, limit)
        films = self._catalog.films_at(top.tolist())
        reasons = self._reasons(top, films, phrase, word_matches, filter_matches)
        hits = [
            Hit(film, round(min(100.0, value), 2), matched)
            for film, value, matched in zip(films, score[top].tolist(), reasons, strict=True)
        ]
        return SearchResult(hits, len(candidates), self._message(parsed, len(candidates)))

    # -- matching -------------------------------------------------------------------------

    def _match_phrase(self, text: str) -> _Match:
        """The whole free text against every indexed string (cached: see `_match_word`)."""
        cached = self._phrase_cache.get(text)
        if cached is not None:
            self._phrase_cache.move_to_end(text)
            return cached
        match = self._look_up_phrase(text)
        self._phrase_cache[text] = match
        if len(self._phrase_cache) > self._phrase_cache_size:
            self._phrase_cache.popitem(last=False)
        return match

    def _look_up_phrase(self, text: str) -> _Match:
        index = self._index
        if len(text) <= 2:
            entries, at_start = index.prefix_lookup(text, films=PREFIX_FILMS)
            lengths = index.entry_len[entries].astype(np.float32)
            scores = np.where(at_start, 95 + 5 * len(text) / lengths, 85 + 10 * len(text) / lengths)
            scores = scores * KIND_WEIGHTS[index.entry_kind[entries]]
        else:
            entries = index.trigram_candidates(text, PHRASE_CANDIDATES)
            scores = self._score_entries(text, entries)
        keep = scores >= MIN_SCORE
        return _Match(*index.expand(entries[keep], scores[keep], ENTRY_FILMS_LIMIT))

    def _match_words(self, parsed: ParsedQuery) -> list[_Match]:
        """One match per significant word, when the query has several (or names a year)."""
        words = [w for w in parsed.words if w not in STOPWORDS and (len(w) >= 3)]
        if len(words) < 2 and not any(_year_word(w) for w in words):
            return []
        return [self._match_word(word) for word in dict.fromkeys(words)]

    def _match_word(self, word: str) -> _Match:
        cached = self._word_cache.get(word)
        if cached is not None:
            self._word_cache.move_to_end(word)
            return cached
        index = self._index
        if year := _year_word(word):
            score = np.where(index.film_years == year, YEAR_WORD_SCORE, 0).astype(np.float32)
            entry = np.where(score > 0, _YEAR_REASON, -1).astype(np.int32)
            match = _Match(score, entry, f"year: {year}")
        else:
            entries = index.trigram_candidates(word, WORD_CANDIDATES)
            scores = self._score_entries(word, entries)
            keep = scores >= MIN_SCORE
            match = _Match(*index.expand(entries[keep], scores[keep], ENTRY_FILMS_LIMIT))
        self._word_cache[word] = match
        if len(self._word_cache) > self._word_cache_size:
            self._word_cache.popitem(last=False)
        return match

    def _score_entries(self, text: str, entries: np.ndarray) -> np.ndarray:
        """Re-rank candidate entries for folded `text`: fuzzy similarity plus prefix bonuses,
        times the kind weight.

        Scores below MIN_SCORE are only ever dropped, so partial_ratio (the costly scorer)
        runs only where it can lift an entry to MIN_SCORE or give a bonus; elsewhere the
        score is left below MIN_SCORE."""
        if not len(entries):
            return np.empty(0, dtype=np.float32)
        index = self._index
        texts = index.entry_text.take(entries)
        kinds = index.entry_kind[entries]
        ratio = _cdist(text, texts, fuzz.ratio)
        whole = ratio
        # A surname alone ("kubrik") is also compared with the surname.
        people = np.flatnonzero(_IS_PERSON[kinds])
        if len(people):
            tails = _cdist(text, index.entry_tail.take(entries[people]), fuzz.ratio)
            whole = ratio.copy()
            whole[people] = np.maximum(ratio[people], 0.95 * tails)
        # partial_ratio only where the query is the shorter string: otherwise a short tag
        # like "war" would fully match any query containing it. There the score is
        # 0.5 * partial + 0.5 * whole, or a bonus when `text` occurs in the entry.
        size = len(text)
        lengths = index.entry_len[entries]
        weights = KIND_WEIGHTS[kinds]
        longer = lengths >= size
        # ratio = 200 * common / (size + length), with `common` the longest common
        # subsequence, and no alignment of `text` with part of the entry scores more than
        # 200 * common / (size + common): the bound on partial_ratio. Only where it reaches
        # 100 (a bonus) or could lift the entry to MIN_SCORE is partial_ratio worth running.
        common = ratio * (lengths + size)  # 200 * common
        bound = 200 * common / (200 * size + common)
        useful = longer & (
            (bound >= 100 - _BOUND_SLACK)
            | (weights * (bound + whole) >= 2 * (MIN_SCORE - _BOUND_SLACK))
        )
        scored = np.flatnonzero(useful)
        # Elsewhere partial counts as 0: the score stays below MIN_SCORE either way.
        scores = np.where(longer, 0.5 * whole, whole)
        if len(scored):
            partial = _cdist(text, [texts[j] for j in scored.tolist()], fuzz.partial_ratio)
            scores[scored] = 0.5 * partial + 0.5 * whole[scored]
            spaced = " " + text
            for j in scored[partial >= 100].tolist():  # `text` occurs in the entry
                candidate = texts[j]
                if candidate == text:
                    bonus = 100.0
                elif candidate.startswith(text):
                    bonus = 95 + 5 * size / len(candidate)
                elif spaced in candidate:
                    bonus = 85 + 10 * size / len(candidate)
                else:
                    continue
                scores[j] = max(scores[j], bonus)
        return scores * weights

    def _apply_filter(
        self, item: Filter, statuses: Mapping[str, str] | None
    ) -> tuple[np.ndarray, _Match]:
        """Which films pass `item`, and a match carrying its score and reason."""
        index = self._index
        n = index.n_films
        if item.field == "year":
            years = index.film_years
            low = item.year_from if item.year_from is not None else YEAR_RANGE[0]
            high = item.year_to if item.year_to is not None else YEAR_RANGE[1]
            passed = (years >= low) & (years <= high) & (years > 0)
            return passed, self._fixed_match(passed, item.describe())
        if item.field == "status":
            passed = np.zeros(n, dtype=bool)
            positions = (
                self._catalog.position_of(film_id)
                for film_id, status in (statuses or {}).items()
                if status == item.value
            )
            passed[[p for p in positions if p is not None and 0 <= p < n]] = True
            return passed, self._fixed_match(passed, item.describe())
        kinds = {
            "cast": (Kind.CAST,),
            "dir": (Kind.DIRECTOR,),
            "genre": (Kind.GENRE,),
            "tag": (Kind.TAG,),
        }[item.field]
        entries, scores = self._filter_entries(item.value, kinds)
        score, entry = index.expand(entries, scores)
        return score > 0, _Match(score, entry)

    def _filter_entries(self, value: str, kinds: tuple[Kind, ...]) -> tuple[np.ndarray, np.ndarray]:
        """Entries of `kinds` that `value` names: exactly, by a word prefix, or with typos."""
        index = self._index
        if len(value) <= 2:
            entries, _ = index.prefix_lookup(value)
        else:
            entries = index.trigram_candidates(value, PHRASE_CANDIDATES)
        entries = entries[np.isin(index.entry_kind[entries], kinds)]
        if not len(entries):
            return entries, np.empty(0, dtype=np.float32)
        if len(value) <= 2:
            scores = np.full(len(entries), 100.0, dtype=np.float32)
        else:
            texts = index.entry_text.take(entries)
            partial = _cdist(value, texts, fuzz.partial_ratio)
            tails = _cdist(value, index.entry_tail.take(entries), fuzz.ratio)
            scores = np.maximum(np.where(index.entry_len[entries] >= len(value), partial, 0), tails)
            scores = np.maximum(scores, _cdist(value, texts, fuzz.ratio))
        # With a close match at hand, distant ones are noise ("bogart" is not "Taggart").
        keep = scores >= max(FILTER_MIN_SCORE, float(scores.max()) - FILTER_SPREAD)
        return entries[keep], scores[keep]

    @staticmethod
    def _fixed_match(passed: np.ndarray, label: str) -> _Match:
        score = np.where(passed, 100.0, 0.0).astype(np.float32)
        return _Match(score, np.where(passed, _YEAR_REASON, -1).astype(np.int32), label)

    # -- results --------------------------------------------------------------------------

    def _top(self, candidates: np.ndarray, score: np.ndarray, limit: int) -> np.ndarray:
        """The best `limit` candidates: score plus popularity, then newer, then earlier in
        the catalog."""
        if limit <= 0 or not len(candidates):
            return np.empty(0, dtype=np.int64)
        hundredths = np.rint(np.minimum(score[candidates], 100) * 100).astype(np.int64)
        # Popularity orders near-equal matches, but never lifts one above an exact match.
        hundredths[hundredths >= 10_000] += int(POPULARITY_WEIGHT * 100)
        # Key: (hundredths + popularity bonus) << 42 | tiebreak; the tiebreak fits in 42
        # bits, so adding the precomputed (bonus << 42) | tiebreak is the same. Keys are
        # distinct (the tiebreak holds the position).
        key = (hundredths << 42) + self._base_key[candidates]
        if len(candidates) > limit:
            best = np.argpartition(key, len(key) - limit)[-limit:]
            candidates, key = candidates[best], key[best]
        return candidates[np.argsort(key)[::-1]]

    def _reasons(
        self,
        top: np.ndarray,
        films: list[Film],
        phrase: _Match | None,
        words: list[_Match],
        filters: list[_Match],
    ) -> list[list[str]]:
        """Why each film of `top` matched, strongest first, without repeats."""
        if not len(top):
            return []
        # Each match's scores and entries at the hits, as Python values (one read each).
        word_scores = [m.score[top].tolist() for m in words]
        phrase_scores = phrase.score[top].tolist() if phrase is not None else []
        entries = {id(m): m.entry[top].tolist() for m in [*words, *filters]}
        if phrase is not None:
            entries[id(phrase)] = phrase.entry[top].tolist()
        reason = self._index.reason
        result: list[list[str]] = []
        for k, film in enumerate(films):
            ordered: list[_Match] = []
            if phrase is not None:
                word_score = sum(s[k] for s in word_scores) / len(words) if words else 0.0
                first = phrase_scores[k] >= word_score
                ordered = [phrase, *words] if first else [*words, phrase]
            reasons: list[str] = []
            for match in [*ordered, *filters]:
                entry = entries[id(match)][k]
                if entry == _YEAR_REASON:
                    reasons.append(match.label)
                elif entry >= 0:
                    reasons.append(reason(entry, film))
            result.append(list(dict.fromkeys(reasons)))
        return result

    @staticmethod
    def _message(parsed: ParsedQuery, total: int) -> str | None:
        notes = list(parsed.problems)
        if parsed.truncated:
            notes.insert(0, f"query shortened to its first {MAX_QUERY_CHARS} characters")
        if total == 0:
            shown = parsed.raw.strip()
            shown = shown if len(shown) <= 60 else shown[:59] + "…"
            notes.insert(0, f"nothing matches '{shown}'")
        return "; ".join(notes) or None


def _cdist(text: str, choices: list[str], scorer: object) -> np.ndarray:
    """Scores of `text` against each choice, as float32 (rapidfuzz in C, one call)."""
    return process.cdist([text], choices, scorer=scorer, dtype=np.float32)[0]


def _year_word(word: str) -> int | None:
    """The year a free word names ("1975"), if it is one."""
    if len(word) == 4 and word.isdigit() and YEAR_RANGE[0] <= int(word) <= YEAR_RANGE[1]:
        return int(word)
    return None


def open_engine(catalog: Catalog, cache_dir: Path | None = None) -> SearchEngine:
    """The engine for `catalog`: a big (imported) catalog's index is saved under `cache_dir`
    and memory-mapped on later start-ups; a small one is built in memory (see persist.py)."""
    from watchlist.search.persist import open_engine as open_persisted

    return open_persisted(catalog, cache_dir)


__all__ = ["KIND_LABELS", "Hit", "SearchEngine", "SearchResult", "open_engine"]
