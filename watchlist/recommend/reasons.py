"""Turn the features two films share into one to three sentences a person understands."""

from __future__ import annotations

from watchlist.catalog.model import Film
from watchlist.recommend.features import FeatureIndex
from watchlist.text import fold

MAX_REASONS = 3
#: Groups whose shared items read as the strongest evidence get a nudge up the order.
_GROUP_PRIORITY = {"director": 1.6, "cast": 1.4, "tag": 1.2, "text": 1.0, "genre": 0.6, "era": 0.5}
_STRONG = frozenset({"director", "cast", "tag"})
#: Words of critics' prose that are true overlaps but say nothing about the films.
_REVIEW_TEXT = """
    admired acclaimed acclaim audience audiences critic critics critical reviewers reviews
    review viewers fans fun praised praise performance performances keeps drew found
    finding called calls remains remain considered widely often seen watch enjoy enjoyed
    best better great good favourite favorite classic genre cinema director directors
    thriller horror drama comedy mystery crime american british italian french korean
"""
_REVIEW_WORDS = frozenset(_REVIEW_TEXT.split())
_MIN_TEXT = 0.004  # summary overlap below this is noise, not a reason


def join_words(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _like(source: Film, relation: str | None) -> str:
    return f"like {source.title}" + (f" ({relation})" if relation else "")


def phrase(group: str, names: list[str], source: Film, relation: str | None) -> str:
    """One reason for a group of shared features, naming the source film."""
    if group == "director":
        return f"same director as {source.title}" + (f" ({relation})" if relation else "")
    if group == "cast":
        if relation is None:
            return f"also stars {join_words(names)}"
        return f"stars {join_words(names)}, {_like(source, relation)}"
    if group == "place":
        decade, country = names
        words = ["also", f"a {decade} film" if decade else "", f"from {country}" if country else ""]
        return " ".join(w for w in words if w) + f", {_like(source, relation)}"
    if group == "text":
        return f"also about {join_words(names)}, {_like(source, relation)}"
    return f"{join_words(names)}, {_like(source, relation)}"


def reasons_between(
    index: FeatureIndex,
    source_vector: tuple,
    candidate_vector: tuple,
    source: Film,
    candidate: Film,
    relation: str | None = None,
    limit: int = MAX_REASONS,
    skip_groups: frozenset[str] = frozenset(),
) -> list[tuple[str, str]]:
    """(group, reason) pairs for why `candidate` is like `source`, strongest first."""
    shared = index.breakdown(source_vector, candidate_vector)
    options: list[tuple[float, str, list[str]]] = []
    for group, items in shared.items():
        total = sum(value for _, value in items)
        if group in skip_groups:
            continue
        if group == "director":
            names = [index.names[fid] for fid, _ in items]
        elif group in ("cast", "tag", "genre"):
            names = [index.names[fid] for fid, _ in items[:2]]
            if group == "tag":  # the two strongest, in the order the source lists them
                names.sort(key=lambda tag: source.tags.index(tag) if tag in source.tags else 99)
        elif group == "text":
            names = _topic_words(index, items, source, candidate)
            if total < _MIN_TEXT or not names:
                continue
        else:
            continue  # era and country are merged below
        options.append((total * _GROUP_PRIORITY.get(group, 1.0), group, names))
    place = _place(shared, source, candidate)
    if place:
        options.append((place[0] * _GROUP_PRIORITY["era"], "place", place[1]))
    options.sort(key=lambda option: -option[0])
    # Summary words are named only when no person or tag is shared, and genres, era and
    # country only when nothing better is: they are true but weak explanations.
    strong = [option for option in options if option[1] in _STRONG]
    text = [option for option in options if option[1] == "text"]
    chosen = strong[:limit] or text[:1] or options[: min(limit, 2)]
    return [(group, phrase(group, names, source, relation)) for _, group, names in chosen]


def _topic_words(index: FeatureIndex, items: list, source: Film, candidate: Film) -> list[str]:
    """Up to three shared summary words, minus names, titles and critics' prose."""
    own = set()
    for film in (source, candidate):
        for text in (film.title, *film.people):
            own.update(fold(text).split())
    words = [index.keys[fid].split(":", 1)[1] for fid, _ in items]
    return [w for w in words if w not in own and w not in _REVIEW_WORDS][:3]


def _place(shared: dict, source: Film, candidate: Film) -> tuple[float, list[str]] | None:
    """[decade, country] the two films share ("" where they do not), with the weight."""
    total = sum(value for _, value in shared.get("era", ()))
    decade = ""
    if source.year and candidate.year and source.year // 10 == candidate.year // 10:
        decade = f"{source.year - source.year % 10}s"
    countries = [c for c in candidate.countries if c in source.countries]
    country = countries[0] if countries and shared.get("country") else ""
    if country:
        total += sum(value for _, value in shared["country"])
    if not decade and not country:
        return None
    return total, [decade, country]
