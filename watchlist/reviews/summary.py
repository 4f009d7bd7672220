"""Extractive summary: two to four of the review's own sentences, 15 to 90 words.

A review shorter than that (fewer than two sentences or 15 words) cannot be summarised by
extraction: it is its own summary (kind "whole"), cut to its first 90 words if need be.

Sentences are scored by how central their words are to the whole review, where they sit
(opening, paragraph starts, the closing paragraph), how strongly they judge, and whether
they name the film or its people. The strongest piece of verdict evidence that fits goes
in first, so the gist always carries the critic's opinion; the rest are picked greedily
with a redundancy penalty (maximal marginal relevance), then put back in review order.
"""

from __future__ import annotations

import math
from collections import Counter

from watchlist.reviews.sentences import Sentence, word_set
from watchlist.reviews.verdict import VerdictResult
from watchlist.text import fold

MIN_SENTENCES, MAX_SENTENCES = 2, 4
MIN_WORDS, MAX_WORDS = 15, 90
#: `Analysis.summary_kind`: sentences chosen from the review, or the whole (short) review.
EXTRACTIVE, WHOLE = "extractive", "whole"
_ENOUGH_WORDS = 75  # past this, two sentences are enough
_TARGET_SENTENCES = 3
_OTHER_SIDE = 0.25  # bonus for a sentence of the other tone: the gist keeps reservations
_REDUNDANCY = 0.7

_STOPWORDS = word_set("""
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each even ever few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just least let like made make makes many may me might more most much
    must my myself no nor not now of off on once one only or other our ours ourselves out over
    own quite rather really same she should so some such than that the their theirs them
    themselves then there these they this those though through to too under until up upon us
    very was we were what when where which while who whom why will with would you your yours
    yourself s t isnt doesnt dont didnt wasnt arent cant wont thats theres its whats
    film films movie movies one ones still way well get gets got
    """)


def content_words(text: str) -> list[str]:
    return [w for w in fold(text).split() if len(w) > 2 and w not in _STOPWORDS]


def score_sentences(
    sentences: list[Sentence], verdict: VerdictResult, subject_words: set[str]
) -> dict[int, float]:
    """A relevance score per sentence index, roughly in [0, 2]."""
    bags = {s.index: set(content_words(s.text)) for s in sentences}
    spread = Counter(word for bag in bags.values() for word in bag)  # sentences using a word
    centrality = {
        index: sum(math.log1p(spread[w] - 1) for w in bag) / math.sqrt(len(bag) or 1)
        for index, bag in bags.items()
    }
    top_centrality = max(centrality.values(), default=0.0) or 1.0
    top_tone = max((abs(t.net) for t in verdict.tones), default=0.0) or 1.0
    tone = {t.sentence.index: t.net for t in verdict.tones}
    evidence = {s.index for s in verdict.evidence}
    last_paragraph = sentences[-1].paragraph if sentences else 0
    scores: dict[int, float] = {}
    for s in sentences:
        score = centrality[s.index] / top_centrality
        score += 0.5 * abs(tone.get(s.index, 0.0)) / top_tone
        score += 0.3 if s.index in evidence else 0.0
        score += 0.3 if s.index == 0 else 0.1 if s.position == 0 else 0.0
        score += 0.2 if s.paragraph == last_paragraph and last_paragraph > 0 else 0.0
        score += 0.1 if bags[s.index] & subject_words else 0.0
        if s.words < 8:
            score *= 0.5  # fragments and headings carry little
        elif s.words > 45:
            score *= 0.75  # long sentences eat the word budget
        scores[s.index] = score
    return scores


def is_short(sentences: list[Sentence]) -> bool:
    """Too short to summarise by extraction: the review is its own summary."""
    return len(sentences) < MIN_SENTENCES or sum(s.words for s in sentences) < MIN_WORDS


def whole_summary(sentences: list[Sentence]) -> tuple[list[str], str]:
    """A short review's summary: its sentences, or its first MAX_WORDS words and "…"."""
    texts = [" ".join(s.text.split()) for s in sentences]
    words = " ".join(texts).split()
    if len(words) <= MAX_WORDS:
        return texts, WHOLE
    return [" ".join(words[:MAX_WORDS]) + " …"], WHOLE


def _similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def summarize(
    sentences: list[Sentence], verdict: VerdictResult, subject_words: set[str] = frozenset()
) -> list[Sentence]:
    """The summary's sentences in review order (one only if the review has no two that fit)."""
    fitting = [s for s in sentences if s.words <= MAX_WORDS - 5]
    if not fitting:
        return [min(sentences, key=lambda s: s.words)] if sentences else []
    scores = score_sentences(sentences, verdict, subject_words)
    bags = {s.index: set(content_words(s.text)) for s in sentences}
    chosen: list[Sentence] = []
    total = 0

    def fits(s: Sentence) -> bool:
        return s not in chosen and total + s.words <= MAX_WORDS

    # The verdict first: the strongest evidence sentence that leaves room for another.
    for s in sorted(verdict.evidence, key=lambda s: -scores[s.index]):
        if s.words <= MAX_WORDS - 15 and fits(s):
            chosen.append(s)
            total += s.words
            break
    tone = {t.sentence.index: t.net for t in verdict.tones}

    def value(s: Sentence) -> float:
        redundancy = max((_similarity(bags[s.index], bags[c.index]) for c in chosen), default=0)
        sides = {math.copysign(1, tone[c.index]) for c in chosen if tone.get(c.index)}
        other_side = tone.get(s.index) and math.copysign(1, tone[s.index]) not in sides
        return scores[s.index] - _REDUNDANCY * redundancy + (_OTHER_SIDE if other_side else 0)

    while len(chosen) < MAX_SENTENCES:
        if len(chosen) >= _TARGET_SENTENCES or (
            len(chosen) >= MIN_SENTENCES and total >= _ENOUGH_WORDS
        ):
            break
        candidates = [s for s in fitting if fits(s)]
        if len(chosen) < MIN_SENTENCES - 1:
            # Leave room for the second sentence the summary needs.
            shortest = sorted(s.words for s in fitting)
            room = shortest[1] if len(shortest) > 1 else 0
            candidates = [
                s for s in candidates if total + s.words + room <= MAX_WORDS
            ] or candidates
        if not candidates:
            break
        best = max(candidates, key=value)
        chosen.append(best)
        total += best.words
    if total < MIN_WORDS:
        # Too short a gist: add the best remaining sentences while they fit.
        for s in sorted(fitting, key=lambda s: -scores[s.index]):
            if total >= MIN_WORDS or len(chosen) >= MAX_SENTENCES:
                break
            if fits(s):
                chosen.append(s)
                total += s.words
    return sorted(chosen, key=lambda s: s.index)
