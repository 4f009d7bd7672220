"""Search as you type: free words across every field, typo-tolerant, plus field filters.

How one query is answered:

1. The whole free text (the *phrase*) is matched against every indexed string: trigram
   candidates (or the 1-2 character prefix table), re-ranked with rapidfuzz.
2. With several words, each word is also matched on its own and a film's per-word best
   scores are averaged, so "argento giallo" finds Argento's gialli and word order does not
   matter. Word results are cached, because while typing only the last word changes.
3. Filters narrow the films; a film's score is the better of the phrase and word scores.

Scores are 0-100. Exact and prefix title matches score highest, then people, then tags and
genres (kind weights), then weaker fuzzy matches; ties go to the newer film, then to catalog
order.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from watchlist.catalog.model import Film
from watchlist.search.index import KIND_LABELS, Kind, SearchIndex, build_index
from watchlist.search.query import MAX_QUERY_CHARS, YEAR_RANGE, Filter, ParsedQuery, parse_query

#: Multipliers per entry kind (indexed by Kind): a title beats a person beats a style.
KIND_WEIGHTS = np.array([1.0, 0.99, 0.93, 0.92, 0.9, 0.88], dtype=np.float32)
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
_WORD_CACHE_SIZE = 32
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


class SearchEngine:
    """Fuzzy search over one catalog; build once, then call `search` per keystroke."""

    def __init__(self, catalog: Iterable[Film]) -> None:
        self._films: list[Film] = list(catalog)
        self._index: SearchIndex = build_index(self._films)
        self._number = {film.id: number for number, film in enumerate(self._films)}
        n = len(self._films)
        # Tie-break key: newer first, then catalog order (see _top).
        self._tiebreak = (self._index.film_years.astype(np.int64) << 30) | (
            (1 << 30) - 1 - np.arange(n, dtype=np.int64)
        )
        self._word_cache: OrderedDict[str, _Match] = OrderedDict()

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
        n = len(self._films)
        allowed = np.ones(n, dtype=bool)
        filter_matches: list[_Match] = []
        for item in parsed.filters:
            passed, match = self._apply_filter(item, statuses)
            allowed &= passed
            filter_matches.append(match)

        word_matches: list[_Match] = []
        if parsed.words:
            phrase = self._match_phrase(parsed.text)
            word_matches = self._match_words(parsed)
            score = phrase.score
            if word_matches:
                combined = sum(m.score for m in word_matches) / len(word_matches)
                score = np.maximum(score, combined)
        else:
            phrase = None
            score = sum(m.score for m in filter_matches) / len(filter_matches)
        candidates = np.flatnonzero((score >= MIN_SCORE) & allowed)
        top = self._top(candidates, score, limit)
        hits = [
            Hit(
                self._films[i],
                round(min(100.0, float(score[i])), 2),
                self._reasons(i, phrase, word_matches, filter_matches),
            )
            for i in top.tolist()
        ]
        return SearchResult(hits, len(candidates), self._message(parsed, len(candidates)))

    # -- matching -------------------------------------------------------------------------

    def _match_phrase(self, text: str) -> _Match:
        """The whole free text against every indexed string."""
        index = self._index
        if len(text) <= 2:
            entries, at_start = index.prefix_lookup(text)
            lengths = index.entry_len[entries].astype(np.float32)
            scores = np.where(at_start, 95 + 5 * len(text) / lengths, 85 + 10 * len(text) / lengths)
            scores = scores * KIND_WEIGHTS[index.entry_kind[entries]]
        else:
            entries = index.trigram_candidates(text, PHRASE_CANDIDATES)
            scores = self._score_entries(text, entries)
        keep = scores >= MIN_SCORE
        return _Match(*index.expand(entries[keep], scores[keep]))

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
            match = _Match(*index.expand(entries[keep], scores[keep]))
        self._word_cache[word] = match
        if len(self._word_cache) > _WORD_CACHE_SIZE:
            self._word_cache.popitem(last=False)
        return match

    def _score_entries(self, text: str, entries: np.ndarray) -> np.ndarray:
        """Re-rank candidate entries for folded `text`: fuzzy similarity plus prefix bonuses,
        times the kind weight."""
        if not len(entries):
            return np.empty(0, dtype=np.float32)
        index = self._index
        texts = index.entry_text_array[entries].tolist()
        whole = _cdist(text, texts, fuzz.ratio)
        # A surname alone ("kubrik") is also compared with the surname.
        kinds = index.entry_kind[entries]
        people = np.flatnonzero((kinds == Kind.DIRECTOR) | (kinds == Kind.CAST))
        if len(people):
            tails = index.entry_tail_array[entries[people]].tolist()
            whole[people] = np.maximum(whole[people], 0.95 * _cdist(text, tails, fuzz.ratio))
        # partial_ratio only where the query is the shorter string: otherwise a short tag
        # like "war" would fully match any query containing it.
        longer = np.flatnonzero(index.entry_len[entries] >= len(text))
        partial = np.zeros(len(entries), dtype=np.float32)
        if len(longer):
            longer_texts = index.entry_text_array[entries[longer]].tolist()
            partial[longer] = _cdist(text, longer_texts, fuzz.partial_ratio)
        scores = whole.copy()
        scores[longer] = 0.5 * partial[longer] + 0.5 * whole[longer]
        spaced = " " + text
        for j in np.flatnonzero(partial >= 100).tolist():  # `text` occurs in the entry
            candidate = texts[j]
            if candidate == text:
                bonus = 100.0
            elif candidate.startswith(text):
                bonus = 95 + 5 * len(text) / len(candidate)
            elif spaced in candidate:
                bonus = 85 + 10 * len(text) / len(candidate)
            else:
                continue
            scores[j] = max(scores[j], bonus)
        return (scores * KIND_WEIGHTS[index.entry_kind[entries]]).astype(np.float32)

    def _apply_filter(
        self, item: Filter, statuses: Mapping[str, str] | None
    ) -> tuple[np.ndarray, _Match]:
        """Which films pass `item`, and a match carrying its score and reason."""
        index = self._index
        n = len(self._films)
        if item.field == "year":
            years = index.film_years
            low = item.year_from if item.year_from is not None else YEAR_RANGE[0]
            high = item.year_to if item.year_to is not None else YEAR_RANGE[1]
            passed = (years >= low) & (years <= high) & (years > 0)
            return passed, self._fixed_match(passed, item.describe())
        if item.field == "status":
            passed = np.zeros(n, dtype=bool)
            wanted = [
                self._number[film_id]
                for film_id, status in (statuses or {}).items()
                if status == item.value and film_id in self._number
            ]
            passed[wanted] = True
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
        numbers = entries.tolist()
        texts = [index.entry_text[e] for e in numbers]
        if len(value) <= 2:
            scores = np.full(len(entries), 100.0, dtype=np.float32)
        else:
            partial = _cdist(value, texts, fuzz.partial_ratio)
            tails = _cdist(value, [index.entry_tail[e] for e in numbers], fuzz.ratio)
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
        """The best `limit` candidates: score, then newer, then earlier in the catalog."""
        if limit <= 0 or not len(candidates):
            return np.empty(0, dtype=np.int64)
        hundredths = np.rint(np.minimum(score[candidates], 100) * 100).astype(np.int64)
        key = (hundredths << 42) | self._tiebreak[candidates]
        if len(candidates) > limit:
            best = np.argpartition(-key, limit - 1)[:limit]
            candidates, key = candidates[best], key[best]
        return candidates[np.argsort(-key, kind="stable")]

    def _reasons(
        self,
        number: int,
        phrase: _Match | None,
        words: list[_Match],
        filters: list[_Match],
    ) -> list[str]:
        """Why film `number` matched, strongest first, without repeats."""
        film = self._films[number]
        ordered: list[_Match] = []
        if phrase is not None:
            word_score = sum(float(m.score[number]) for m in words) / len(words) if words else 0.0
            first = float(phrase.score[number]) >= word_score
            ordered = [phrase, *words] if first else [*words, phrase]
        reasons: list[str] = []
        for match in [*ordered, *filters]:
            entry = int(match.entry[number])
            if entry == _YEAR_REASON:
                reasons.append(match.label)
            elif entry >= 0:
                reasons.append(self._index.reason(entry, film))
        return list(dict.fromkeys(reasons))

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


__all__ = ["KIND_LABELS", "Hit", "SearchEngine", "SearchResult"]
