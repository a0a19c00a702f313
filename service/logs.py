"""Server logs: plain lines for a terminal, or one JSON object per line for log pipelines."""

from __future__ import annotations

import atexit
import json
import logging
import os
import re
import sys
import threading
import time
from datetime import datetime, timezone

# Fields an access-log record carries (the call gate sets them with `extra=`).
ACCESS_FIELDS = (
    "request_id",
    "method",
    "code",
    "duration_ms",
    "articles",
    "sentences",
    "client",
    "peer",
)
PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _time(created: float) -> str:
    return datetime.fromtimestamp(created, tz=timezone.utc).isoformat(timespec="milliseconds")


class JsonFormatter(logging.Formatter):
    """time (UTC, ISO 8601), level, logger, message, the access fields present, exception."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, object] = {
            "time": _time(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in ACCESS_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                data[name] = value
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


def setup_logging(level: str, log_format: str = "plain") -> None:
    """Configure the root logger once, on stderr, in the chosen format.

    With `json`, every line the process writes to stdout or stderr is JSON: Python warnings
    become log records, and whatever else writes to the two file descriptors (gRPC's C core,
    native libraries, a last error line) is wrapped in a JSON object (see `JsonLines`).
    """
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
        logging.captureWarnings(True)
        JsonLines.install()
    else:
        handler.setFormatter(logging.Formatter(PLAIN_FORMAT))
    logging.basicConfig(level=getattr(logging, level.upper(), logging.INFO), handlers=[handler])


# A line written outside logging that reads as an error: "tarjama: error: ...", gRPC's C
# core ("E1203 09:21:07.512 ..."), a Python exception.
_ERROR_LINE = re.compile(r"(^E\d{4} )|error|exception|traceback", re.IGNORECASE)
_WARNING_LINE = re.compile(r"(^W\d{4} )|warn", re.IGNORECASE)


def wrap_line(line: str, stream: str, created: float) -> str:
    """`line` if it is a JSON object already, else a JSON log object carrying it."""
    text = line.rstrip("\r\n")
    if text.startswith("{"):
        try:
            if isinstance(json.loads(text), dict):
                return text
        except ValueError:
            pass
    level = (
        "ERROR" if _ERROR_LINE.search(text) else "WARNING" if _WARNING_LINE.search(text) else "INFO"
    )
    data = {"time": _time(created), "level": level, "logger": stream, "message": text}
    return json.dumps(data, ensure_ascii=False)


class JsonLines:
    """Routes file descriptors 1 and 2 through pipes whose lines come out as JSON objects.

    Works below Python, so it catches what native code writes too. Each pipe has a thread
    that reads whole lines and writes them, wrapped where needed, to the original descriptor.
    At exit the pipes are closed and drained, so no last line is lost.
    """

    _active: list[JsonLines] = []

    def __init__(self, fd: int, stream: str) -> None:
        self.fd = fd
        self.stream = stream
        self.original = os.dup(fd)
        read_end, write_end = os.pipe()
        os.dup2(write_end, fd)
        os.close(write_end)
        self.reader = os.fdopen(read_end, "r", encoding="utf-8", errors="replace", newline="\n")
        self.thread = threading.Thread(target=self._pump, name=f"json-{stream}", daemon=True)
        self.thread.start()

    @classmethod
    def install(cls) -> None:
        if cls._active:
            return
        for handle in (sys.stdout, sys.stderr):
            handle.flush()
        cls._active = [cls(1, "stdout"), cls(2, "stderr")]
        atexit.register(cls.uninstall)

    @classmethod
    def uninstall(cls) -> None:
        """Put the descriptors back and write out every line still in the pipes."""
        active, cls._active = cls._active, []
        for handle in (sys.stdout, sys.stderr):
            try:
                handle.flush()
            except (OSError, ValueError):
                pass
        for lines in active:
            os.dup2(lines.original, lines.fd)  # closes the pipe's last write end: EOF
        for lines in active:
            lines.thread.join(timeout=5)
            os.close(lines.original)

    def _pump(self) -> None:
        for line in self.reader:
            wrapped = wrap_line(line, self.stream, time.time()) + "\n"
            os.write(self.original, wrapped.encode("utf-8", errors="replace"))
        self.reader.close()
