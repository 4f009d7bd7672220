"""Writer processes for the store's crash and concurrency tests (and benchmarks/store_soak.py).

Run as a script: `python workers.py zygote|counter|hold ...`. Kept free of pytest so a fresh
interpreter starts fast.

* zygote PATH ACKS: imports everything once, then for each stdin line "trial SEED DELAY_MS"
  forks a writer running `mixed_workload`, SIGKILLs it after DELAY_MS and answers "done".
* counter PATH NAME N: after "go" on stdin, adds N films and increments a shared counter N
  times; prints "ok" at the end.
* hold LOCK: holds the sidecar lock until stdin closes.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
from pathlib import Path

from watchlist.store.entries import Entry
from watchlist.store.watchlist_store import WatchlistStore

MAX_ENTRIES = 300
COUNTER_ID = "shared-counter"


def _log(fd: int, record: dict) -> None:
    # One small O_APPEND write: a SIGKILL cannot split it, and the page cache outlives us.
    os.write(fd, (json.dumps(record) + "\n").encode())


def mixed_workload(path: Path, acks: Path, seed: int, backup_interval: float = 3600.0) -> None:
    """Insert, update (often shrinking) and delete forever, logging intent and ack of each."""
    rng = random.Random(seed)
    store = WatchlistStore(path, backup_interval=backup_interval)
    fd = os.open(acks, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    known = sorted(store.statuses())
    n = 0
    while True:
        n += 1
        roll = rng.random()
        if not known or (roll < 0.45 and len(known) < MAX_ENTRIES):
            op = {"op": "put", "id": f"film-{seed}-{n}", "note": "x" * rng.randint(0, 400)}
        elif roll < 0.8:
            # Mostly shrinking updates: the case that leaves trailing bytes in plain TinyDB.
            note = "" if rng.random() < 0.6 else "y" * rng.randint(0, 600)
            op = {"op": "put", "id": rng.choice(known), "note": note}
        else:
            op = {"op": "del", "id": rng.choice(known)}
        _log(fd, {"k": "intent", **op})
        if op["op"] == "put":
            store.add(op["id"], note=op["note"])
            if op["id"] not in known:
                known.append(op["id"])
        else:
            store.remove(op["id"])
            known.remove(op["id"])
        _log(fd, {"k": "ack", **op})


def apply(state: dict[str, str], op: dict) -> dict[str, str]:
    new = dict(state)
    if op["op"] == "put":
        new[op["id"]] = op["note"]
    else:
        new.pop(op["id"], None)
    return new


def allowed_states(base: dict[str, str], log_text: str) -> list[dict[str, str]]:
    """The states a kill may leave: every ack applied, plus (maybe) the last unacked intent."""
    state, pending = dict(base), None
    for line in log_text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue  # cannot happen with O_APPEND writes, but never trust a killed writer
        if record["k"] == "intent":
            pending = record
        else:
            state, pending = apply(state, record), None
    return [state] if pending is None else [state, apply(state, pending)]


def zygote(path: Path, acks: Path, backup_interval: float) -> None:
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            return
        seed, delay_ms = int(words[1]), float(words[2])
        pid = os.fork()
        if pid == 0:
            try:
                mixed_workload(path, acks, seed, backup_interval)
            finally:
                os._exit(3)
        time.sleep(delay_ms / 1000)
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        print("done" if killed else f"exited {status}", flush=True)


def counter(path: Path, name: str, count: int) -> None:
    store = WatchlistStore(path, lock_timeout=60)
    print("ready", flush=True)
    sys.stdin.readline()

    def increment(entry: Entry | None) -> Entry:
        entry = entry or Entry(COUNTER_ID, note="0")
        entry.note = str(int(entry.note) + 1)
        return entry

    for i in range(count):
        store.add(f"{name}-{i}", title=f"{name} {i}")
        store.update(COUNTER_ID, increment)
    print("ok", flush=True)


def hold(lock: Path) -> None:
    from filelock import FileLock

    with FileLock(lock, thread_local=False):
        print("held", flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    command, *rest = sys.argv[1:]
    if command == "zygote":
        interval = float(rest[2]) if len(rest) > 2 else 3600.0
        zygote(Path(rest[0]), Path(rest[1]), interval)
    elif command == "counter":
        counter(Path(rest[0]), rest[1], int(rest[2]))
    elif command == "hold":
        hold(Path(rest[0]))
    else:
        raise SystemExit(f"unknown command {command!r}")
