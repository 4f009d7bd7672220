"""Importers: Wikipedia JSON streaming, IMDb TSV passes, and clear errors on bad input."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from watchlist.catalog.importers.base import CatalogImportError
from watchlist.catalog.importers.genres import map_genres
from watchlist.catalog.importers.imdb import CREDIT, ImdbImporter
from watchlist.catalog.importers.wikipedia import WikipediaImporter, iter_json_array

WIKI_ROWS = [
    {
        "title": "Night Harbour",
        "year": 1961,
        "cast": ["Ann Vale", "Tom Reed", "Ann Vale"],
        "genres": ["Noir", "Animated", "Silent"],
        "href": "Night_Harbour",
        "extract": "Night Harbour is a secret summary sentence that must never be stored.",
        "thumbnail": "https://example.org/x.jpg",
    },
    {"title": "Night Harbour", "year": 1961, "cast": [], "genres": [], "href": None},
    {"title": "Amélie's Song", "year": 2001, "cast": ["Zoé Brun"], "genres": ["Sports"]},
    {"title": "", "year": 1950, "cast": [], "genres": []},
    {"title": "No Year", "year": "unknown", "cast": ["X Y"], "genres": ["Drama"]},
]


def write_json(path: Path, data: object, gz: bool = False) -> Path:
    text = json.dumps(data, ensure_ascii=False, indent=1)
    if gz:
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("gz", [False, True])
def test_wikipedia_rows_become_films(tmp_path: Path, gz: bool) -> None:
    path = write_json(tmp_path / ("movies.json.gz" if gz else "movies.json"), WIKI_ROWS, gz)
    importer = WikipediaImporter(path)
    films = [film for film, _ in importer.films()]
    assert [f.id for f in films] == [
        "wp-night-harbour-1961",
        "wp-night-harbour-1961-2",
        "wp-amelies-song-2001",
        "wp-no-year",
    ]
    first = films[0]
    assert first.cast == ("Ann Vale", "Tom Reed")
    assert first.genres == ("Crime", "Animation")
    assert first.summary == "" and first.tags == () and first.directors == ()
    assert "secret summary" not in repr(films)
    assert films[3].year is None
    assert importer.skipped == 1


def test_json_array_streams_across_tiny_chunks(tmp_path: Path) -> None:
    data = [
        *WIKI_ROWS,
        12345,
        1.5,
        None,
        True,
        "text ] with [ brackets",
        {"nested": [1, {"a": "}"}]},
    ]
    path = write_json(tmp_path / "a.json", data)
    assert list(iter_json_array(path, chunk_size=3)) == data
    assert list(iter_json_array(write_json(tmp_path / "e.json", []), chunk_size=2)) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"title": "x"}', "not a JSON array"),
        (b'[{"title": "x"}, {"title": ', "ends abruptly"),
        (b'[{"title": "x"} {"title": "y"}]', "malformed JSON"),
        (b'[{"title": "caf\xe9"}]', "not UTF-8"),
        (b'["just", "strings"]', "not an array of film objects"),
    ],
)
def test_bad_wikipedia_files_raise_one_clear_error(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(CatalogImportError, match=message):
        list(WikipediaImporter(path).films())


def test_truncated_gzip_is_reported(tmp_path: Path) -> None:
    whole = gzip.compress(json.dumps(WIKI_ROWS * 50).encode())
    path = tmp_path / "cut.json.gz"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(CatalogImportError, match="truncated"):
        list(WikipediaImporter(path).films())


def test_genre_mapping_uses_catalog_names() -> None:
    assert map_genres(["Sci-Fi", "Film-Noir", "Drama", "Drama", "Game-Show"]) == (
        "Science Fiction",
        "Crime",
        "Drama",
    )


# -- IMDb -----------------------------------------------------------------------------------

BASICS = [
    "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres",
    "tt0000001\tmovie\tThe Perfection\tThe Perfection\t0\t2018\t\\N\t90\tHorror,Music,Thriller",
    "tt0000002\tmovie\tDeep Red\tProfondo rosso\t0\t1975\t\\N\t\\N\tHorror,Mystery,Thriller",
    "tt0000003\ttvMovie\tA TV Film\tA TV Film\t0\t1990\t\\N\t80\tDrama",
    "tt0000004\ttvSeries\tA Series\tA Series\t0\t1990\t\\N\t30\tDrama",
    "tt0000005\tmovie\tAdult Thing\tAdult Thing\t1\t2000\t\\N\t80\tAdult",
    "tt0000006\tmovie\tObscure\tObscure\t0\t\\N\t\\N\t99999\t\\N",
]
RATINGS = ["tconst\taverageRating\tnumVotes", "tt0000001\t6.0\t80000", "tt0000002\t7.6\t40000",
           "tt0000003\t5.0\t10", "tt0000006\t5.0\t3"]  # fmt: skip
CREW = ["tconst\tdirectors\twriters", "tt0000001\tnm0000001\tnm0000001",
        "tt0000002\tnm0000002\t\\N", "tt0000006\t\\N\t\\N"]  # fmt: skip
PRINCIPALS = [
    "tconst\tordering\tnconst\tcategory\tjob\tcharacters",
    'tt0000001\t3\tnm0000012\tactor\t\\N\t["Anton"]',
    'tt0000001\t1\tnm0000010\tactress\t\\N\t["Charlotte"]',
    'tt0000001\t2\tnm0000011\tactress\t\\N\t["Lizzie"]',
    "tt0000001\t4\tnm0000001\tdirector\t\\N\t\\N",
    "tt0000002\t1\tnm0000020\tactor\t\\N\t\\N",
    "tt0000002\t2\tnm0000002\tdirector\t\\N\t\\N",
    "tt0000003\t1\tnm0000030\tactor\t\\N\t\\N",
]
NAMES = [
    "nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles",
    "nm0000001\tRichard Shepard\t1965\t\\N\tdirector\ttt0000001",
    "nm0000002\tDario Argento\t1940\t\\N\tdirector\ttt0000002",
    "nm0000010\tAllison Williams\t1988\t\\N\tactress\t\\N",
    "nm0000011\tLogan Browning\t1989\t\\N\tactress\t\\N",
    "nm0000012\tSteven Weber\t1961\t\\N\tactor\t\\N",
    "nm0000020\tDavid Hemmings\t1941\t2003\tactor\t\\N",
    "nm0000030\tTV Actor\t\\N\t\\N\tactor\t\\N",
    "nm0000099\tNobody Needed\t\\N\t\\N\tactor\t\\N",
]
TABLES = {
    "title.basics": BASICS,
    "title.ratings": RATINGS,
    "title.crew": CREW,
    "title.principals": PRINCIPALS,
    "name.basics": NAMES,
}


def write_imdb(folder: Path, gz: bool = True, skip: tuple[str, ...] = (), **overrides) -> Path:
    """Small IMDb-format files; `overrides` maps a stem (dots as _) to replacement lines."""
    folder.mkdir(parents=True, exist_ok=True)
    for stem, lines in TABLES.items():
        if stem in skip:
            continue
        lines = overrides.get(stem.replace(".", "_"), lines)
        data = ("\n".join(lines) + "\n").encode("utf-8")
        if gz:
            (folder / f"{stem}.tsv.gz").write_bytes(gzip.compress(data))
        else:
            (folder / f"{stem}.tsv").write_bytes(data)
    return folder


@pytest.mark.parametrize("gz", [True, False])
def test_imdb_films_directors_cast_and_votes(tmp_path: Path, gz: bool) -> None:
    importer = ImdbImporter(write_imdb(tmp_path / "imdb", gz=gz))
    films = {film.id: (film, votes) for film, votes in importer.films()}
    assert set(films) == {"tt0000001", "tt0000002", "tt0000006"}
    perfection, votes = films["tt0000001"]
    assert votes == 80000
    assert perfection.directors == ("Richard Shepard",)
    assert perfection.cast == ("Allison Williams", "Logan Browning", "Steven Weber")
    assert perfection.genres == ("Horror", "Music", "Thriller")
    assert (perfection.year, perfection.runtime, perfection.summary) == (2018, 90, "")
    deep_red, _ = films["tt0000002"]
    assert deep_red.original_title == "Profondo rosso" and deep_red.runtime is None
    obscure, _ = films["tt0000006"]
    assert (obscure.year, obscure.runtime, obscure.directors, obscure.cast) == (None, None, (), ())
    assert importer.credit == CREDIT


def test_imdb_min_votes_and_tv_movies(tmp_path: Path) -> None:
    folder = write_imdb(tmp_path / "imdb")
    ids = [film.id for film, _ in ImdbImporter(folder, min_votes=50000).films()]
    assert ids == ["tt0000001"]
    ids = [film.id for film, _ in ImdbImporter(folder, tv_movies=True, min_votes=5).films()]
    assert ids == ["tt0000001", "tt0000002", "tt0000003"]


def test_imdb_directors_from_principals_without_crew(tmp_path: Path) -> None:
    folder = write_imdb(tmp_path / "imdb", skip=("title.crew", "title.ratings"))
    films = {film.id: film for film, _ in ImdbImporter(folder).films()}
    assert films["tt0000002"].directors == ("Dario Argento",)
    assert films["tt0000001"].cast[0] == "Allison Williams"


def test_imdb_missing_files_and_columns(tmp_path: Path) -> None:
    with pytest.raises(CatalogImportError, match=r"title\.principals"):
        ImdbImporter(write_imdb(tmp_path / "a", skip=("title.principals",)))
    with pytest.raises(CatalogImportError, match=r"title\.ratings"):
        ImdbImporter(write_imdb(tmp_path / "b", skip=("title.ratings",)), min_votes=10)
    with pytest.raises(CatalogImportError, match="not a folder"):
        ImdbImporter(tmp_path / "nowhere")
    wrong = write_imdb(tmp_path / "c", title_basics=NAMES)  # name.basics where basics belong
    with pytest.raises(CatalogImportError, match="missing columns"):
        list(ImdbImporter(wrong).films())


def test_imdb_staging_file_is_removed(tmp_path: Path) -> None:
    folder = write_imdb(tmp_path / "imdb")
    work = tmp_path / "work"
    work.mkdir()
    list(ImdbImporter(folder, work_dir=work).films())
    assert list(work.iterdir()) == []


def test_imdb_names_in_a_second_process_give_the_same_films(tmp_path: Path) -> None:
    folder = write_imdb(tmp_path / "imdb")
    inline = list(ImdbImporter(folder, parallel=False).films())
    work = tmp_path / "work"
    work.mkdir()
    parallel = list(ImdbImporter(folder, parallel=True, work_dir=work).films())
    assert parallel == inline and len(inline) == 3
    assert list(work.iterdir()) == []


def test_imdb_bad_names_file_in_a_second_process_is_a_clear_error(tmp_path: Path) -> None:
    folder = write_imdb(tmp_path / "imdb")
    names = folder / "name.basics.tsv.gz"
    names.write_bytes(names.read_bytes()[:-12])  # truncated
    with pytest.raises(CatalogImportError, match=r"name\.basics"):
        list(ImdbImporter(folder, parallel=True).films())


def test_imdb_records_match_films_and_malformed_rows_are_noted(tmp_path: Path) -> None:
    principals = [*PRINCIPALS, "tt0000002\tbroken", "", "tt0000002\tx\tnm0000099\tactor\t\\N"]
    folder = write_imdb(tmp_path / "imdb", title_principals=principals)
    importer = ImdbImporter(folder)
    records = list(importer.records())
    assert [(r.film(), r.votes) for r in records] == list(ImdbImporter(folder).films())
    assert importer.notes == ["title.principals.tsv.gz: 2 malformed rows skipped"]
    deep_red = next(r for r in records if r.id == "tt0000002")
    assert deep_red.film().cast == ("David Hemmings",)  # the bad ordering row is left out


def test_imdb_interrupted_with_a_second_process_cleans_up(tmp_path: Path, monkeypatch) -> None:
    import multiprocessing

    folder = write_imdb(tmp_path / "imdb")
    work = tmp_path / "work"
    work.mkdir()

    def interrupted(self, db, wanted) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(ImdbImporter, "_load_people", interrupted)
    with pytest.raises(KeyboardInterrupt):
        list(ImdbImporter(folder, parallel=True, work_dir=work).films())
    assert list(work.iterdir()) == []
    assert not [p for p in multiprocessing.active_children() if p.name == "watchlist-imdb-names"]
