"""How tarjama names its temporary files and folders, and how a later run tells one abandoned."""

from __future__ import annotations

import hashlib
import os
import re
import socket
import time
from pathlib import Path

# Temp files and folders are named `.<target>.tarjama-<host>-<pid>-<random>.tmp`: hidden,
# recognisably ours, and saying which process on which machine wrote them, so a later run
# can tell an abandoned one (its writer is gone) from one a concurrent run is writing now.
TEMP_NAME = re.compile(r"^\..*\.tarjama-(?P<host>[0-9a-f]{6})-(?P<pid>\d+)-[0-9a-f]{8}\.tmp$")
# One older than this was abandoned, whoever wrote it: the rule for writers on other
# machines sharing the folder (a temp file lives for one write; a conversion's staging
# folder is touched as long as the converter writes into it).
STALE_AFTER_SECONDS = 3600.0
# Room for the suffix within the 255-byte file name limit; the target part is only a hint.
MAX_TARGET_IN_TEMP_NAME = 120


def host_tag() -> str:
    """Six hex digits naming this machine (its host name, hashed: names stay private)."""
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:6]


def temp_prefix(target_name: str) -> str:
    """`.<target>.tarjama-<host>-<pid>-`: add 8 random hex digits and `.tmp`."""
    return f".{target_name[:MAX_TARGET_IN_TEMP_NAME]}.tarjama-{host_tag()}-{os.getpid()}-"


def writer_is_gone(host: str, pid: int) -> bool:
    """True only when the writer surely ended: same machine, and no process with its pid."""
    if os.name != "posix" or host != host_tag() or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return True
    except OSError:
        return False  # exists, owned by someone else
    return False


def is_abandoned(name: str, modified: float, *, now: float | None = None) -> bool:
    """Whether a temp entry of tarjama's naming, last modified at `modified`, is abandoned.

    False for any other name. Abandoned: older than STALE_AFTER_SECONDS, or written on this
    machine by a process that no longer exists.
    """
    match = TEMP_NAME.match(name)
    if match is None:
        return False
    if (time.time() if now is None else now) - modified > STALE_AFTER_SECONDS:
        return True
    return writer_is_gone(match["host"], int(match["pid"]))


def last_modified(path: Path) -> float:
    """The newest mtime of a path and, for a folder, of the entries directly in it."""
    newest = path.stat().st_mtime
    if path.is_dir():
        for entry in path.iterdir():
            try:
                newest = max(newest, entry.stat().st_mtime)
            except OSError:
                continue
    return newest
