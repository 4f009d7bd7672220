"""The search index on disk: built once per catalog version, memory-mapped on start-up.

Layout, under the cache folder (`<data home>/search-index/`):

    v1-<hash of the catalog fingerprint>/
        meta.json               format, fingerprint, sizes; written last
        <array>.npy             every numpy array of SearchIndex, opened with mmap_mode="r"
        text.bin, display.bin   the entry strings as one UTF-8 blob each
        text_offsets.npy, ...   where each string starts and ends in its blob

Opening costs a few milliseconds whatever the size: nothing is read until a look-up touches
it, and only the candidates rapidfuzz re-ranks are decoded into Python strings.

A folder is built in a temporary folder beside it and `os.replace`d into place, so a crash
leaves no half-written index; when the catalog's fingerprint changes (an import or a remove)
the next open builds a new folder and deletes the stale ones. A folder that cannot be read
(missing files, wrong sizes, bad JSON) is rebuilt. Should the cache folder be unwritable,
the index is built in memory for this process.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import mmap
import os
import shutil
import time
import uuid
from pathlib import Path

import numpy as np

from watchlist.catalog.catalog import Catalog
from watchlist.search.engine import SearchEngine, catalog_popularity
from watchlist.search.index import (
    N_PREFIXES,
    N_TRIGRAMS,
    BlobStrings,
    ListStrings,
    SearchIndex,
    StringTable,
    build_index,
)

log = logging.getLogger(__name__)

FORMAT = 1
#: A catalog this big is indexed on disk even without imports (its build takes seconds).
PERSIST_MIN_FILMS = 100_000
_META = "meta.json"
_TEMP_PREFIX = ".tmp-"
#: A temporary folder older than this belongs to a build that died: removed when seen.
_STALE_TEMP_SECONDS = 3600

_ARRAYS = (
    "film_years",
    "film_prior",
    "entry_kind",
    "entry_len",
    "entry_prior",
    "entry_film_ptr",
    "entry_films",
    "gram_ptr",
    "gram_entries",
    "gram_common",
    "prefix_ptr",
    "prefix_entries",
    "prefix_at_start",
)


class IndexFormatError(Exception):
    """A saved index folder is incomplete, damaged or of another format."""


def should_persist(catalog: Catalog) -> bool:
    """Whether `catalog` is big enough to keep its index on disk: it has imported films."""
    from watchlist.catalog.sqlite_catalog import MergedCatalog

    return isinstance(catalog, MergedCatalog) or len(catalog) >= PERSIST_MIN_FILMS


def index_folder(cache_dir: Path, fingerprint: str) -> Path:
    digest = hashlib.blake2b(fingerprint.encode(), digest_size=10).hexdigest()
    return cache_dir / f"v{FORMAT}-{digest}"


def open_engine(catalog: Catalog, cache_dir: Path | None = None) -> SearchEngine:
    """A SearchEngine over `catalog`. Small catalogs (bundled only) and `cache_dir=None` build
    in memory; a big catalog's index is loaded memory-mapped from `cache_dir`, or built and
    saved there first when missing, stale or damaged."""
    if cache_dir is None or not should_persist(catalog):
        return SearchEngine(catalog)
    return SearchEngine(catalog, ensure_index(catalog, cache_dir))


def ensure_index(catalog: Catalog, cache_dir: Path) -> SearchIndex:
    """The saved index for `catalog` under `cache_dir`, built (and stale ones removed) when
    needed. Call it after an import to have the next start-up open instantly."""
    fingerprint = catalog.fingerprint
    folder = index_folder(cache_dir, fingerprint)
    try:
        return load_index(folder, fingerprint, len(catalog))
    except IndexFormatError as error:
        if folder.exists():
            log.warning("search index %s is damaged (%s): rebuilding", folder, error)
    index = build_index(catalog, catalog_popularity(catalog))
    try:
        save_index(index, folder, fingerprint)
    except OSError as error:
        log.warning("cannot save the search index in %s (%s): kept in memory", cache_dir, error)
        return index
    remove_stale(cache_dir, keep=folder)
    try:
        return load_index(folder, fingerprint, len(catalog))
    except IndexFormatError:  # replaced under us by something unreadable: use what we have
        return index


# -- saving ------------------------------------------------------------------------------


def save_index(index: SearchIndex, folder: Path, fingerprint: str) -> None:
    """Write `index` as `folder`, atomically: a temporary folder beside it, then a rename.
    If another process saved the same folder meanwhile, its copy is kept."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    temp = folder.parent / f"{_TEMP_PREFIX}{folder.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    temp.mkdir()
    try:
        sizes: dict[str, int] = {}
        for name in _ARRAYS:
            array = np.ascontiguousarray(getattr(index, name))
            np.save(temp / f"{name}.npy", array, allow_pickle=False)
            sizes[name] = len(array)
        text_offsets = _write_blob(temp, "text", index.entry_text)
        tail_starts = _tail_starts(index.entry_text, index.entry_tail, text_offsets)
        np.save(temp / "tail_starts.npy", tail_starts, allow_pickle=False)
        _write_blob(temp, "display", index.entry_display)
        meta = {
            "format": FORMAT,
            "fingerprint": fingerprint,
            "n_films": index.n_films,
            "n_entries": index.n_entries,
            "sizes": sizes,
            "built_at": time.time(),
        }
        (temp / _META).write_text(json.dumps(meta, indent=1), encoding="utf-8")
        _sync_folder(temp)
        if folder.exists():  # damaged (we could not load it): move it aside first
            _remove(folder)
        try:
            os.replace(temp, folder)
        except OSError:
            if not (folder / _META).exists():
                raise
            # Another process finished the same index first: keep theirs.
    finally:
        if temp.exists():
            _remove(temp)


def _write_blob(folder: Path, name: str, strings: StringTable) -> np.ndarray:
    """strings -> `<name>.bin` (UTF-8, concatenated) + `<name>_offsets.npy` (n + 1)."""
    if isinstance(strings, BlobStrings):
        items = (strings[i] for i in range(len(strings)))
    else:
        assert isinstance(strings, ListStrings)
        items = iter(strings.strings)
    lengths = np.zeros(len(strings) + 1, dtype=np.int64)
    with open(folder / f"{name}.bin", "wb") as handle:
        chunk: list[bytes] = []
        for number, text in enumerate(items, start=1):
            data = text.encode()
            lengths[number] = len(data)
            chunk.append(data)
            if len(chunk) >= 65536:
                handle.write(b"".join(chunk))
                chunk.clear()
        handle.write(b"".join(chunk))
    offsets = np.cumsum(lengths)
    np.save(folder / f"{name}_offsets.npy", offsets, allow_pickle=False)
    return offsets


def _tail_starts(texts: StringTable, tails: StringTable, offsets: np.ndarray) -> np.ndarray:
    """Where each tail starts in the text blob (tails are suffixes of the ASCII texts)."""
    n = len(texts)
    if isinstance(texts, ListStrings) and isinstance(tails, ListStrings):
        pairs = zip(texts.strings, tails.strings, strict=True)
    else:
        pairs = ((texts[i], tails[i]) for i in range(n))
    cut = np.fromiter((len(text) - len(tail) for text, tail in pairs), dtype=np.int64, count=n)
    return offsets[:-1] + cut


def _sync_folder(folder: Path) -> None:
    for path in folder.iterdir():
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())


def _remove(folder: Path) -> None:
    """Delete a folder: renamed out of the way first, so a reader never sees half of one."""
    doomed = folder.parent / f"{_TEMP_PREFIX}gone-{folder.name}-{uuid.uuid4().hex[:8]}"
    try:
        os.replace(folder, doomed)
    except OSError:
        doomed = folder
    shutil.rmtree(doomed, ignore_errors=True)


def remove_stale(cache_dir: Path, keep: Path) -> None:
    """Delete every index folder but `keep`, and temporary folders of dead builds."""
    with contextlib.suppress(OSError):
        for path in cache_dir.iterdir():
            if path == keep or not path.is_dir():
                continue
            if path.name.startswith(_TEMP_PREFIX):
                with contextlib.suppress(OSError):
                    if time.time() - path.stat().st_mtime > _STALE_TEMP_SECONDS:
                        shutil.rmtree(path, ignore_errors=True)
            elif path.name.startswith("v"):
                _remove(path)


# -- loading -----------------------------------------------------------------------------


def load_index(folder: Path, fingerprint: str, n_films: int) -> SearchIndex:
    """The index saved in `folder`, memory-mapped; IndexFormatError if it is missing,
    damaged, or for another catalog."""
    try:
        meta = json.loads((folder / _META).read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT or meta.get("fingerprint") != fingerprint:
            raise IndexFormatError("built for another catalog or format")
        if meta.get("n_films") != n_films:
            raise IndexFormatError(f"covers {meta.get('n_films')} films, not {n_films}")
        n_entries = int(meta["n_entries"])
        arrays = {name: _load(folder, name) for name in _ARRAYS}
        text_offsets = _load(folder, "text_offsets")
        display_offsets = _load(folder, "display_offsets")
        tail_starts = _load(folder, "tail_starts")
        text_blob = _map(folder / "text.bin")
        display_blob = _map(folder / "display.bin")
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise IndexFormatError(str(error)) from error
    expected = {
        "film_years": n_films,
        "film_prior": n_films,
        "entry_kind": n_entries,
        "entry_len": n_entries,
        "entry_prior": n_entries,
        "entry_film_ptr": n_entries + 1,
        "gram_ptr": N_TRIGRAMS + 1,
        "gram_common": N_TRIGRAMS,
        "prefix_ptr": N_PREFIXES + 1,
    }
    for name, size in expected.items():
        if arrays[name].shape != (size,):
            raise IndexFormatError(f"{name} has shape {arrays[name].shape}, expected {size}")
    checks = (
        (text_offsets.shape == (n_entries + 1,), "text offsets"),
        (display_offsets.shape == (n_entries + 1,), "display offsets"),
        (tail_starts.shape == (n_entries,), "tail starts"),
        (int(text_offsets[-1]) == len(text_blob), "text blob size"),
        (int(display_offsets[-1]) == len(display_blob), "display blob size"),
        (int(arrays["entry_film_ptr"][-1]) == len(arrays["entry_films"]), "film postings"),
        (int(arrays["gram_ptr"][-1]) == len(arrays["gram_entries"]), "trigram postings"),
        (int(arrays["prefix_ptr"][-1]) == len(arrays["prefix_entries"]), "prefix postings"),
        (len(arrays["prefix_at_start"]) == len(arrays["prefix_entries"]), "prefix flags"),
    )
    for ok, what in checks:
        if not ok:
            raise IndexFormatError(f"{what} do not match")
    text_ends = text_offsets[1:]
    return SearchIndex(
        n_films=n_films,
        entry_text=BlobStrings(text_blob, text_offsets[:-1], text_ends),
        entry_tail=BlobStrings(text_blob, tail_starts, text_ends),
        entry_display=BlobStrings(display_blob, display_offsets[:-1], display_offsets[1:]),
        **arrays,
    )


def _load(folder: Path, name: str) -> np.ndarray:
    array = np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)
    if array.ndim != 1:
        raise IndexFormatError(f"{name} is not a flat array")
    # A plain ndarray view of the map: slicing a np.memmap costs microseconds a time.
    return np.asarray(array)


def _map(path: Path) -> bytes | mmap.mmap:
    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return b""
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
