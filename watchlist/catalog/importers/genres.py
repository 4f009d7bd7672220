"""Map source genre names onto the catalog's genre vocabulary (unknown ones are dropped)."""

from __future__ import annotations

from collections.abc import Iterable

#: The genre names the bundled catalog uses.
CATALOG_GENRES = frozenset(
    {
        "Action", "Adventure", "Animation", "Biography", "Comedy", "Crime", "Documentary",
        "Drama", "Family", "Fantasy", "History", "Horror", "Music", "Musical", "Mystery",
        "Romance", "Science Fiction", "Sport", "Thriller", "War", "Western",
    }
)  # fmt: skip

_ALIASES = {
    # IMDb
    "Sci-Fi": "Science Fiction",
    "Film-Noir": "Crime",
    # Wikipedia film data
    "Animated": "Animation",
    "Historical": "History",
    "Sports": "Sport",
    "Noir": "Crime",
    "Suspense": "Thriller",
    "Spy": "Thriller",
    "Slasher": "Horror",
    "Found Footage": "Horror",
    "Superhero": "Action",
    "Martial Arts": "Action",
    "Satire": "Comedy",
    "Dance": "Music",
    "Legal": "Drama",
    "Biographical": "Biography",
    "Science fiction": "Science Fiction",
}


def map_genres(names: Iterable[str]) -> tuple[str, ...]:
    """Catalog genres for source genre names, in first-seen order, without repeats."""
    result: list[str] = []
    for name in names:
        name = name.strip()
        genre = name if name in CATALOG_GENRES else _ALIASES.get(name)
        if genre is None:
            genre = _ALIASES.get(name.title()) or (
                name.title() if name.title() in CATALOG_GENRES else None
            )
        if genre and genre not in result:
            result.append(genre)
    return tuple(result)
