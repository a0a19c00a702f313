"""CachingExecutor: hits skip the engine, keys separate models and options, the size is bounded."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence

import pytest

from tarjama.models.errors import Cancelled
from tarjama.models.translation.backend import Generated, PieceRequest
from tarjama.models.translation.cache import CachingExecutor, normalize_for_cache
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.executor import InlineExecutor
from tarjama.models.translation.fake_backend import FakeBackend, romanize
from tarjama.models.translation.translator import SentenceTranslator
from tarjama.models.types import CancelCheck, ModelRef, never_cancelled

MODEL = ModelRef("fake/echo", "0")


class CountingExecutor:
    """Translates inline and remembers every piece it was asked to translate."""

    def __init__(self, fail_after: int | None = None) -> None:
        self.seen: list[str] = []
        self.fail_after = fail_after
        self.closed = False
        self._lock = threading.Lock()

    def run(
        self, pieces: Sequence[PieceRequest], cancelled: CancelCheck
    ) -> Iterator[tuple[int, Generated]]:
        for index, piece in enumerate(pieces):
            if self.fail_after is not None and index >= self.fail_after:
                raise Cancelled("caller went away")
            with self._lock:
                self.seen.append(piece.text)
            yield index, Generated(text=f"{piece.text}|{piece.beam_size}", output_tokens=1)

    def close(self) -> None:
        self.closed = True


def piece(text: str, beam: int = 4, cap: int = 50) -> PieceRequest:
    return PieceRequest(text, beam, cap, tuple(range(len(text.split()) + 1)))


def run_all(executor: CachingExecutor, pieces: Sequence[PieceRequest]) -> dict[int, str]:
    return {index: result.text for index, result in executor.run(pieces, never_cancelled)}


def test_second_translation_of_the_same_pieces_costs_nothing():
    inner = CountingExecutor()
    cache = CachingExecutor(inner, MODEL, max_entries=100)
    article = [piece("الأولى"), piece("الثانية"), piece("الثالثة")]
    first = run_all(cache, article)
    second = run_all(cache, article)
    assert first == second == {0: "الأولى|4", 1: "الثانية|4", 2: "الثالثة|4"}
    assert inner.seen == ["الأولى", "الثانية", "الثالثة"]
    assert (cache.stats().hits, cache.stats().misses) == (3, 3)
    assert (cache.hits, cache.misses) == (3, 3)
    assert cache.stats().hit_rate == 0.5


def test_key_separates_beam_cap_and_model_revision():
    inner = CountingExecutor()
    cache = CachingExecutor(inner, MODEL, max_entries=100)
    run_all(cache, [piece("نص", beam=4, cap=50)])
    run_all(cache, [piece("نص", beam=1, cap=50)])
    run_all(cache, [piece("نص", beam=4, cap=10)])
    assert len(inner.seen) == 3
    other_revision = CachingExecutor(inner, ModelRef("fake/echo", "1"), max_entries=100)
    assert other_revision.key(piece("نص")) != cache.key(piece("نص"))
    assert cache.key(piece("نص")) == ("fake/echo", "0", 4, 50, "نص")


def test_spacing_and_unicode_composition_variants_hit_the_same_entry():
    inner = CountingExecutor()
    cache = CachingExecutor(inner, MODEL, max_entries=100)
    run_all(cache, [piece("قال   الوزير\u00a0اليوم ")])
    run_all(cache, [piece(" قال الوزير اليوم")])
    assert len(inner.seen) == 1
    assert normalize_for_cache("e\u0301") == "\u00e9"


def test_size_is_bounded_and_least_recently_used_goes_first():
    inner = CountingExecutor()
    cache = CachingExecutor(inner, MODEL, max_entries=2)
    run_all(cache, [piece("a"), piece("b")])
    run_all(cache, [piece("a")])  # a is now more recent than b
    run_all(cache, [piece("c")])  # evicts b
    assert cache.stats().entries == 2
    inner.seen.clear()
    run_all(cache, [piece("a"), piece("b"), piece("c")])
    assert inner.seen == ["b"]


def test_zero_entries_disables_storing():
    inner = CountingExecutor()
    cache = CachingExecutor(inner, MODEL, max_entries=0)
    run_all(cache, [piece("a")])
    run_all(cache, [piece("a")])
    assert inner.seen == ["a", "a"] and cache.stats().entries == 0


def test_repeated_piece_in_one_call_is_decoded_once_and_answered_everywhere():
    inner = CountingExecutor()
    cache = CachingExecutor(inner, MODEL, max_entries=100)
    results = run_all(cache, [piece("مكرر"), piece("وحيد"), piece("مكرر ")])
    assert inner.seen == ["مكرر", "وحيد"]
    assert results == {0: "مكرر|4", 1: "وحيد|4", 2: "مكرر|4"}


def test_interrupted_translation_keeps_what_finished_and_raises():
    inner = CountingExecutor(fail_after=1)
    cache = CachingExecutor(inner, MODEL, max_entries=100)
    with pytest.raises(Cancelled):
        run_all(cache, [piece("done"), piece("never")])
    inner.fail_after = None
    inner.seen.clear()
    run_all(cache, [piece("done"), piece("never")])
    assert inner.seen == ["never"]


def test_concurrent_callers_all_get_correct_results():
    inner = CountingExecutor()
    cache = CachingExecutor(inner, MODEL, max_entries=50)
    failures: list[str] = []

    def worker(seed: int) -> None:
        for round_number in range(30):
            texts = [f"جملة {(seed * 7 + round_number + k) % 80}" for k in range(5)]
            results = run_all(cache, [piece(text) for text in texts])
            if results != {k: f"{text}|4" for k, text in enumerate(texts)}:
                failures.append(f"{seed}/{round_number}")

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    stats = cache.stats()
    assert stats.entries <= 50 and stats.hits + stats.misses == 6 * 30 * 5


def test_close_closes_the_inner_executor():
    inner = CountingExecutor()
    CachingExecutor(inner, MODEL, max_entries=1).close()
    assert inner.closed


def test_translator_on_the_cache_reuses_sentences_across_articles():
    backend = FakeBackend()
    cache = CachingExecutor(InlineExecutor(backend), backend.info.model, max_entries=100)
    translator = SentenceTranslator(backend, TranslatorConfig(beam_size=1), executor=cache)
    first = translator.translate_all(["كتب الطالب", "قرأ المعلم"])
    batches_after_first = len(backend.batches)
    digest = translator.translate_all(["قرأ المعلم", "كتب الطالب"])
    assert len(backend.batches) == batches_after_first
    assert [t.translation for t in digest] == [romanize("قرأ المعلم"), romanize("كتب الطالب")]
    assert [t.translation for t in first] == [romanize("كتب الطالب"), romanize("قرأ المعلم")]
