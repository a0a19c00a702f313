"""Output folders and files: checked before work, written atomically, no stale temp files left."""

from __future__ import annotations

import errno
import logging
import os
import re
import secrets
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from tarjama.models.errors import InvalidInput, shown
from tarjama.models.tempnames import STALE_AFTER_SECONDS, is_abandoned, temp_prefix

logger = logging.getLogger(__name__)

# Temp files are named `.<target>.tarjama-<host>-<pid>-<random>.tmp` (tarjama.models.tempnames,
# shared with a model conversion's staging folder): a later run removes abandoned ones.

# What tarjama's temp files were called before they carried their writer (`mkstemp` names).
LEGACY_TEMP_NAME = re.compile(r"^\..+\.(json|txt|md|html)\.[A-Za-z0-9_]{8}\.tmp$")


# The folders prepare_output_dir created while a command runs (see removing_empty_outputs).
_created_folders: ContextVar[list[Path] | None] = ContextVar("created_folders", default=None)


class OutputError(OSError):
    """A file could not be written; names the file the user asked for, never a temp file."""

    def __init__(self, path: Path, error: OSError) -> None:
        reason = error.strerror or type(error).__name__
        if isinstance(error, (FileExistsError, NotADirectoryError)) and not path.parent.is_dir():
            reason = "a part of its folder path is a file, not a folder"
        super().__init__(error.errno, reason, str(path))
        self.path = Path(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"cannot write {self.path}: {self.reason}"


def _create_temp(folder: Path, target_name: str) -> tuple[int, Path]:
    """A new temp file beside the target. os.open's mode goes through the umask, so the
    renamed file gets the permissions any other file the user creates gets (mkstemp: 0600)."""
    prefix = temp_prefix(target_name)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temp = folder / f"{prefix}{secrets.token_hex(4)}.tmp"
        try:
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(folder))


def write_atomically(path: Path, text: str) -> None:
    """Write via a temp file in the same folder and rename, so readers never see half a file."""
    path = Path(path)
    temp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = _create_temp(path.parent, path.name)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException as error:
        if temp is not None:
            temp.unlink(missing_ok=True)
        if isinstance(error, OSError) and not isinstance(error, OutputError):
            raise OutputError(path, error) from None
        raise


def is_stale_temp_file(path: Path, *, now: float | None = None) -> bool:
    """A temp file of tarjama's naming that no running writer can still own."""
    try:
        modified = path.stat().st_mtime
    except OSError:
        return False
    if LEGACY_TEMP_NAME.match(path.name):
        return (time.time() if now is None else now) - modified > STALE_AFTER_SECONDS
    return is_abandoned(path.name, modified, now=now)


def remove_stale_temp_files(folders: Iterable[Path]) -> int:
    """Remove abandoned temp files (e.g. of a killed run) directly in these folders.

    Only tarjama's own naming, only when the writer is gone or the file is old; folders are
    not searched recursively, so `--out ~` never walks a home directory.
    """
    removed = 0
    now = time.time()
    for folder in dict.fromkeys(Path(f) for f in folders):
        try:
            candidates = [p for p in folder.glob(".*.tmp") if p.is_file()]
        except OSError:
            continue
        for candidate in candidates:
            if is_stale_temp_file(candidate, now=now):
                try:
                    candidate.unlink()
                    removed += 1
                except OSError:
                    pass  # another run removed it first, or it is not ours to remove
    if removed:
        logger.info("removed %d temporary files left by an interrupted run", removed)
    return removed


def prepare_output_dir(
    path: Path, *, option: str = "--out", subfolders: Iterable[str | Path] = ()
) -> Path:
    """Create the output folder and prove it writable before any work starts.

    Raises InvalidInput (exit code 2) naming the folder and the reason. Temp files an
    interrupted run left in it (and in `subfolders`, relative to it) are removed.
    """
    path = Path(path)
    what = f"{option} {shown(str(path), 200)}"
    if path.exists() and not path.is_dir():
        raise InvalidInput(f"{what} is a file; give a folder")
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise InvalidInput(f"{what} is a file; give a folder") from None
    except NotADirectoryError:
        raise InvalidInput(f"{what}: a part of this path is a file, not a folder") from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InvalidInput(f"{what}: cannot create the folder ({reason})") from None
    created = _created_folders.get()
    if created is not None:
        created.extend(missing)  # deepest first
    try:
        fd, probe = _create_temp(path, "write-test")
        os.close(fd)
        probe.unlink()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InvalidInput(f"{what} is not writable ({reason})") from None
    remove_stale_temp_files([path, *(path / sub for sub in subfolders)])
    return path


@contextmanager
def removing_empty_outputs() -> Iterator[None]:
    """Output folders created inside this block are removed at its end if nothing was written.

    A command that fails (or is stopped) before its first output then leaves no empty
    `--out` behind. Only folders prepare_output_dir created here go, and only while they
    hold nothing but empty folders; a folder the user made stays.
    """
    created: list[Path] = []
    token = _created_folders.set(created)
    try:
        yield
    finally:
        _created_folders.reset(token)
        for folder in dict.fromkeys(created):  # deepest first: a parent goes after its child
            _remove_empty_tree(folder)


def _remove_empty_tree(folder: Path) -> None:
    """Remove `folder` when it holds only empty folders (rmdir refuses anything else)."""
    try:
        inner = [p for p in folder.rglob("*") if p.is_dir()]
    except OSError:
        return  # gone, or not ours to read
    for sub in [*sorted(inner, key=lambda p: -len(p.parts)), folder]:
        try:
            sub.rmdir()
        except OSError:
            pass  # something was written in it: it stays
