"""What the review analysis looks things up in, built once per catalog.

Titles and the style vocabulary are indexed by their first folded word so that matching
walks the review once; people are kept as folded full names for rapidfuzz.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from watchlist.catalog.catalog import Catalog
from watchlist.catalog.model import Film
from watchlist.reviews.sentences import word_set
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


@lru_cache(maxsize=4)
def index_for(catalog: Catalog) -> CatalogIndex:
    """The index of a catalog (catalogs are immutable, so caching by identity is safe)."""
    index = CatalogIndex(catalog)
    titles: dict[str, list[tuple[tuple[str, ...], Film]]] = defaultdict(list)
    roles: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    display: dict[str, str] = {}
    vocabulary: dict[str, bool] = {}  # style -> is a theme
    for film in catalog:
        for title in {film.title, film.original_title or film.title}:
            words = tuple(fold(title).split())
            if words:
                titles[words[0]].append((words, film))
        for role, names in (("director", film.directors), ("cast", film.cast)):
            for name in names:
                key = fold(name)
                if key:
                    display.setdefault(key, name)
                    roles[key][name].append((film.id, role))
        for tag in film.tags:
            vocabulary[tag] = is_theme(tag)
        for genre in film.genres:
            vocabulary[genre.lower()] = is_theme(genre)
    index.titles = dict(titles)
    for key, spellings in roles.items():
        films = tuple(pair for pairs in spellings.values() for pair in pairs)
        name = display[key]
        index.people[key] = Person(name, key, _surnames(name), films)
    index.people_names = list(index.people)

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
