"""The one table between domain errors and gRPC status codes, read in both directions.

The server maps an error to its status (service/errors.py aborts the call with it, and a
collection or batch reports a failed article with its code's name); the client maps a
status back to the same domain error, so `except InvalidInput` works on either side.
"""

from __future__ import annotations

import grpc

from tarjama.models.errors import (
    INTERNAL_MESSAGE,
    Cancelled,
    InvalidInput,
    ModelNotFound,
    NotReady,
    Overloaded,
    TarjamaError,
    Unauthenticated,
)

_CODES: tuple[tuple[type[TarjamaError], grpc.StatusCode], ...] = (
    (InvalidInput, grpc.StatusCode.INVALID_ARGUMENT),
    (ModelNotFound, grpc.StatusCode.NOT_FOUND),
    (NotReady, grpc.StatusCode.UNAVAILABLE),
    (Overloaded, grpc.StatusCode.RESOURCE_EXHAUSTED),  # RateLimited is an Overloaded
    (Cancelled, grpc.StatusCode.CANCELLED),
    (Unauthenticated, grpc.StatusCode.UNAUTHENTICATED),
)
# The client reads a spent deadline as a cancelled call too.
_ERRORS: dict[grpc.StatusCode, type[TarjamaError]] = {
    **{code: kind for kind, code in _CODES},
    grpc.StatusCode.DEADLINE_EXCEEDED: Cancelled,
}


class ServerError(TarjamaError):
    """The server answered with an error status that has no more specific domain error."""


def status_for(error: BaseException) -> tuple[grpc.StatusCode, str]:
    """Status code and client-safe message for an error; unknown errors reveal nothing."""
    for kind, code in _CODES:
        if isinstance(error, kind):
            return code, str(error)
    return grpc.StatusCode.INTERNAL, INTERNAL_MESSAGE


def error_class(code: grpc.StatusCode) -> type[TarjamaError]:
    """The domain error a status code stands for (ServerError for INTERNAL and the rest)."""
    return _ERRORS.get(code, ServerError)


def error_from_status(code_name: str, message: str) -> TarjamaError:
    """A failed article's error as sent in ArticleError (the code by its name)."""
    code = getattr(grpc.StatusCode, code_name, grpc.StatusCode.INTERNAL)
    return error_class(code)(message)
