"""Per-client rate limits (requests, and sentences translated) with the `limits` library."""

from __future__ import annotations

import math
import time

from tarjama.models.errors import InvalidInput, RateLimited


def parse_rate(text: str, option: str):
    """A limits RateLimitItem for e.g. "600/minute" or "20000 per hour"; InvalidInput if not."""
    from limits import parse  # [serve] extra, loaded only when a rate limit is set

    try:
        return parse(text)
    except ValueError:
        raise InvalidInput(
            f"{option} {text!r} is not a rate: use e.g. 600/minute, 10/second or 20000/hour"
        ) from None


class ClientLimiter:
    """Requests and sentences per client key, in sliding windows that any replica can share.

    The request limit is taken before a call runs. Sentences are only known once a call has
    translated them, so they are charged afterwards and a client past its sentence limit is
    refused from its next call on, until the window frees up. With a shared storage
    (`redis://host:6379`) several replicas enforce one limit per client.
    """

    def __init__(self, requests: str = "", sentences: str = "", storage: str = "memory://"):
        from limits.storage import storage_from_string  # as parse_rate's import
        from limits.strategies import SlidingWindowCounterRateLimiter  # as parse_rate's import

        self.requests = parse_rate(requests, "--rate-limit") if requests else None
        self.sentences = parse_rate(sentences, "--sentence-rate-limit") if sentences else None
        try:
            backend = storage_from_string(storage)
        except Exception as error:  # noqa: BLE001 - limits raises several kinds; one line each
            raise InvalidInput(
                f"rate limit storage {storage!r} cannot be used: {type(error).__name__}: {error}"
            ) from None
        # Sliding window counters: constant memory per client (two counters), so a large
        # sentence budget costs no more than a small one.
        self.strategy = SlidingWindowCounterRateLimiter(backend)

    @property
    def enabled(self) -> bool:
        return self.requests is not None or self.sentences is not None

    def describe(self) -> str:
        parts = []
        if self.requests is not None:
            parts.append(f"{self.requests.amount} requests per {_window(self.requests)}")
        if self.sentences is not None:
            parts.append(f"{self.sentences.amount} sentences per {_window(self.sentences)}")
        return ", ".join(parts)

    def admit(self, client: str, shown_as: str) -> None:
        """Count one request for `client`; RateLimited (with retry_after) if over a limit."""
        if self.sentences is not None and not self.strategy.test(
            self.sentences, "sentences", client
        ):
            raise self._refusal(self.sentences, "sentences", client, shown_as)
        if self.requests is not None and not self.strategy.hit(self.requests, "requests", client):
            raise self._refusal(self.requests, "requests", client, shown_as)

    def charge(self, client: str, sentences: int) -> None:
        """Count the sentences a finished call translated for `client`."""
        if self.sentences is None or sentences <= 0:
            return
        remaining = self.strategy.get_window_stats(self.sentences, "sentences", client).remaining
        # A call may overdraw the window: it is charged what is left, and the next is refused.
        cost = min(sentences, remaining)
        if cost > 0:
            self.strategy.hit(self.sentences, "sentences", client, cost=cost)

    def _refusal(self, item, unit: str, client: str, shown_as: str) -> RateLimited:
        stats = self.strategy.get_window_stats(item, unit, client)
        retry_after = max(1, math.ceil(stats.reset_time - time.time()))
        return RateLimited(
            f"rate limit of {item.amount} {unit} per {_window(item)} reached for {shown_as}; "
            f"retry in {retry_after} s",
            retry_after=retry_after,
        )


def _window(item) -> str:
    multiples = getattr(item, "multiples", 1)
    granularity = item.GRANULARITY.name
    return granularity if multiples == 1 else f"{multiples} {granularity}s"
