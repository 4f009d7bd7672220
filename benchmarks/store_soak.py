"""Soak the safe watchlist store with SIGKILLs and compare its write latency with plain TinyDB.

    python benchmarks/store_soak.py [--kills 1000] [--sizes 100 1000 10000] [--dir DIR]

1. Soak: a writer process does mixed inserts / (mostly shrinking) updates / deletes and is
   SIGKILLed at a random moment, `--kills` times; after each kill the file must be readable
   and hold every acknowledged write (the last unacknowledged one may or may not be there).
2. Latency: median and p95 per write at each size, plain TinyDB (`JSONStorage`) against the
   safe layer in the same run, interleaved so both see the same disk noise. Target: safe
   <= 1.5 x plain.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tinydb import Query, TinyDB

from watchlist.store.entries import Entry
from watchlist.store.storage import open_safe_db
from watchlist.store.watchlist_store import WatchlistStore

WORKERS = Path(__file__).resolve().parents[1] / "tests" / "store" / "workers.py"
sys.path.insert(0, str(WORKERS.parent))
from workers import allowed_states  # noqa: E402


def soak(folder: Path, kills: int, max_delay_ms: float) -> dict[str, int]:
    path, acks = folder / "watchlist.json", folder / "acks.log"
    zygote = subprocess.Popen(
        [sys.executable, str(WORKERS), "zygote", str(path), str(acks)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert zygote.stdin and zygote.stdout
    rng = random.Random(1)
    state: dict[str, str] = {}
    counts = {"kills": 0, "unreadable": 0, "lost": 0, "acknowledged": 0, "in_flight_kept": 0}
    try:
        for trial in range(kills):
            acks.write_text("")
            zygote.stdin.write(f"trial {trial} {rng.uniform(0, max_delay_ms):.3f}\n")
            zygote.stdin.flush()
            if zygote.stdout.readline().strip() != "done":
                raise RuntimeError("the writer was not killed")
            counts["kills"] += 1
            try:
                if path.exists():
                    json.loads(path.read_bytes())
                actual = {e.film_id: e.note for e in WatchlistStore(path).entries()}
            except Exception as error:
                counts["unreadable"] += 1
                print(f"  trial {trial}: unreadable: {error}")
                path.unlink(missing_ok=True)
                state = {}
                continue
            log = acks.read_text()
            counts["acknowledged"] += log.count('"k": "ack"')
            allowed = allowed_states(state, log)
            if actual not in allowed:
                counts["lost"] += 1
            elif len(allowed) == 2 and actual == allowed[1]:
                counts["in_flight_kept"] += 1
            state = actual
            if (trial + 1) % 250 == 0:
                print(f"  {trial + 1} kills: {counts}", flush=True)
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=60)
    return counts


def entry_doc(i: int) -> dict:
    entry = Entry(
        f"film-{i}",
        status="seen" if i % 3 else "want",
        rating=(i % 10 + 1) / 2,
        note="a few words about the film " * (i % 4),
        tags=["horror"] if i % 2 else [],
        title=f"Film number {i}",
        year=1950 + i % 70,
    )
    if entry.status == "seen":
        entry.viewings.append({"date": "2024-01-01", "rewatch": False})
    entry.history.append({"at": entry.added_at, "status": entry.status})
    return entry.to_dict()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def latency(folder: Path, size: int, writes: int) -> dict[str, tuple[float, float]]:
    docs = [entry_doc(i) for i in range(size)]
    plain_path, safe_path, store_path = (folder / f"{n}-{size}.json" for n in "pqs")
    with TinyDB(plain_path) as plain_db:
        plain_db.table("entries").insert_multiple(docs)
    safe_db = open_safe_db(safe_path, backup_interval=float("inf"))
    safe_db.table("entries").insert_multiple(docs)
    store = WatchlistStore(store_path, backup_interval=float("inf"))
    store.db.table("entries").insert_multiple(docs)

    plain_db = TinyDB(plain_path)
    plain, safe = plain_db.table("entries"), safe_db.table("entries")
    film = Query().film_id
    samples: dict[str, list[float]] = {k: [] for k in ("plain", "safe", "plain_upd", "store_upd")}
    for n in range(writes):
        new = entry_doc(size + n)
        target = f"film-{n * 7 % size}"
        note = "changed " * (n % 3)
        # Interleaved, so disk noise hits both the same way.
        samples["plain"].append(timed(lambda new=new: plain.insert(dict(new))))
        samples["safe"].append(timed(lambda new=new: safe.insert(dict(new))))
        samples["plain_upd"].append(
            timed(lambda t=target, v=note: plain.update({"note": v}, film == t))
        )
        samples["store_upd"].append(timed(lambda t=target, v=note: store.set_note(t, v)))
    plain_db.close()
    return {k: (statistics.median(v), percentile(v, 0.95)) for k, v in samples.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--max-delay-ms", type=float, default=80.0)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument(
        "--dir", type=Path, default=None, help="where to write (default: a temp dir)"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        if args.kills:
            print(f"soak: {args.kills} random SIGKILLs of a mixed insert/update/delete writer")
            (folder / "soak").mkdir()
            counts = soak(folder / "soak", args.kills, args.max_delay_ms)
            print(f"soak result: {counts}")
        print("\nwrite latency, ms per write (median / p95), plain TinyDB vs safe, same run")
        header = "entries  op                      plain          safe           ratio(med/p95)"
        print(header)
        worst = 0.0
        for size in args.sizes:
            writes = 100 if size <= 1000 else 30
            result = latency(folder, size, writes)
            for label, plain_key, safe_key in (
                ("insert (table.insert)", "plain", "safe"),
                ("update note by film id", "plain_upd", "store_upd"),
            ):
                (pm, pp), (sm, sp) = result[plain_key], result[safe_key]
                worst = max(worst, sm / pm, sp / pp)
                print(
                    f"{size:>7}  {label:<22}  {pm:6.2f} / {pp:6.2f}  {sm:6.2f} / {sp:6.2f}  "
                    f"{sm / pm:4.2f} / {sp / pp:4.2f}"
                )
        print(f"\nworst ratio: {worst:.2f} (target <= 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
