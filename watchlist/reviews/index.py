"""What the review analysis looks things up in, built once per catalog.

Titles and the style vocabulary are indexed by their first folded word so that matching
walks the review once; people are kept as folded full names for rapidfuzz. Over a merged
catalog (bundled + a million imported films) only the bundled films are indexed up front;
`review_index` adds the imported films a review names, found in SQLite by folded title.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

from watchlist.catalog.catalog import Catalog
from watchlist.catalog.model import Film
from watchlist.catalog.sqlite_catalog import MergedCatalog
from watchlist.reviews.sentences import word_set
from watchlist.reviews.tokens import Token
from watchlist.text import fold

#: Single-word tags and genres that name a style, a genre or a tradition. Other single words
#: ("family", "revenge", "hope") are themes: the catalog keeps growing, so styles are the
#: list, not themes.
STYLE_WORDS = word_set("""
    giallo gialli slasher splatter gothic arthouse satire anime wuxia jidaigeki grindhouse
    musical epic biopic western noir mockumentary exploitation melodrama whodunit thriller
    horror fantasy comedy animation documentary animated expressionism surrealism neorealism
    hitchcockian lynchian kafkaesque cyberpunk steampunk fairytale
    """)
#: Multi-word tags that name a subject rather than a style.
THEME_PHRASES = word_set(
    """
    serial killer|twist ending|mother and daughter|father and son|haunted house|coming of age|
    home invasion|world war i|world war ii|cold war|vietnam war|nuclear war|american civil war|
    time travel|true story|great depression|midlife crisis|good versus evil|treasure hunt|
    cabin in the woods|mad scientist|hero's journey|artificial intelligence|ancient rome|
    new york|small town|high school|free will
    """,
    "|",
)


def is_theme(style: str) -> bool:
    """True for subjects ("revenge"), False for styles and influences ("giallo")."""
    style = style.strip().lower()
    if " " in style or "-" in style:
        return style in THEME_PHRASES
    return style not in STYLE_WORDS and not style.endswith(("ism", "esque"))


#: Spellings reviews use for catalog styles that plain plural rules don't produce.
STYLE_ALIASES = {
    "gialli": "giallo",
    "k horror": "korean horror",
    "j horror": "j-horror",
    "noir": "film noir",
    "sci fi": "science fiction",
    "scifi": "science fiction",
    "b movies": "b movie",
    "b film": "b movie",
    "b films": "b movie",
    "b picture": "b movie",
    "spaghetti westerns": "spaghetti western",
}


@dataclass(frozen=True, slots=True)
class Person:
    name: str  # as the catalog spells it
    folded: str
    surnames: tuple[str, ...]  # folded words a review may use alone for this person
    films: tuple[tuple[str, str], ...]  # (film_id, "director" | "cast")

    def role_in(self, film_id: str | None) -> str:
        roles = {role for fid, role in self.films if fid == film_id} or {r for _, r in self.films}
        return "director" if "director" in roles else "cast"


@dataclass
class CatalogIndex:
    catalog: Catalog
    titles: dict[str, list[tuple[tuple[str, ...], Film]]] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)  # by folded name
    people_names: list[str] = field(default_factory=list)  # folded, for rapidfuzz
    styles: dict[str, list[tuple[tuple[str, ...], str, bool]]] = field(default_factory=dict)

    def person_names_of(self, film: Film | None) -> list[str]:
        return [fold(name) for name in film.people] if film else []


def _surnames(name: str) -> tuple[str, ...]:
    raw = name.split()
    folded = fold(name).split()
    if not folded:
        return ()
    if len(raw) == 2 and "-" in raw[1]:
        # East Asian order ("Park Chan-wook"): the family name comes first.
        return (fold(raw[0]),)
    return (folded[-1],)


class _Builder:
    """Collects the titles, people and style vocabulary of some films."""

    def __init__(self) -> None:
        self.titles: dict[str, list[tuple[tuple[str, ...], Film]]] = defaultdict(list)
        self.roles: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.display: dict[str, str] = {}
        self.vocabulary: dict[str, bool] = {}  # style -> is a theme

    def add(self, film: Film) -> None:
        for title in {film.title, film.original_title or film.title}:
            words = tuple(fold(title).split())
            if words:
                self.titles[words[0]].append((words, film))
        for role, names in (("director", film.directors), ("cast", film.cast)):
            for name in names:
                key = fold(name)
                if key:
                    self.display.setdefault(key, name)
                    self.roles[key][name].append((film.id, role))
        for tag in film.tags:
            self.vocabulary[tag] = is_theme(tag)
        for genre in film.genres:
            self.vocabulary[genre.lower()] = is_theme(genre)

    def people(self) -> dict[str, Person]:
        result = {}
        for key, spellings in self.roles.items():
            films = tuple(pair for pairs in spellings.values() for pair in pairs)
            name = self.display[key]
            result[key] = Person(name, key, _surnames(name), films)
        return result


def index_for(catalog: Catalog) -> CatalogIndex:
    """The index of a catalog's in-memory films: all of a plain catalog; the bundled films
    of a merged one (the imported films are looked up per review: `review_index`)."""
    if isinstance(catalog, MergedCatalog):
        return _index_of(catalog.bundled)
    return _index_of(catalog)


@lru_cache(maxsize=4)
def _index_of(catalog: Catalog) -> CatalogIndex:
    """The index of a catalog (catalogs are immutable, so caching by identity is safe)."""
    index = CatalogIndex(catalog)
    builder = _Builder()
    for film in catalog:
        builder.add(film)
    index.titles = dict(builder.titles)
    index.people = builder.people()
    index.people_names = list(index.people)
    vocabulary = builder.vocabulary

    styles: dict[str, list[tuple[tuple[str, ...], str, bool]]] = defaultdict(list)

    def add(phrase: str, style: str) -> None:
        words = tuple(fold(phrase).split())
        if words and (words, style, vocabulary[style]) not in styles[words[0]]:
            styles[words[0]].append((words, style, vocabulary[style]))

    for style in vocabulary:
        add(style, style)
        folded = fold(style)
        add(folded + "s", style)  # plurals: "slashers", "thrillers"
        if folded.endswith(("y",)):
            add(folded[:-1] + "ies", style)
    for alias, style in STYLE_ALIASES.items():
        if style in vocabulary:
            add(alias, style)
    index.styles = dict(styles)
    return index


# -- big catalogs: the imported films a review names --------------------------------------

#: The longest title (in words) looked up in the imported films.
MAX_TITLE_WORDS = 8
_SMALL = word_set("the a an of in on and to for with by at from is it or but as vs de la le")
_YEAR_AFTER = re.compile(r"\s*[(\[,]?\s*((?:18|19|20)\d\d)\b")


def review_index(
    catalog: Catalog, text: str, tokens: list[Token], film: Film | None = None
) -> CatalogIndex:
    """The index to analyse one review with.

    For a plain catalog that is `index_for(catalog)`. A merged catalog may hold a million
    imported films, too many to index whole for one review, so its index is the bundled
    films' plus, looked up in SQLite by folded title, the imported films the review names:
    runs of two or more capitalised words (small words allowed after the first), or a single word
    followed by a matching year ("Lizzie (2018)"), plus `film`. Their people join the
    index, so a review of an imported film links its cast and crew.
    """
    base = index_for(catalog)
    if not isinstance(catalog, MergedCatalog):
        return base
    keys, single = _title_candidates(text, tokens)
    extra: dict[str, Film] = {}
    for found in catalog.imported.by_title_keys(sorted(keys | set(single))):
        if found.id in extra or catalog.bundled.get(found.id):
            continue
        folded = {fold(found.title), fold(found.original_title or found.title)}
        if folded & keys or any(found.year in single.get(k, ()) for k in folded):
            extra[found.id] = found
    if film is not None and film.id not in extra and not catalog.bundled.get(film.id):
        extra[film.id] = film
    if not extra:
        return base
    return _extended(base, list(extra.values()))


def _title_candidates(text: str, tokens: list[Token]) -> tuple[set[str], dict[str, set[int]]]:
    """Folded word runs that may be titles; single words map to the years written after."""
    keys: set[str] = set()
    single: dict[str, set[int]] = defaultdict(set)
    for i, token in enumerate(tokens):
        if not token.capital:
            continue  # "of Lizzie" in running text is no title
        words = [token.word]
        year = _YEAR_AFTER.match(text, token.end)
        if year:
            single[token.word].add(int(year.group(1)))
        for later in tokens[i + 1 : i + MAX_TITLE_WORDS]:
            if later.sentence != token.sentence or not (later.capital or later.word in _SMALL):
                break
            words.append(later.word)
            if later.capital:
                keys.add(" ".join(words))
    return keys, dict(single)


def _extended(base: CatalogIndex, films: list[Film]) -> CatalogIndex:
    """`base` plus some films' titles and people (a new index; `base` is shared)."""
    builder = _Builder()
    for film in films:
        builder.add(film)
    titles = dict(base.titles)
    for word, entries in builder.titles.items():
        titles[word] = [*titles.get(word, ()), *entries]
    people = dict(base.people)
    for key, person in builder.people().items():
        known = people.get(key)
        people[key] = person if known is None else replace(known, films=known.films + person.films)
    return CatalogIndex(base.catalog, titles, people, list(people), base.styles)
