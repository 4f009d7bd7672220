"""One pass over a review: which film, who and what it names, its verdict and its gist.

Pure: takes text and a catalog, returns an `Analysis`; nothing is stored here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from watchlist.catalog.catalog import Catalog
from watchlist.catalog.model import Film
from watchlist.reviews.errors import UnclearFilm
from watchlist.reviews.index import CatalogIndex, review_index
from watchlist.reviews.mentions import (
    PersonMention,
    TitleMention,
    find_styles,
    find_titles,
    group_people,
    link_full_names,
    link_surnames,
)
from watchlist.reviews.sentences import split_sentences
from watchlist.reviews.summary import (
    EXTRACTIVE,
    content_words,
    is_short,
    summarize,
    whole_summary,
)
from watchlist.reviews.tokens import Token, tokenize
from watchlist.reviews.verdict import Verdict, judge

# Film detection: a mention in the opening sentence counts most, then the first paragraph.
OPENING_WEIGHT, FIRST_PARAGRAPH_WEIGHT, LATER_WEIGHT = 3.0, 2.0, 1.0
COMPARISON_FACTOR = 0.4  # "like Oldboy" is a reference, not the subject
YEAR_BONUS = 1.0
PERSON_BONUS, MAX_PEOPLE_COUNTED = 0.75, 4
MIN_SCORE = 2.0  # one passing mention late in the text is not enough to decide
MIN_LEAD = 1.5  # the winner must beat the runner-up by this factor


@dataclass
class Analysis:
    film: Film
    summary: str
    summary_sentences: list[str]
    verdict: Verdict
    verdict_score: float
    evidence: list[str]
    people: list[dict]
    films: list[dict]
    influences: list[str]
    themes: list[str]
    film_scores: dict[str, float] = field(default_factory=dict)
    #: "extractive" (chosen sentences) or "whole" (a short review is its own summary).
    summary_kind: str = EXTRACTIVE

    @property
    def mentions(self) -> dict:
        return {
            "people": self.people,
            "films": self.films,
            "influences": self.influences,
            "themes": self.themes,
        }


def score_films(
    titles: list[TitleMention], people: list[PersonMention], catalog: Catalog
) -> dict[str, float]:
    """A score per candidate film id: title mentions by place, plus its people named."""
    scores: dict[str, float] = defaultdict(float)
    # Colliding titles (a big catalog has several "The Perfection"s): the films whose
    # people the review names take the mention; the others keep nothing from it.
    named_films = {fid for mention in people for fid, _ in mention.person.films}
    for mention in titles:
        films = [f for f in mention.films if f.id in named_films] or mention.films
        weight = (
            OPENING_WEIGHT
            if mention.sentence == 0
            else FIRST_PARAGRAPH_WEIGHT
            if mention.paragraph == 0
            else LATER_WEIGHT
        )
        if mention.comparison:
            weight *= COMPARISON_FACTOR
        if mention.year is not None:
            weight += YEAR_BONUS if any(f.year == mention.year for f in films) else 0.0
        for film in films:
            scores[film.id] += weight
    named: dict[str, int] = defaultdict(int)
    for person in {m.person.folded: m.person for m in people}.values():
        for film_id in {fid for fid, _ in person.films}:
            named[film_id] += 1
    for film_id, count in named.items():
        # People alone make a candidate only when several of the film's people are named.
        if film_id in scores or count >= 2:
            scores[film_id] += PERSON_BONUS * min(count, MAX_PEOPLE_COUNTED)
    return dict(scores)


def pick_film(scores: dict[str, float], catalog: Catalog) -> Film:
    """The clear winner, or UnclearFilm with the plausible candidates."""
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    if not ranked:
        raise UnclearFilm([])
    best_id, best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if best >= MIN_SCORE and best >= MIN_LEAD * runner_up:
        film = catalog.get(best_id)
        assert film is not None
        return film
    close = [catalog.get(fid) for fid, score in ranked[:8] if score * MIN_LEAD >= best]
    raise UnclearFilm([f for f in close if f is not None])


def _token_indices(tokens: list[Token], spans: list[tuple[int, int]]) -> set[int]:
    starts = sorted(spans)
    found: set[int] = set()
    for i, token in enumerate(tokens):
        for start, end in starts:
            if start <= token.start < end:
                found.add(i)
                break
    return found


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with names and titles blanked, so "The Perfection" isn't praise."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def analyse(text: str, catalog: Catalog, film: Film | None = None) -> Analysis:
    """Analyse a review's plain text; `film` skips detection. Raises UnclearFilm.

    A short review (fewer than two sentences or 15 words) is its own summary
    (`summary_kind` "whole"; cut to its first 90 words); its verdict is still judged.
    """
    sentences = split_sentences(text)
    tokens = tokenize(text, sentences)
    index: CatalogIndex = review_index(catalog, text, tokens, film)
    paragraph_of = [s.paragraph for s in sentences]

    taken: set[int] = set()
    full_names = link_full_names(text, tokens, index, film, taken)
    titles = find_titles(text, tokens, index, paragraph_of, taken)
    scores = score_films(titles, full_names, catalog)
    if film is None:
        film = pick_film(scores, catalog)
        # Now that the film is known, prefer its people for near-miss spellings.
        taken = set()
        full_names = link_full_names(text, tokens, index, film, taken)
    title_spans = [(m.start, m.end) for m in titles]
    taken |= _token_indices(tokens, title_spans)
    surnames = link_surnames(text, tokens, index, film, full_names, taken)
    people_mentions = full_names + surnames
    influences, themes = find_styles(tokens, index, taken)

    spans = title_spans + [(m.start, m.end) for m in people_mentions]
    masked = _masked(text, spans)
    verdict = judge(sentences, [masked[s.start : s.start + len(s.text)] for s in sentences])
    subject = set(content_words(film.title)) | {
        w for name in film.people for w in content_words(name)
    }
    if is_short(sentences):
        summary_sentences, summary_kind = whole_summary(sentences)
    else:
        summary_sentences = [s.text for s in summarize(sentences, verdict, subject)]
        summary_kind = EXTRACTIVE
    return Analysis(
        film=film,
        summary=" ".join(summary_sentences),
        summary_sentences=summary_sentences,
        summary_kind=summary_kind,
        verdict=verdict.verdict,
        verdict_score=verdict.score,
        evidence=[s.text for s in verdict.evidence],
        people=[p.to_dict() for p in group_people(people_mentions, film)],
        films=_other_films(titles, film, people_mentions),
        influences=influences,
        themes=themes,
        film_scores={k: round(v, 2) for k, v in scores.items()},
    )


def _other_films(titles: list[TitleMention], film: Film, people: list[PersonMention]) -> list[dict]:
    """Other catalog films the review names, once each, in order of first mention."""
    named_people = {m.person.name for m in people}
    result: dict[str, dict] = {}
    for mention in titles:
        if film in mention.films:
            continue
        # Colliding titles: the one whose people the review names, else the first.
        best = max(mention.films, key=lambda f: len(named_people & set(f.people)))
        entry = result.setdefault(
            best.id,
            {"film_id": best.id, "title": best.title, "year": best.year, "as_written": []},
        )
        if mention.as_written not in entry["as_written"]:
            entry["as_written"].append(mention.as_written)
    return list(result.values())
