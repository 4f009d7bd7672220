"""Small helpers for printing tables and JSON from CLI commands."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Sequence


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A plain aligned table that fits the terminal; the last column is truncated first."""
    cells = [[str(cell) for cell in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    total = shutil.get_terminal_size((100, 24)).columns
    overflow = sum(widths) + 2 * (len(widths) - 1) - total
    if overflow > 0:
        widths[-1] = max(10, widths[-1] - overflow)

    def line(values: Sequence[str]) -> str:
        parts = [
            v if len(v) <= w else v[: w - 1] + "…" for v, w in zip(values, widths, strict=True)
        ]
        return "  ".join(p.ljust(w) for p, w in zip(parts, widths, strict=True)).rstrip()

    print(line(list(headers)))
    print(line(["-" * w for w in widths]))
    for row in cells:
        print(line(row))
