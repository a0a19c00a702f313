"""Domain errors shared by engines, the server and the CLI."""

from __future__ import annotations


class TarjamaError(Exception):
    """Base class of every error tarjama raises on purpose; its message is shown to people."""


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


class Cancelled(TarjamaError):
    """The caller went away or its deadline passed; the work was stopped."""
