"""Words of a review with their spans and capitalisation, aligned with `watchlist.text.fold`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from watchlist.reviews.sentences import Sentence
from watchlist.text import fold

# A word as written: letters/digits with inner hyphens or apostrophes ("Chan-wook", "it’s").
_RAW_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$", re.I)


@dataclass(frozen=True, slots=True)
class Token:
    """One folded word; a hyphenated word yields several tokens sharing one span."""

    word: str  # folded, as `fold` would give it ("shephards")
    base: str  # folded without a possessive 's ("shephard")
    raw: str  # the whole word as written ("Shephard’s")
    start: int  # span of the raw word in the review text
    end: int
    sentence: int  # index of its sentence
    first: bool  # first word of its sentence
    capital: bool  # written with a capital (or a digit) first
    joined: bool  # only spaces between this word and the previous one (same sentence)

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def tokenize(text: str, sentences: list[Sentence]) -> list[Token]:
    """Tokens of every sentence, in order."""
    tokens: list[Token] = []
    for sentence in sentences:
        previous_end: int | None = None
        for number, match in enumerate(_RAW_WORD.finditer(sentence.text)):
            raw = match.group()
            start = sentence.start + match.start()
            end = sentence.start + match.end()
            gap = text[previous_end:start] if previous_end is not None else None
            joined = gap is not None and gap.strip() == ""
            base_words = fold(_POSSESSIVE.sub("", raw)).split()
            for index, word in enumerate(fold(raw).split()):
                tokens.append(
                    Token(
                        word=word,
                        base=base_words[index] if index < len(base_words) else word,
                        raw=raw,
                        start=start,
                        end=end,
                        sentence=sentence.index,
                        first=number == 0,
                        capital=raw[0].isupper() or raw[0].isdigit(),
                        joined=joined or index > 0,
                    )
                )
            previous_end = end
    return tokens
