"""Translation cache: a bounded LRU PieceExecutor in front of another executor."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from tarjama.models.translation.backend import Generated, PieceExecutor, PieceRequest
from tarjama.models.types import CancelCheck, ModelRef

_SPACES = re.compile(r"\s+")

CacheKey = tuple[str, str, int, int, str]


@dataclass(frozen=True)
class CacheStats:
    """Counters of a CachingExecutor since it started."""

    entries: int
    max_entries: int
    hits: int
    misses: int

    @property
    def hit_rate(self) -> float:
        total = self.hits + self.misses
        return self.hits / total if total else 0.0


def normalize_for_cache(text: str) -> str:
    """Spellings of one sentence that the engine translates alike map to one key."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


class CachingExecutor:
    """Answers pieces translated before from memory and sends only the rest to `inner`.

    Keys are (model id, revision, beam size, output cap, normalized text), so a different
    model, revision or decoding option never returns a stale translation. Identical pieces
    within one call are decoded once. Thread-safe; the least recently used entry goes first.
    """

    def __init__(self, inner: PieceExecutor, model: ModelRef, max_entries: int) -> None:
        if max_entries < 0:
            raise ValueError("max_entries must be >= 0")
        self.inner = inner
        self.model = model
        self.max_entries = max_entries
        self._entries: OrderedDict[CacheKey, Generated] = OrderedDict()
        self._lock = threading.Lock()
        self._hits = 0
        self._misses = 0

    def key(self, piece: PieceRequest) -> CacheKey:
        return (
            self.model.model_id,
            self.model.revision,
            piece.beam_size,
            piece.max_new_tokens,
            normalize_for_cache(piece.text),
        )

    def run(
        self, pieces: Sequence[PieceRequest], cancelled: CancelCheck
    ) -> Iterator[tuple[int, Generated]]:
        keys = [self.key(piece) for piece in pieces]
        hits: list[tuple[int, Generated]] = []
        # Pieces to decode, one per distinct key, and every position waiting for each key.
        misses: dict[CacheKey, list[int]] = {}
        with self._lock:
            for index, key in enumerate(keys):
                cached = self._entries.get(key)
                if cached is not None:
                    self._entries.move_to_end(key)
                    self._hits += 1
                    hits.append((index, cached))
                else:
                    self._misses += 1
                    misses.setdefault(key, []).append(index)
        yield from hits
        if not misses:
            return
        miss_keys = list(misses)
        to_decode = [pieces[misses[key][0]] for key in miss_keys]
        for position, result in self.inner.run(to_decode, cancelled):
            key = miss_keys[position]
            self._store(key, result)
            for index in misses[key]:
                yield index, result

    @property
    def hits(self) -> int:
        return self._hits

    @property
    def misses(self) -> int:
        return self._misses

    def stats(self) -> CacheStats:
        with self._lock:
            return CacheStats(len(self._entries), self.max_entries, self._hits, self._misses)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def close(self) -> None:
        self.inner.close()

    def _store(self, key: CacheKey, result: Generated) -> None:
        if self.max_entries == 0:
            return
        with self._lock:
            self._entries[key] = result
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
