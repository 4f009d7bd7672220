"""The critic's verdict from a small hand-written lexicon, with negation and contrast.

Each sentence is cut into clauses at contrast cues ("but", "however", "although"); the
clause after a "but" counts more than the one before it. An evaluative word preceded
closely by a negator flips ("not good", "isn't a bad thing"), a negated praise counting
more than a negated complaint. Sentences that sum up ("overall", "in the end", the last
paragraph) weigh more. The net balance gives positive, negative or mixed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from watchlist.reviews.sentences import Sentence, word_set
from watchlist.text import fold

Verdict = Literal["positive", "mixed", "negative"]
VERDICTS: tuple[Verdict, ...] = ("positive", "mixed", "negative")

_POSITIVE = {
    **dict.fromkeys(
        word_set(
            "good fun enjoyable entertaining engaging solid strong effective clever smart sharp "
            "inventive bold confident fresh refreshing compelling gripping riveting thrilling "
            "tense suspenseful chilling gorgeous beautiful beautifully elegant striking memorable "
            "moving powerful impressive fascinating satisfying rewarding funny hilarious "
            "delightful "
            "admirable ambitious assured committed capable charming witty stylish stylishly "
            "atmospheric eerie unsettling haunting precise nuanced layered affecting touching "
            "heartfelt likable likeable recommend recommended worthwhile lovely elevating "
            "captivating absorbing immersive electric propulsive taut plus achieve achieves "
            "succeed "
            "succeeds"
        ),
        1.0,
    ),
    **dict.fromkeys(
        word_set(
            "great excellent terrific brilliant brilliantly superb wonderful wonderfully "
            "remarkable "
            "stunning masterful masterfully outstanding extraordinary exhilarating dazzling "
            "magnificent glorious impeccable flawless perfect perfectly triumph triumphant "
            "unforgettable essential unmissable best loved love favourite favorite gem"
        ),
        2.0,
    ),
    **dict.fromkeys(word_set("masterpiece masterwork"), 3.0),
}
_NEGATIVE = {
    **dict.fromkeys(
        word_set(
            "clumsy clumsily unbelievable confounding confusing messy weak lazy bland flat tired "
            "predictable contrived ridiculous silly pointless overlong bloated incoherent hollow "
            "shallow pretentious cheap annoying derivative cliched clichéd generic stale lifeless "
            "wooden hackneyed nonsense sloppy plodding dreary overwrought muddled uneven thin "
            "forced implausible sluggish dull boring tedious forgettable flawed problem problems "
            "misstep missteps frustrating grating laughable"
        ),
        1.0,
    ),
    **dict.fromkeys(
        word_set(
            "bad poor awful terrible dreadful mess disappointing disappointment mediocre "
            "underwhelming misfire botched failure fails failed worst waste insufferable "
            "unbearable tiresome excruciating"
        ),
        2.0,
    ),
    **dict.fromkeys(word_set("unwatchable abysmal atrocious"), 3.0),
    **dict.fromkeys(word_set("trashy trash exhausted exhausting"), 0.5),
}
# Phrases are matched before single words and are not subject to negation.
_PHRASES: dict[tuple[str, ...], float] = {
    tuple(fold(phrase).split()): weight
    for phrase, weight in {
        "worth watching": 2, "worth seeing": 2, "worth your time": 2, "must see": 2,
        "must-see": 2, "tour de force": 3, "edge of your seat": 1.5, "hold your attention": 1,
        "holds your attention": 1, "swing for the fences": 1.5, "a lot more fun": 1.5,
        "a lot of fun": 1.5, "great fun": 2, "firing on all cylinders": 2, "knocked it out": 2,
        "stays with you": 1.5, "a definite plus": 1.5, "definitely a plus": 1.5,
        "waste of time": -3, "falls flat": -2, "fall flat": -2, "paint by numbers": -1,
        "phoned in": -1.5, "misses the mark": -2, "miss the mark": -2, "does not work": -1.5,
        "doesn't work": -1.5, "doesn’t work": -1.5, "eye roll": -1, "eye-roll": -1,
        "heavy handed": -1, "heavy-handed": -1, "falls apart": -1.5, "fall apart": -1.5,
        "not everyone": -0.5, "not for everyone": -0.5, "not all pay off": -0.5,
        "may not all pay off": -0.5, "leaves a lot to be desired": -2,
        "skip it": -2, "avoid it": -2, "steer clear": -2, "nothing special": -1.5,
        "falls short": -1.5, "fell short": -1.5, "runs out of steam": -1.5, "leap in logic": -1,
        "not without": 0, "pay off": 1, "pays off": 1,
    }.items()
}  # fmt: skip
_MAX_PHRASE = max(len(words) for words in _PHRASES)
_NEGATORS = word_set(
    "not no never nothing isnt doesnt dont didnt wasnt werent arent cant cannot wont wouldnt "
    "hardly barely without neither nor lacks lacking lack fails nowhere"
)
_NEGATION_WINDOW = 3
_BEFORE_BUT = 0.6  # weight of a clause a "but" overrides
_AFTER_BUT = 1.3
_SUMMING_UP = re.compile(
    r"^\W*(overall|in the end|ultimately|all in all|in short|in sum|to sum up|by the end|"
    r"in conclusion|on balance|at the end of the day|for all its|bottom line|verdict)\b",
    re.I,
)
# Clause breaks: punctuation, then the contrast words that start a new clause.
_CLAUSES = re.compile(
    r"[,;:–—()]|\b(but|however|yet|though|although|nevertheless|nonetheless|whereas)\b",
    re.I,
)
_CONTRAST_AFTER = word_set("but however yet nevertheless nonetheless")
_CONCESSIVE_START = re.compile(r"^\W*(although|though|while|even though|despite|for all)\b", re.I)

THRESHOLD = 0.3  # net balance beyond which the verdict is not mixed


@dataclass(frozen=True, slots=True)
class SentenceTone:
    sentence: Sentence
    positive: float
    negative: float

    @property
    def net(self) -> float:
        return self.positive - self.negative


@dataclass(frozen=True, slots=True)
class VerdictResult:
    verdict: Verdict
    score: float  # net balance in [-1, 1]
    evidence: list[Sentence]
    tones: list[SentenceTone]


def clause_weights(text: str) -> list[tuple[str, float]]:
    """(clause, weight) pairs of one sentence; the part a "but" overrides weighs less."""
    parts: list[tuple[str, str | None]] = []  # (clause, contrast word that opened it)
    last, opener = 0, None
    for match in _CLAUSES.finditer(text):
        parts.append((text[last : match.start()], opener))
        last, opener = match.end(), (match.group(1) or "").lower() or None
    parts.append((text[last:], opener))
    weights = [1.0] * len(parts)
    for i, (_, word) in enumerate(parts):
        if word in _CONTRAST_AFTER:
            for j in range(i):
                weights[j] = min(weights[j], _BEFORE_BUT)
            weights[i] = _AFTER_BUT
    if _CONCESSIVE_START.match(text) and len(parts) > 1:
        weights[0] = min(weights[0], _BEFORE_BUT)
        if parts[0][0].strip() == "":
            weights[1] = min(weights[1], _BEFORE_BUT)
    return [(clause, weight) for (clause, _), weight in zip(parts, weights, strict=True)]


def clause_tone(words: list[str]) -> tuple[float, float]:
    """(positive, negative) evidence in one clause's folded words."""
    positive = negative = 0.0
    last_negator = -10
    i = 0
    while i < len(words):
        for size in range(min(_MAX_PHRASE, len(words) - i), 1, -1):
            weight = _PHRASES.get(tuple(words[i : i + size]))
            if weight is not None:
                positive += max(weight, 0)
                negative += max(-weight, 0)
                i += size
                last_negator = -10  # a phrase closes any negation before it
                break
        else:
            word = words[i]
            if word in _NEGATORS:
                last_negator = i
            elif word in _POSITIVE or word in _NEGATIVE:
                value = _POSITIVE.get(word, 0.0) - _NEGATIVE.get(word, 0.0)
                if i - last_negator <= _NEGATION_WINDOW:
                    # "not good" is a complaint; "not bad" is faint praise.
                    value = -value * (0.8 if value > 0 else 0.5)
                positive += max(value, 0)
                negative += max(-value, 0)
            i += 1
    return positive, negative


def sentence_tone(sentence: Sentence, masked: str, last_paragraph: int) -> SentenceTone:
    """The tone of one sentence; `masked` is its text with titles and names blanked out."""
    factor = 1.0
    if _SUMMING_UP.match(sentence.text):
        factor = 1.8
    elif sentence.paragraph == last_paragraph and last_paragraph > 0:
        factor = 1.4
    elif sentence.index == 0:
        factor = 1.2
    positive = negative = 0.0
    for clause, weight in clause_weights(masked):
        p, n = clause_tone(fold(clause).split())
        positive += p * weight
        negative += n * weight
    return SentenceTone(sentence, positive * factor, negative * factor)


def judge(sentences: list[Sentence], masked_texts: list[str]) -> VerdictResult:
    """The verdict and up to four supporting sentences, in review order."""
    last_paragraph = sentences[-1].paragraph if sentences else 0
    tones = [
        sentence_tone(sentence, masked, last_paragraph)
        for sentence, masked in zip(sentences, masked_texts, strict=True)
    ]
    total_positive = sum(t.positive for t in tones)
    total_negative = sum(t.negative for t in tones)
    total = total_positive + total_negative
    score = (total_positive - total_negative) / total if total else 0.0
    verdict: Verdict = (
        "positive" if score >= THRESHOLD else "negative" if score <= -THRESHOLD else "mixed"
    )
    praise = sorted((t for t in tones if t.net > 0), key=lambda t: -t.net)
    blame = sorted((t for t in tones if t.net < 0), key=lambda t: t.net)
    if verdict == "positive":
        chosen = praise[:3]
    elif verdict == "negative":
        chosen = blame[:3]
    else:
        chosen = praise[:2] + blame[:2]
    evidence = sorted((t.sentence for t in chosen), key=lambda s: s.index)
    return VerdictResult(verdict, round(score, 3), evidence, tones)
