"""Sentence and word splitting tuned for film reviews.

Reviews use curly quotes, dashes, ellipses, abbreviations ("Dr.", "vs.", "U.S.") and
initials ("J. R. R."): a period ends a sentence only when the next thing looks like the
start of a new one and the word before it is not a known abbreviation or an initial.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from watchlist.text import fold

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "eg", "ie", "cf", "no",
    "vol", "pp", "p", "ch", "fig", "mt", "ft", "co", "inc", "ltd", "dir", "approx", "min",
    "mins", "esp", "ca", "al", "gen", "col", "lt", "sgt", "capt", "rev", "messrs", "mme",
    "mlle", "hr", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "op", "ed", "eds", "vols", "nr", "tv",
}  # fmt: skip

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, whitespace.
_BOUNDARY = re.compile(r"([.!?…]+|\.\.\.)([\"'”’»)\]]*)(\s+)")
# What may start a sentence: an opening quote or bracket, then a capital or a digit.
_STARTS_SENTENCE = re.compile(r"[\"'“‘«(\[]*[A-Z0-9\u00c0-\u024f]")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence, exactly as written, with where it sits in the review."""

    text: str
    index: int  # position among all sentences
    paragraph: int  # which paragraph (0-based)
    position: int  # position inside its paragraph
    start: int  # character offset in the review text

    @property
    def words(self) -> int:
        return len(self.text.split())


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) pairs; paragraphs are separated by blank lines."""
    result = []
    for match in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", text):
        if match.group().strip():
            result.append((match.start(), match.group()))
    return result


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence of the review, in order; each text is a verbatim slice of `text`."""
    sentences: list[Sentence] = []
    for number, (offset, paragraph) in enumerate(paragraphs(text)):
        position = 0
        for start, end in _spans(paragraph):
            chunk = paragraph[start:end]
            stripped = chunk.strip()
            if not stripped:
                continue
            lead = len(chunk) - len(chunk.lstrip())
            sentences.append(
                Sentence(
                    text=stripped,
                    index=len(sentences),
                    paragraph=number,
                    position=position,
                    start=offset + start + lead,
                )
            )
            position += 1
    return sentences


def _spans(paragraph: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        end = match.end(2)
        rest = paragraph[match.end() :]
        if not rest or not _STARTS_SENTENCE.match(rest):
            continue
        if (
            match.group(1) == "."
            and not match.group(2)
            and _is_abbreviation(paragraph[: match.start()])
        ):
            continue
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(paragraph)))
    return spans


def _is_abbreviation(before: str) -> bool:
    found = _WORD_BEFORE.search(before)
    if not found:
        return False
    word = found.group(1)
    bare = word.replace(".", "").lower()
    if bare in _ABBREVIATIONS:
        return True
    if len(bare) == 1 and word[-1:].isalpha() and word.isupper():
        return True  # an initial: "J. Smith", "Richard J. Lewis"
    return "." in word  # "U.S", "e.g", "a.k.a"


def words(text: str) -> list[str]:
    """The folded words of a text ("Shephard’s" -> "shephards")."""
    return fold(text).split()


def word_set(text: str, separator: str | None = None) -> frozenset[str]:
    """A set of words written as one string (lists of lexicon words stay readable)."""
    return frozenset(word.strip() for word in text.split(separator) if word.strip())
