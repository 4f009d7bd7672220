"""Applying an import to the watchlist: idempotent, all-or-nothing parsing, one lock.

The file is parsed and matched completely before the store is touched, so a bad file
changes nothing. Then, under one store transaction, every film's new entry is computed
from the current one and compared with it: only real changes are written (in at most two
writes: `WatchlistStore.put_many`), so importing the same file twice changes nothing.

Merging a Letterboxd / IMDb record into an existing entry never loses anything:
seen wins over want, a rating in the file replaces the entry's, notes and reviews are
appended (unless already there), tags and viewings are unions, and the date added moves
earlier if the file knows an earlier one. A JSON export (`kind` "json") restores entries
exactly; an entry that changed locally since the export (an `updated_at` as new or newer
than the file's) is kept.

Reviews are all-or-nothing with the entries: they are analysed before anything is
written, then stored under the watchlist's transaction and the reviews file's lock, before
the entries (see `_write_together`). A watchlist that is read-only, damaged or too new
fails first and no review is stored; a reviews file that cannot be written fails before
any entry is; a failed entry write takes the new reviews back out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from watchlist.catalog.catalog import Catalog
from watchlist.errors import WatchlistError
from watchlist.interchange import imdb, letterboxd, native
from watchlist.interchange.formats import KINDS
from watchlist.interchange.matching import AMBIGUOUS, BY_ID, UNMATCHED, Match, match
from watchlist.interchange.records import SEEN, ImportRecord, join_text
from watchlist.interchange.report import (
    IMPORTED,
    SKIPPED,
    UNCHANGED,
    UPDATED,
    ImportReport,
    RowOutcome,
)
from watchlist.reviews.reading import review_text
from watchlist.store.entries import Entry, now_iso

if TYPE_CHECKING:
    from watchlist.reviews.model import Review
    from watchlist.reviews.service import ReviewService
    from watchlist.reviews.store import ReviewStore
    from watchlist.services import Services
    from watchlist.store.watchlist_store import WatchlistStore


def import_path(services: Services, kind: str, path: str | Path) -> ImportReport:
    """Import a Letterboxd export / IMDb CSV / watchlist JSON export into the watchlist.

    Raises WatchlistError (nothing changed) for an unknown kind or a bad file.
    """
    path = Path(path).expanduser()
    if kind == "json":
        return apply_native(services, native.load(path), str(path))
    if kind == "letterboxd":
        records = letterboxd.load(path)
    elif kind == "imdb":
        records = imdb.load(path)
    else:
        raise WatchlistError(f"unknown import kind {kind!r}; use one of {', '.join(KINDS)}")
    return apply_records(services, records, kind, str(path))


@dataclass
class _Planned:
    record: ImportRecord
    match: Match
    review_to_note: bool = False


def plan(records: list[ImportRecord], catalog: Catalog) -> tuple[list[_Planned], list[RowOutcome]]:
    """Match every record; records aiming at the same entry are merged. Pure."""
    planned: dict[str, _Planned] = {}
    skipped: list[RowOutcome] = []
    for record in records:
        if record.skip_reason:
            skipped.append(
                RowOutcome(
                    record.title, record.year, list(record.sources), SKIPPED,
                    reason=record.skip_reason,
                )
            )  # fmt: skip
            continue
        result = match(record, catalog)
        known = planned.get(result.film_id)
        if known is None:
            planned[result.film_id] = _Planned(record, result)
        else:
            known.record = known.record.merged(record)
    return list(planned.values()), skipped


def apply_records(
    services: Services, records: list[ImportRecord], kind: str, label: str
) -> ImportReport:
    """Store parsed Letterboxd / IMDb records; see the module docstring for the rules.

    Reviews of catalog films go to the review service (once: a review whose text is
    already stored for the film is not added again); a review of a film the catalog lacks,
    or one the service refuses, is appended to the entry's note instead. Every review is
    analysed before anything is written, and the reviews and the entries are written
    together under both files' locks (see `_write_together`): nothing half-stored.
    """
    planned, skipped = plan(records, services.catalog)
    report = ImportReport(kind, label)
    reviews = _review_service(services)
    prepared: dict[str, Review] = {}
    in_notes = 0
    for item in planned:
        if not item.record.review:
            continue
        if reviews is not None and item.match.in_catalog:
            try:
                plain, _ = review_text(item.record.review, f"{kind} review")
                prepared[item.match.film_id] = reviews.prepare_plain(
                    plain, item.match.film_id, source=f"{kind} import"
                )
                continue
            except WatchlistError as error:
                report.notes.append(f"review of {item.record.label} kept in its note: {error}")
        item.review_to_note = True
        in_notes += 1
    if in_notes:
        report.notes.append(f"reviews kept in the entries' notes: {in_notes}")
    store = services.store
    with store.transaction():
        current = {entry.film_id: entry for entry in store.entries()}
        now = now_iso()
        changed: list[Entry] = []
        outcomes: list[tuple[_Planned, Entry | None, list[str]]] = []
        for item in planned:
            before = current.get(item.match.film_id)
            after, changes = merge_into(
                before, item.record, item.match, now, reviews_to_note=item.review_to_note
            )
            if changes:
                after.updated_at = now
                changed.append(after)
            outcomes.append((item, before, changes))

        def add_reviews() -> list[str]:
            assert reviews is not None
            attached = reviews.attach_many(prepared.values())
            return [review.id for review, added in attached if added]

        added_ids = set(
            _write_together(
                store, changed, reviews.store if prepared and reviews else None, add_reviews
            )
        )
        reviewed = {review.film_id for review in prepared.values() if review.id in added_ids}
        for item, before, changes in outcomes:
            if item.match.film_id in reviewed:
                changes.append("review")
            action = IMPORTED if before is None else UPDATED if changes else UNCHANGED
            report.rows.append(_outcome(item.record, item.match, action, changes))
    report.rows.extend(skipped)
    return report


def _write_together(
    store: WatchlistStore,
    changed: list[Entry],
    review_store: ReviewStore | None,
    add_reviews: Callable[[], list[str]],
) -> list[str]:
    """Write new reviews and changed entries as one change; returns the added review ids.

    Called inside the watchlist's transaction (its file checked writable and read, so a
    read-only, damaged or too new watchlist has already failed). Under the reviews file's
    lock too, the reviews are written first (a read-only, damaged or too new reviews file
    fails there, before anything is written), then the entries; if the entries cannot be
    written, the reviews just added are taken out again.
    """
    if review_store is None:
        store.put_many(changed)
        return []
    with review_store.locked():
        added = add_reviews()
        try:
            store.put_many(changed)
        except BaseException:
            review_store.remove(added)
            raise
    return added


def merge_into(
    before: Entry | None,
    record: ImportRecord,
    result: Match,
    now: str,
    reviews_to_note: bool = True,
) -> tuple[Entry, list[str]]:
    """The entry after importing `record`, and what changed (empty: nothing)."""
    changes: list[str] = []
    if before is None:
        status = record.status or "want"
        added = day_to_timestamp(record.added_at)
        if added is None and record.viewings:
            added = day_to_timestamp(record.viewings[0].date)
        added = added or now
        entry = Entry(result.film_id, status=status, added_at=added, updated_at=now)
        entry.history.append({"at": added, "status": status})
        changes.append("new entry")
    else:
        entry = before.copy()
        if record.status == SEEN and entry.status != SEEN:
            entry.status = SEEN
            entry.history.append({"at": now, "status": SEEN})
            changes.append("status")
        added = day_to_timestamp(record.added_at)
        if added and _instant(added) < _instant(entry.added_at):
            entry.added_at = added
            changes.append("added_at")
    if record.rating is not None and record.rating != entry.rating:
        entry.rating = record.rating
        changes.append("rating")
    note = join_text(entry.note or None, record.note)
    if reviews_to_note:
        note = join_text(note, record.review)
    if (note or "") != entry.note:
        entry.note = note or ""
        changes.append("note")
    known_tags = {tag.casefold() for tag in entry.tags}
    new_tags = [tag for tag in record.tags if tag.casefold() not in known_tags]
    if new_tags:
        entry.tags = [*entry.tags, *new_tags]
        changes.append("tags")
    known_days = {viewing["date"] for viewing in entry.viewings}
    new_viewings = [v.to_dict() for v in record.viewings if v.date not in known_days]
    if new_viewings:
        entry.viewings = sorted([*entry.viewings, *new_viewings], key=lambda v: v["date"])
        changes.append("viewings")
    if not result.in_catalog and entry.title is None:
        entry.title, entry.year = record.title, record.year
        if before is not None:
            changes.append("title")
    if before is None:
        changes = ["new entry"]
    return entry, changes


def apply_native(services: Services, export: native.NativeExport, label: str) -> ImportReport:
    """Restore entries (and reviews) from a JSON export exactly; newer local entries are kept.

    Reviews are restored by id: one already there is left alone. Entries and reviews are
    written together (see `_write_together`): a refused watchlist stores no review.
    """
    report = ImportReport("json", label)
    entries, films = export.entries, export.films
    service = _review_service(services)
    catalog = services.catalog
    store = services.store
    with store.transaction():
        current = {entry.film_id: entry for entry in store.entries()}
        changed: list[Entry] = []
        for number, entry in enumerate(entries, start=1):
            film = catalog.get(entry.film_id)
            info = films.get(entry.film_id, {})
            if film is None and entry.title is None and isinstance(info.get("title"), str):
                entry.title = info["title"]
                entry.year = info.get("year") if isinstance(info.get("year"), int) else None
            title = film.title if film else entry.title or entry.film_id
            year = film.year if film else entry.year
            row = RowOutcome(
                title, year, [f"{Path(label).name}: entry {number}"], UNCHANGED,
                match=BY_ID if film else UNMATCHED, film_id=entry.film_id,
            )  # fmt: skip
            if film is None:
                row.reason = "not in the catalog"
            before = current.get(entry.film_id)
            if before is None:
                row.action, row.changes = IMPORTED, ["new entry"]
                changed.append(entry)
            elif before != entry:
                if _instant(before.updated_at) >= _instant(entry.updated_at):
                    row.reason = "kept your copy: it changed after this export"
                else:
                    row.action = UPDATED
                    row.changes = [
                        key for key, value in entry.to_dict().items()
                        if before.to_dict()[key] != value
                    ]  # fmt: skip
                    changed.append(entry)
            report.rows.append(row)
        restoring = bool(export.reviews) and service is not None

        def restore_reviews() -> list[str]:
            assert service is not None
            return [review.id for review in service.store.restore(export.reviews)]

        restored = _write_together(
            store, changed, service.store if restoring and service else None, restore_reviews
        )
    if restored:
        report.notes.append(f"{len(restored)} reviews restored")
    return report


def day_to_timestamp(day: str | None) -> str | None:
    """ "2022-05-01" -> local midnight as an ISO-8601 time with offset (the store's form)."""
    if not day:
        return None
    try:
        moment = datetime.combine(date.fromisoformat(day), datetime.min.time())
    except ValueError:
        return None
    return moment.astimezone().isoformat(timespec="seconds")


def _instant(timestamp: str) -> datetime:
    return datetime.fromisoformat(timestamp)


def _outcome(record: ImportRecord, result: Match, action: str, changes: list[str]) -> RowOutcome:
    row = RowOutcome(
        record.title,
        record.year,
        list(record.sources),
        action,
        match=result.how,
        film_id=result.film_id,
        reason=result.reason,
        changes=changes,
    )
    if result.how == AMBIGUOUS:
        row.candidates = [film.id for film in result.candidates]
    return row


def _review_service(services: Services) -> ReviewService | None:
    """The app's review service, if this build has one."""
    return getattr(services, "reviews", None)
