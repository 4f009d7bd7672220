"""What every importer shares: the error type, progress reporting and opening files."""

from __future__ import annotations

import gzip
import io
import sys
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TextIO

from watchlist.errors import WatchlistError

GZIP_MAGIC = b"\x1f\x8b"


class CatalogImportError(WatchlistError):
    """An import cannot go on (bad file, missing columns...); the catalog is unchanged."""


@dataclass
class ImportSummary:
    """What an import did, for the closing line and for `catalog info`."""

    source: str
    films: int = 0
    merged: int = 0
    skipped: int = 0
    seconds: float = 0.0
    credit: str = ""
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        text = (
            f"Imported {self.films:,} films from {self.source} "
            f"({self.merged:,} merged with bundled films, {self.skipped:,} rows skipped) "
            f"in {self.seconds:.1f} s."
        )
        return [text, *self.notes, *([self.credit] if self.credit else [])]


class Progress:
    """A plain-text progress line on stderr, at most about once a second.

    On a terminal the line is rewritten in place; elsewhere each update is a new line.
    """

    def __init__(
        self, stream: TextIO | None = None, interval: float = 1.0, enabled: bool = True
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval
        self.enabled = enabled
        self._label = ""
        self._start = self._last = time.monotonic()
        self._count = 0
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def start(self, label: str) -> None:
        self._finish_line()
        self._label = label
        self._start = self._last = time.monotonic()
        self._count = 0

    def update(self, count: int) -> None:
        """Report `count` rows done so far in the current step (cheap when not due)."""
        self._count = count
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            self._write(now)

    def done(self) -> None:
        if self._label:
            self._write(time.monotonic(), final=True)
        self._label = ""

    def _write(self, now: float, final: bool = False) -> None:
        if not self.enabled or not self._label:
            return
        elapsed = max(now - self._start, 1e-9)
        if final and not self._count:
            text = f"{self._label}: done in {elapsed:.1f} s"
        else:
            text = f"{self._label}: {self._count:,} rows ({self._count / elapsed:,.0f} rows/s)"
            text += f" in {elapsed:.1f} s" if final else ""
        if self._tty:
            self.stream.write("\r\x1b[K" + text + ("\n" if final else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def _finish_line(self) -> None:
        if self._label:
            self.done()


class Quiet(Progress):
    def __init__(self) -> None:
        super().__init__(stream=io.StringIO(), enabled=False)


@contextmanager
def open_text(path: Path) -> Iterator[TextIO]:
    """Open a plain or gzipped UTF-8 text file (gzip detected by content, not by name);
    read errors become CatalogImportError naming the file."""
    try:
        raw: IO[bytes] = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as error:
        raise CatalogImportError(f"cannot read {path}: {error.strerror or error}") from error
    try:
        compressed = raw.read(2) == GZIP_MAGIC
        raw.seek(0)
        binary: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw
        text = io.TextIOWrapper(binary, encoding="utf-8", errors="strict", newline="\n")
        with translate_errors(path):
            yield text
    finally:
        raw.close()


@contextmanager
def translate_errors(path: Path) -> Iterator[None]:
    """Turn the ways a file can be broken into one clear CatalogImportError line."""
    name = path.name
    try:
        yield
    except UnicodeDecodeError as error:
        raise CatalogImportError(
            f"{name}: not UTF-8 text (byte 0x{error.object[error.start]:02x} cannot be decoded)"
        ) from error
    except EOFError as error:
        raise CatalogImportError(f"{name}: the file is truncated (download it again)") from error
    except (gzip.BadGzipFile, zlib.error) as error:
        raise CatalogImportError(f"{name}: corrupt gzip data ({error})") from error
    except OSError as error:
        raise CatalogImportError(f"{name}: read error ({error.strerror or error})") from error
