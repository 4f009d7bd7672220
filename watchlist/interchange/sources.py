"""Getting the bytes of an export: one file, a folder, or a .zip."""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from watchlist.interchange.tables import ImportFileError

#: Sub-folders of a Letterboxd export that hold other things than the main lists.
_IGNORED_FOLDERS = {"deleted", "orphaned", "likes", "lists", "__macosx"}


def read_file(path: Path) -> bytes:
    """The bytes of a file the user named, with clear errors for the usual mistakes."""
    if not path.exists():
        raise ImportFileError(f"{path}: no such file")
    if path.is_dir():
        raise ImportFileError(f"{path}: is a folder, expected a file")
    try:
        return path.read_bytes()
    except OSError as error:
        raise ImportFileError(f"{path}: cannot read it ({error.strerror or error})") from error


def find_members(path: Path, names: tuple[str, ...]) -> dict[str, tuple[str, bytes]]:
    """The files called `names` in a folder or a zip: {name: (label, bytes)}.

    The shallowest copy wins, so a zip holding a single top folder works, and the
    `deleted/`, `orphaned/`, `likes/` and `lists/` folders of a Letterboxd export are ignored.
    """
    wanted = {name.lower(): name for name in names}
    found: dict[str, tuple[int, str]] = {}
    if path.is_dir():
        for member in sorted(path.rglob("*.csv")):
            relative = member.relative_to(path)
            _consider(found, wanted, PurePosixPath(relative.as_posix()), relative.as_posix())
        return {
            name: (f"{path.name}/{member}", read_file(path / member))
            for name, (_, member) in found.items()
        }
    if not zipfile.is_zipfile(path):
        raise ImportFileError(f"{path}: not a zip file or a folder")
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.is_dir():
                    _consider(found, wanted, PurePosixPath(info.filename), info.filename)
            return {name: (member, archive.read(member)) for name, (_, member) in found.items()}
    except (zipfile.BadZipFile, OSError, RuntimeError) as error:
        raise ImportFileError(f"{path}: cannot read the zip file ({error})") from error


def _consider(
    found: dict[str, tuple[int, str]], wanted: dict[str, str], member: PurePosixPath, label: str
) -> None:
    name = wanted.get(member.name.lower())
    folders = [part.lower() for part in member.parts[:-1]]
    if name is None or any(part in _IGNORED_FOLDERS for part in folders) or len(folders) > 1:
        return
    if name not in found or len(folders) < found[name][0]:
        found[name] = (len(folders), label)
