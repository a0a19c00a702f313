"""Domain errors shared by engines, the server and the CLI, and how their messages are written."""

from __future__ import annotations

import os
import re

# A message is one line a person reads; gRPC also carries it in metadata (8 KB soft limit).
MAX_MESSAGE_CHARS = 300
# Echoed input longer than this is shortened and its length given instead.
MAX_ECHO_CHARS = 40
# What a caller is told about an unexpected failure: nothing about its cause.
INTERNAL_MESSAGE = "internal error; the server log has the details"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _escape(text: str) -> str:
    """Control, bidi and zero-width characters as visible escapes (\\n, \\u202e)."""

    def visible(match: re.Match[str]) -> str:
        char = match.group()
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char, f"\\u{ord(char):04x}")

    return _CONTROL.sub(visible, text)


def shown(value: object, limit: int = MAX_ECHO_CHARS) -> str:
    """User input quoted for a message: escaped, and shortened with its length when long.

    >>> shown("fr")
    "'fr'"
    >>> shown("x" * 10117)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (10,117 characters)"
    """
    text = str(value)
    if len(text) <= limit:
        return f"'{_escape(text)}'"
    return f"'{_escape(text[: limit - 1])}…' ({len(text):,} characters)"


def one_line(message: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """A message as one escaped line of at most `limit` characters."""
    text = _escape(" ".join(str(message).split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun in the right number: "1 article", "0 articles", "2 batches".

    >>> counted(1, "article"), counted(3, "sentence"), counted(2, "batch", "batches")
    ('1 article', '3 sentences', '2 batches')
    """
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


def model_label(model: str) -> str:
    """A model as people may see it: a hub id as is, a local directory by its name only.

    Paths reveal the server's filesystem layout, so messages and GetInfo never carry them.
    """
    looks_local = model.startswith(("/", ".", "~")) or os.path.isdir(model) or model.count("/") > 1
    if looks_local:
        return os.path.basename(os.path.normpath(os.path.expanduser(model))) or "local model"
    return model


class TarjamaError(Exception):
    """Base class of every error tarjama raises on purpose; its message is shown to people.

    The message is made one escaped line of at most MAX_MESSAGE_CHARS characters, so no
    transport or terminal ever receives raw input or a multi-line dump.
    """

    def __init__(self, message: str = "", *args: object) -> None:
        super().__init__(one_line(message), *args)


class InvalidInput(TarjamaError):
    """The caller sent something tarjama cannot work on (empty text, bad options, too long)."""


class UnsupportedLanguage(InvalidInput):
    """The requested language pair is not served by the loaded model."""


class ModelNotFound(TarjamaError):
    """A model id or directory names no model that is loaded or can be loaded."""


class ModelMissing(ModelNotFound):
    """Weights are neither cached nor downloadable; says how to fetch them."""

    def __init__(self, model_id: str, reason: str = "") -> None:
        self.model_id = model_id
        self.reason = reason
        hint = f"run `tarjama models pull {model_id}` on a machine with network access"
        detail = f" ({reason})" if reason else ""
        super().__init__(f"model '{model_id}' is not available offline{detail}; {hint}")


class NotReady(TarjamaError):
    """The engine is still loading or is shutting down."""


class Overloaded(TarjamaError):
    """Too much queued work; the caller should retry later."""


class RateLimited(Overloaded):
    """The caller used up its rate limit; `retry_after` says when (in seconds) to try again."""

    def __init__(self, message: str = "", retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Unauthenticated(TarjamaError):
    """The call carried no bearer token, or one the server does not know (or revoked)."""


class Cancelled(TarjamaError):
    """The caller went away or its deadline passed; the work was stopped."""
