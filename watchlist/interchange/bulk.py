"""Writing many entries in one go, on top of the store's public API.

`WatchlistStore.update` writes the whole file once per entry: fine for a person clicking,
quadratic for an import of a few thousand films (about 15 s for 1,000 here). Inside one
`store.transaction()`, `put_entries` saves any number of entries with at most two writes
(one for replaced entries, one for new ones), each atomic like every store write.
The store could offer this itself (`WatchlistStore.put_many(entries)`).
"""

from __future__ import annotations

from collections.abc import Iterable

from watchlist.store.entries import Entry
from watchlist.store.watchlist_store import ENTRIES_TABLE, WatchlistStore


def put_entries(store: WatchlistStore, entries: Iterable[Entry]) -> None:
    """Save each entry exactly as given (replacing the one with its film_id, if any).

    Must run inside `store.transaction()` so that nobody writes in between.
    """
    wanted = {entry.film_id: entry for entry in entries}
    if not wanted:
        return
    for entry in wanted.values():
        entry.check()
    table = store.db.table(ENTRIES_TABLE)
    existing: dict[str, list[int]] = {}
    for doc in table.all():
        existing.setdefault(doc.get("film_id"), []).append(doc.doc_id)
    replaced = {film_id: e.to_dict() for film_id, e in wanted.items() if film_id in existing}
    duplicates = [
        doc_id for film_id in replaced for doc_id in existing[film_id][1:]
    ]  # an old duplicate document of the same film is dropped, as the store does

    def replace(doc: dict) -> None:
        new = replaced[doc["film_id"]]
        doc.clear()
        doc.update(new)

    if replaced:
        table.update(replace, doc_ids=[existing[film_id][0] for film_id in replaced])
    if duplicates:
        table.remove(doc_ids=duplicates)
    new_docs = [e.to_dict() for film_id, e in wanted.items() if film_id not in existing]
    if new_docs:
        table.insert_multiple(new_docs)
