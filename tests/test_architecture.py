"""The core stays free of UI code: only watchlist.tui may import Textual."""

from __future__ import annotations

import ast
from pathlib import Path

import watchlist

PACKAGE = Path(watchlist.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_never_imports_textual_or_the_tui() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in ("tui",):
            continue
        for module in imported_modules(path):
            if module.split(".")[0] in ("textual", "rich") or module.startswith("watchlist.tui"):
                if relative.parts[0] == "cli" and module.startswith("watchlist.tui"):
                    continue  # the CLI launches the app; it is a UI layer too
                offenders.append(f"{relative}: {module}")
    assert not offenders, offenders


def test_the_tui_never_imports_tinydb() -> None:
    """The app talks to the store through the core, never to TinyDB directly."""
    tui = PACKAGE / "tui"
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in tui.rglob("*.py")
        if any(m.split(".")[0] == "tinydb" for m in imported_modules(path))
    ]
    assert not offenders
