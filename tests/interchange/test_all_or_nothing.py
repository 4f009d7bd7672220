"""An import that fails stores nothing: no entries and no reviews (nothing half-stored)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli as run
from tests.interchange.builders import letterboxd_export
from tests.interchange.test_export import rich_watchlist
from tests.interchange.test_importer import OLDBOY_REVIEW
from watchlist.interchange import export_to, import_path
from watchlist.paths import watchlist_path
from watchlist.reviews.store import REVIEWS_FILE
from watchlist.services import Services, open_services
from watchlist.store.errors import DiskFull, ReadOnlyStore, TooNewStore

#: A Letterboxd export whose reviews.csv holds a review the service stores (long enough
#: to be summarised by any version).
REVIEWED = {
    "watched.csv": [
        {"Date": "2022-05-01", "Name": "Oldboy", "Year": "2003", "Letterboxd URI": "u1"},
    ],
    "reviews.csv": [
        {"Date": "2022-05-01", "Name": "Oldboy", "Year": "2003", "Letterboxd URI": "u2",
         "Rating": "4.5", "Review": OLDBOY_REVIEW, "Watched Date": "2022-05-01"},
    ],
}  # fmt: skip


def test_letterboxd_import_into_a_read_only_watchlist_stores_no_review(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], watchlist_home: Path
) -> None:
    services = open_services()
    services.store.add("psycho-1960")
    path = watchlist_path(services.home)
    before = path.read_bytes()
    path.chmod(0o444)
    try:
        code, out, err = run(
            capsys, "import", "letterboxd", str(letterboxd_export(tmp_path, REVIEWED))
        )
        assert code == 1 and "read-only" in err and not out
        assert path.read_bytes() == before
        assert not (watchlist_home / REVIEWS_FILE).exists()
        code, out, _ = run(capsys, "review", "show", "oldboy-2003")
        assert code == 0 and "No reviews of Oldboy (2003)" in out
    finally:
        path.chmod(0o644)


def test_json_import_into_a_too_new_watchlist_stores_no_review(tmp_path: Path) -> None:
    source = Services(tmp_path / "one")
    rich_watchlist(tmp_path, source)
    assert source.reviews.store.all()
    export = export_to(source, "json", tmp_path / "export.json")

    target = Services(tmp_path / "two")
    path = watchlist_path(target.home)
    path.parent.mkdir(parents=True)
    newer = {"_meta": {"1": {"schema_version": 99}}, "entries": {}}
    path.write_text(json.dumps(newer), encoding="utf-8")
    with pytest.raises(TooNewStore):
        import_path(target, "json", export)
    assert json.loads(path.read_text(encoding="utf-8")) == newer
    assert not (target.home / REVIEWS_FILE).exists()


@pytest.mark.parametrize("kind", ["letterboxd", "json"])
def test_a_failed_watchlist_write_takes_the_new_reviews_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    if kind == "json":
        source = Services(tmp_path / "one")
        rich_watchlist(tmp_path, source)
        path = export_to(source, "json", tmp_path / "export.json")
    else:
        path = letterboxd_export(tmp_path, REVIEWED)
    services = Services(tmp_path / "home")
    services.reviews.add(OLDBOY_REVIEW + " Seen twice.", film="oldboy-2003")  # kept
    kept = (services.home / REVIEWS_FILE).read_bytes()

    def full(entries) -> None:
        raise DiskFull("no space left on the disk; nothing was changed")

    monkeypatch.setattr(services.store, "put_many", full)
    with pytest.raises(DiskFull):
        import_path(services, kind, path)
    assert [r.text for r in services.reviews.store.all()] == [OLDBOY_REVIEW + " Seen twice."]
    assert (
        json.loads((services.home / REVIEWS_FILE).read_bytes())["reviews"]
        == (json.loads(kept)["reviews"])
    )
    assert services.store.entries() == []


def test_a_read_only_reviews_file_fails_the_import_before_any_write(tmp_path: Path) -> None:
    services = Services(tmp_path / "home")
    services.reviews.add(OLDBOY_REVIEW + " Seen twice.", film="oldboy-2003")
    services.store.add("psycho-1960")
    watchlist = watchlist_path(services.home)
    before = watchlist.read_bytes()
    reviews = services.home / REVIEWS_FILE
    reviews.chmod(0o444)
    try:
        with pytest.raises(ReadOnlyStore):
            import_path(services, "letterboxd", letterboxd_export(tmp_path, REVIEWED))
        assert watchlist.read_bytes() == before
        assert len(services.reviews.store.all()) == 1
    finally:
        reviews.chmod(0o644)


def test_an_import_without_new_reviews_never_needs_the_reviews_file(tmp_path: Path) -> None:
    """Reviews already attached: a read-only reviews.json does not block the entries."""
    services = Services(tmp_path / "home")
    path = letterboxd_export(tmp_path, REVIEWED)
    import_path(services, "letterboxd", path)
    services.store.remove("oldboy-2003")
    reviews = services.home / REVIEWS_FILE
    reviews.chmod(0o444)
    try:
        report = import_path(services, "letterboxd", path)
        assert report.rows[0].changes == ["new entry"]  # the review was already there
        assert services.store.get("oldboy-2003").rating == 4.5
        assert len(services.reviews.for_film("oldboy-2003")) == 1
    finally:
        reviews.chmod(0o644)
