"""Moving a watchlist in and out: Letterboxd and IMDb imports, JSON / CSV / Letterboxd export.

Pure core (no UI). The CLI (`watchlist import ...`, `watchlist export ...`) and the TUI
call the two functions below; the TUI should run them in a worker thread.

    import_path(services, kind, path) -> ImportReport   # kind: letterboxd | imdb | json
    export_to(services, fmt, path, force=False) -> Path  # fmt: json | csv | letterboxd
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from watchlist.lazy import lazy_exports

if TYPE_CHECKING:
    from watchlist.interchange.export import export_text, export_to
    from watchlist.interchange.formats import FORMATS, KINDS
    from watchlist.interchange.importer import import_path
    from watchlist.interchange.report import ImportReport, RowOutcome

__getattr__ = lazy_exports(
    __name__,
    {
        "FORMATS": "formats",
        "export_text": "export",
        "export_to": "export",
        "KINDS": "formats",
        "import_path": "importer",
        "ImportReport": "report",
        "RowOutcome": "report",
    },
)

__all__ = [
    "FORMATS",
    "KINDS",
    "ImportReport",
    "RowOutcome",
    "export_text",
    "export_to",
    "import_path",
]
