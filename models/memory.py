"""Peak memory of a process, read the way the benchmarks and GetInfo report it (VmHWM)."""

from __future__ import annotations

import resource
import sys
from pathlib import Path


def peak_rss_bytes(pid: int | str = "self") -> int | None:
    """A process's own high-water mark of resident memory, in bytes.

    Reads VmHWM from /proc (Linux): getrusage().ru_maxrss of a process started from a large
    parent also counts the parent's memory at exec time. For this process elsewhere, falls
    back to ru_maxrss; for another process elsewhere, None.
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        status = ""
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    if pid != "self":
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # Linux reports KiB
