"""Finding what a review names: catalog titles, people and styles, despite misspellings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from watchlist.catalog.model import Film
from watchlist.reviews.index import CatalogIndex, Person
from watchlist.reviews.sentences import word_set
from watchlist.reviews.tokens import Token

# Words a title may leave in lower case ("Once Upon a Time in the West").
_SMALL_WORDS = word_set(
    "the a an of in on and to for with by at from is it or nor but as vs du de la le les des "
    "di del della o e y"
)
# Words that, just before a title, say the review compares rather than reviews it.
_COMPARISON_CUES = word_set(
    "like unlike than recalls recall echoes echo evokes evoke reminiscent homage since remake "
    "compared channels channel nod riff influenced inspired after imitation shades"
)
# Lower-case words allowed inside a person's name ("Brian De Palma", "Lars von Trier").
_NAME_PARTICLES = word_set("de da di del della van von der den le la du dos das bin al")
_YEAR_AFTER = re.compile(r"\s*[(\[,]?\s*((?:18|19|20)\d\d)\b")

FULL_NAME_CUTOFF = 86.0  # rapidfuzz ratio for a full name anywhere in the catalog
FILM_NAME_CUTOFF = 80.0  # lower bar for people of the reviewed film
SURNAME_CUTOFF = 84.0


@dataclass
class TitleMention:
    films: list[Film]  # more than one when titles collide and nothing tells them apart
    as_written: str
    start: int
    end: int
    sentence: int
    paragraph: int
    year: int | None
    comparison: bool  # "like Oldboy": a reference, not the subject


@dataclass
class PersonMention:
    person: Person
    as_written: str
    start: int
    end: int


@dataclass
class LinkedPerson:
    name: str
    as_written: str
    role: str
    in_film: bool
    spellings: list[str] = field(default_factory=list)
    count: int = 0

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "as_written": self.as_written,
            "role": self.role,
            "in_film": self.in_film,
            "spellings": self.spellings,
            "count": self.count,
        }


# --- titles ---------------------------------------------------------------------------------


def find_titles(
    text: str,
    tokens: list[Token],
    index: CatalogIndex,
    paragraph_of: list[int],
    taken: set[int],
) -> list[TitleMention]:
    """Catalog titles written as titles (capitalised) in the review, longest match first."""
    lowercase_words = {t.word for t in tokens if not t.capital}
    mentions: list[TitleMention] = []
    i = 0
    while i < len(tokens):
        best_len, films = 0, []
        for words, film in index.titles.get(tokens[i].word, ()):
            n = len(words)
            if n < best_len or i + n > len(tokens):
                continue
            window = tokens[i : i + n]
            if any(t.word != w for t, w in zip(window, words, strict=True)):
                continue
            if window[-1].sentence != window[0].sentence or any(
                j in taken for j in range(i, i + n)
            ):
                continue
            if n > best_len:
                best_len, films = n, []
            if film not in films:
                films.append(film)
        if best_len and _looks_like_title(tokens[i : i + best_len], lowercase_words):
            window = tokens[i : i + best_len]
            start, end = window[0].start, window[-1].end
            year_match = _YEAR_AFTER.match(text, end)
            year = int(year_match.group(1)) if year_match else None
            if year is not None and any(f.year == year for f in films):
                films = [f for f in films if f.year == year]
            before = {t.word for t in tokens[max(0, i - 3) : i] if t.sentence == window[0].sentence}
            mentions.append(
                TitleMention(
                    films=films,
                    as_written=text[start:end],
                    start=start,
                    end=end,
                    sentence=window[0].sentence,
                    paragraph=paragraph_of[window[0].sentence],
                    year=year,
                    comparison=bool(before & _COMPARISON_CUES),
                )
            )
            i += best_len
        else:
            i += 1
    return mentions


def _looks_like_title(window: list[Token], lowercase_words: set[str]) -> bool:
    significant = [t for t in window if t.word not in _SMALL_WORDS]
    if not significant or sum(len(t.word) for t in window) < 3:
        return False  # "M", "It": too short to tell from ordinary words
    if not all(t.capital for t in significant):
        return False
    # A one-word title at the start of a sentence ("Mother was...") when the review also
    # uses the word in lower case is probably just the word.
    lone = significant[0] if len(significant) == 1 else None
    return not (lone and window[0].first and lone.word in lowercase_words)


# --- people ---------------------------------------------------------------------------------


def name_spans(tokens: list[Token]) -> list[list[int]]:
    """Runs of capitalised words (token indices) that could be a person's name."""
    spans: list[list[int]] = []
    current: list[int] = []
    for i, token in enumerate(tokens):
        previous = tokens[current[-1]] if current else None
        continues = (
            previous is not None
            and token.joined
            and token.sentence == previous.sentence
            and not _possessive(previous)
        )
        if continues and (token.capital or token.word in _NAME_PARTICLES):
            current.append(i)
            continue
        if current:
            spans.append(current)
        current = [i] if token.capital else []
    if current:
        spans.append(current)
    # A name never ends on a particle.
    result = []
    for span in spans:
        while span and not tokens[span[-1]].capital:
            span = span[:-1]
        if span:
            result.append(span)
    return result


def _possessive(token: Token) -> bool:
    return token.raw.endswith(("’s", "'s", "’S", "'S"))


def _as_written(text: str, tokens: list[Token], span: list[int]) -> str:
    written = text[tokens[span[0]].start : tokens[span[-1]].end]
    return re.sub(r"['’][sS]$", "", written)


def _best_person(
    query: str, index: CatalogIndex, preferred: list[str]
) -> tuple[Person | None, float]:
    """The catalog person `query` most likely means, preferring the reviewed film's people."""
    for choices, cutoff in ((preferred, FILM_NAME_CUTOFF), (index.people_names, FULL_NAME_CUTOFF)):
        if not choices:
            continue
        hit = process.extractOne(query, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        # Misspellings keep the first letter; this rules out most near-collisions.
        if hit and hit[0][0] == query[0]:
            return index.people[hit[0]], float(hit[1])
    return None, 0.0


def link_full_names(
    text: str, tokens: list[Token], index: CatalogIndex, film: Film | None, taken: set[int]
) -> list[PersonMention]:
    """People written with at least two words ("Steven Webber", "Director Richard Shephard")."""
    preferred = index.person_names_of(film)
    mentions: list[PersonMention] = []
    for span in name_spans(tokens):
        span = [i for i in span if i not in taken]
        best: tuple[float, int, list[int], Person] | None = None
        for size in range(min(len(span), 4), 1, -1):
            for offset in range(len(span) - size + 1):
                sub = span[offset : offset + size]
                if tokens[sub[0]].raw == tokens[sub[-1]].raw:
                    continue  # one hyphenated word is not a full name
                query = " ".join([tokens[i].word for i in sub[:-1]] + [tokens[sub[-1]].base])
                person, score = _best_person(query, index, preferred)
                if person and (best is None or (score, size) > (best[0], best[1])):
                    best = (score, size, sub, person)
        if best:
            _, _, sub, person = best
            taken.update(sub)
            start, end = tokens[sub[0]].start, tokens[sub[-1]].end
            mentions.append(PersonMention(person, _as_written(text, tokens, sub), start, end))
    return mentions


def link_surnames(
    text: str,
    tokens: list[Token],
    index: CatalogIndex,
    film: Film | None,
    linked: list[PersonMention],
    taken: set[int],
) -> list[PersonMention]:
    """Single words ("Browning", "Webber") for people already linked or in the reviewed film."""
    pool: dict[str, Person] = {m.person.folded: m.person for m in linked}
    for name in index.person_names_of(film):
        if name in index.people:
            pool.setdefault(name, index.people[name])
    by_surname: dict[str, list[Person]] = {}
    for person in pool.values():
        for surname in person.surnames:
            by_surname.setdefault(surname, []).append(person)
    linked_names = {m.person.folded for m in linked}
    mentions: list[PersonMention] = []
    for i, token in enumerate(tokens):
        if i in taken or not token.capital or len(token.base) < 3:
            continue
        if "-" in token.raw:
            continue  # part of a hyphenated word, not a surname on its own
        exact = token.base in by_surname
        candidates = by_surname.get(token.base)
        if not candidates and len(token.base) >= 5:
            hit = process.extractOne(
                token.base, list(by_surname), scorer=fuzz.ratio, score_cutoff=SURNAME_CUTOFF
            )
            if hit and hit[0][0] == token.base[0]:
                candidates = by_surname[hit[0]]
        if not candidates:
            continue
        if len(candidates) > 1:
            # Two people share the surname: only an already linked one is a safe guess.
            candidates = [p for p in candidates if p.folded in linked_names]
            if len(candidates) != 1:
                continue
        if not exact and token.first and token.base in {t.word for t in tokens if not t.capital}:
            continue
        taken.add(i)
        mentions.append(
            PersonMention(candidates[0], _as_written(text, tokens, [i]), token.start, token.end)
        )
    return mentions


def group_people(mentions: list[PersonMention], film: Film | None) -> list[LinkedPerson]:
    """One entry per person, in order of first mention; `as_written` is the first spelling."""
    people: dict[str, LinkedPerson] = {}
    film_people = set(film.people) if film else set()
    for mention in sorted(mentions, key=lambda m: m.start):
        person = mention.person
        entry = people.get(person.folded)
        if entry is None:
            entry = people[person.folded] = LinkedPerson(
                name=person.name,
                as_written=mention.as_written,
                role=person.role_in(film.id if film else None)
                if person.name in film_people
                else person.role_in(None),
                in_film=person.name in film_people,
            )
        if mention.as_written not in entry.spellings:
            entry.spellings.append(mention.as_written)
        entry.count += 1
    return list(people.values())


# --- styles and influences ------------------------------------------------------------------


def find_styles(
    tokens: list[Token], index: CatalogIndex, taken: set[int]
) -> tuple[list[str], list[str]]:
    """(influences, themes) named in the review, by first appearance."""
    found: dict[str, bool] = {}
    i = 0
    while i < len(tokens):
        best: tuple[int, str, bool] | None = None
        for words, style, theme in index.styles.get(tokens[i].word, ()):
            n = len(words)
            window = tokens[i : i + n]
            if len(window) != n or any(t.word != w for t, w in zip(window, words, strict=True)):
                continue
            if window[-1].sentence != window[0].sentence or any(
                j in taken for j in range(i, i + n)
            ):
                continue
            if best is None or n > best[0]:
                best = (n, style, theme)
        if best:
            found.setdefault(best[1], best[2])
            i += best[0]
        else:
            i += 1
    influences = [style for style, theme in found.items() if not theme]
    themes = [style for style, theme in found.items() if theme]
    return influences, themes
