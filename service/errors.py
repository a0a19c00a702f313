"""The one place where domain errors become gRPC status codes (a decorator for servicer methods)."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any

import grpc

from tarjama.models.errors import Cancelled
from tarjama.protos.converters.status import status_for

log = logging.getLogger(__name__)

__all__ = ["status_for", "grpc_errors", "cancel_check"]


def _report(error: BaseException, context: grpc.ServicerContext, method: str) -> None:
    code, message = status_for(error)
    if isinstance(error, Cancelled):
        # The caller is gone or out of time: stop quietly, there is nobody to tell.
        log.info("%s stopped: %s", method, error)
        if context.time_remaining() is not None and context.time_remaining() <= 0:
            code = grpc.StatusCode.DEADLINE_EXCEEDED
    elif code is grpc.StatusCode.INTERNAL:
        log.exception("%s failed", method, exc_info=error)
    else:
        log.info("%s rejected (%s): %s", method, code.name, message)
    context.abort(code, message)


def grpc_errors(method: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a unary or server-streaming servicer method so every error maps to a status."""
    name = method.__qualname__

    if inspect.isgeneratorfunction(method):

        @functools.wraps(method)
        def stream_wrapper(self: Any, request: Any, context: grpc.ServicerContext) -> Any:
            failure: BaseException | None = None
            try:
                yield from method(self, request, context)
            except Exception as error:  # noqa: BLE001 - mapped, logged and reported below
                failure = error
            if failure is not None:
                _report(failure, context, name)

        return stream_wrapper

    @functools.wraps(method)
    def unary_wrapper(self: Any, request: Any, context: grpc.ServicerContext) -> Any:
        failure: BaseException | None = None
        try:
            return method(self, request, context)
        except Exception as error:  # noqa: BLE001 - mapped, logged and reported below
            failure = error
        _report(failure, context, name)

    return unary_wrapper


def cancel_check(context: grpc.ServicerContext) -> Callable[[], bool]:
    """A CancelCheck that turns true when the client cancels or the deadline passes."""

    def cancelled() -> bool:
        if not context.is_active():
            return True
        remaining = context.time_remaining()
        return remaining is not None and remaining <= 0

    return cancelled


class _Undecodable:
    """Stands in for a request whose bytes did not parse (e.g. invalid UTF-8 in a string)."""


UNDECODABLE_MESSAGE = (
    "the request could not be decoded as a tarjama.v1 message (string fields must be valid UTF-8)"
)


class MalformedRequestInterceptor(grpc.ServerInterceptor):
    """Answers undecodable requests with INVALID_ARGUMENT instead of gRPC's INTERNAL.

    grpcio reports a request that fails to deserialize as INTERNAL ("Exception
    deserializing request!"), but such a request is the caller's mistake. Decoding is made
    tolerant and the method refuses the request before it runs.
    """

    def intercept_service(self, continuation, handler_call_details):
        handler = continuation(handler_call_details)
        if handler is None or handler.request_streaming or handler.request_deserializer is None:
            return handler
        decode = handler.request_deserializer

        def tolerant_decode(data: bytes) -> Any:
            try:
                return decode(data)
            except Exception:  # noqa: BLE001 - any parse failure is the caller's input
                return _Undecodable()

        def refusing(behavior: Callable[..., Any]) -> Callable[..., Any]:
            def run(request: Any, context: grpc.ServicerContext) -> Any:
                if isinstance(request, _Undecodable):
                    log.info("%s rejected: undecodable request", handler_call_details.method)
                    context.abort(grpc.StatusCode.INVALID_ARGUMENT, UNDECODABLE_MESSAGE)
                return behavior(request, context)

            return run

        kind = "unary_stream" if handler.response_streaming else "unary_unary"
        return handler._replace(
            request_deserializer=tolerant_decode,
            **{kind: refusing(getattr(handler, kind))},
        )
