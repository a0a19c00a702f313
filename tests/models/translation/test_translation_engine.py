"""SentenceTranslator and InlineExecutor on the fake backend: splitting, batching, caps, cancel."""

from __future__ import annotations

import pytest

from tarjama.models.errors import Cancelled, InvalidInput, UnsupportedLanguage
from tarjama.models.translation.backend import PieceRequest
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.executor import InlineExecutor, plan_batches
from tarjama.models.translation.fake_backend import FakeBackend, romanize
from tarjama.models.translation.splitting import token_budget
from tarjama.models.types import GenerationOptions, QualityFlag

pytestmark = pytest.mark.usefixtures("hf_offline")

CLAUSE = "قال الوزير إن الحكومة ستواصل العمل مع شركائها في المنطقة"  # 10 words


def test_translates_every_sentence_and_keeps_indices(translator_for):
    sentences = ["وقعت كازاخستان وباكستان اتفاقية", "والتقى الزعيمان", CLAUSE]
    results = dict(
        translator_for(FakeBackend()).translate_sentences(sentences, GenerationOptions())
    )
    assert sorted(results) == [0, 1, 2]
    for index, sentence in enumerate(sentences):
        assert results[index].source == sentence
        assert results[index].translation == romanize(sentence)
        assert results[index].pieces == 1 and results[index].flags == ()
        assert results[index].output_tokens == len(sentence.split())


def test_blank_sentences_come_back_empty_without_the_backend(translator_for):
    backend = FakeBackend()
    results = translator_for(backend).translate_all(["", "   ", "\n"])
    assert [r.translation for r in results] == ["", "", ""]
    assert backend.batches == []


def test_long_sentence_is_split_at_clauses_and_nothing_is_lost(translator_for, no_space):
    backend = FakeBackend(max_input_tokens=24)
    sentence = "، ".join([CLAUSE] * 6) + "."  # 60 words, limit 24 tokens
    [result] = translator_for(backend).translate_all([sentence])
    assert result.pieces > 1 and result.was_split
    sent = [text for batch in backend.batches for text in batch.texts]
    assert len(sent) == result.pieces
    assert all(len(text.split()) + 1 <= token_budget(24) for text in sent)
    assert no_space(result.translation) == no_space(romanize(sentence))
    # Clause boundaries were used: every piece but the last ends with the Arabic comma.
    assert sorted(text.endswith("،") for text in sent).count(False) == 1


def test_clause_without_punctuation_falls_back_to_word_boundaries(translator_for):
    backend = FakeBackend(max_input_tokens=8)
    sentence = " ".join(f"كلمة{i}" for i in range(40))
    [result] = translator_for(backend).translate_all([sentence])
    assert result.pieces >= 40 // token_budget(8)
    assert result.translation.split() == romanize(sentence).split()


def test_pieces_are_batched_by_length_within_token_and_sentence_budgets():
    backend = FakeBackend()
    sentences = [" ".join(["كلمة"] * n) for n in (9, 1, 5, 3, 7, 2, 8, 4, 6, 10)]
    executor = InlineExecutor(backend, max_batch_tokens=24, max_batch_sentences=3)
    from tarjama.models.translation.translator import SentenceTranslator

    translator = SentenceTranslator(backend, TranslatorConfig(model="fake"), executor=executor)
    assert len(translator.translate_all(sentences)) == 10
    lengths = [[len(text.split()) + 1 for text in batch.texts] for batch in backend.batches]
    assert sum(map(len, lengths)) == 10
    for batch in lengths:
        assert batch == sorted(batch)
        assert len(batch) <= 3
        assert len(batch) == 1 or len(batch) * max(batch) <= 24
    flat = [n for batch in lengths for n in batch]
    assert flat == sorted(flat), "batches run shortest first"


def test_plan_batches_keeps_one_beam_size_per_batch_and_isolates_oversized_pieces():
    pieces = [PieceRequest("x", beam, 10, (0,)) for beam in (1, 2, 1, 2, 1)]
    pieces.append(PieceRequest("y", 1, 5, (0,)))
    lengths = [3, 3, 4, 4, 5, 100]
    batches = plan_batches(pieces, lengths, max_batch_tokens=20, max_batch_sentences=8)
    for batch in batches:
        assert len({pieces[i].beam_size for i in batch}) == 1
    assert [5] in batches
    assert sorted(i for batch in batches for i in batch) == list(range(6))


def test_output_cap_follows_source_length_and_request_limit(translator_for):
    backend = FakeBackend()
    translator = translator_for(backend, output_length_ratio=1.5, output_length_margin=2)
    translator.translate_all([CLAUSE])
    assert backend.batches[-1].max_new_tokens == (round(1.5 * 11 + 2 + 0.5),)  # ceil(18.5)
    [capped] = translator.translate_all([CLAUSE], GenerationOptions(max_output_tokens=4))
    assert backend.batches[-1].max_new_tokens == (4,)
    assert capped.translation.split() == romanize(CLAUSE).split()[:4]
    assert capped.output_tokens == 4
    assert capped.flags == (QualityFlag.LENGTH_CAPPED,)


def test_quality_flags_reach_the_sentence(translator_for):
    looping = "the city the city the city the city"
    backend = FakeBackend(overrides={CLAUSE: looping, "نص": "نص منسوخ"})
    results = translator_for(backend).translate_all([CLAUSE, "نص"])
    assert results[0].flags == (QualityFlag.REPETITION,)
    assert results[1].flags == (QualityFlag.COPY_OF_SOURCE,)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (GenerationOptions(beam_size=0), "beam_size must be between 1 and 16, got 0"),
        (GenerationOptions(beam_size=17), "beam_size must be between 1 and 16, got 17"),
        (GenerationOptions(max_output_tokens=-5), "max_output_tokens must be between 1 and"),
        (GenerationOptions(max_output_tokens=0), "max_output_tokens must be between 1 and"),
        (GenerationOptions(max_output_tokens=100_000), "got 100000"),
    ],
)
def test_bad_options_are_invalid_input(options, message, translator_for):
    translator = translator_for(FakeBackend())
    with pytest.raises(InvalidInput, match=message):
        translator.resolve_options(options)
    with pytest.raises(InvalidInput):
        list(translator.translate_sentences([CLAUSE], options))


def test_resolve_options_fills_configured_defaults(translator_for):
    resolved = translator_for(FakeBackend(), beam_size=3).resolve_options(GenerationOptions())
    assert resolved.beam_size == 3 and resolved.max_output_tokens > 0
    explicit = GenerationOptions(beam_size=2, max_output_tokens=50)
    assert translator_for(FakeBackend()).resolve_options(explicit) == explicit


def test_cancellation_stops_before_the_next_batch():
    backend = FakeBackend()
    executor = InlineExecutor(backend, max_batch_tokens=4096, max_batch_sentences=1)
    from tarjama.models.translation.translator import SentenceTranslator

    translator = SentenceTranslator(backend, TranslatorConfig(model="fake"), executor=executor)
    received = []
    stream = translator.translate_sentences(
        [CLAUSE, "نص", "نص آخر"], GenerationOptions(), lambda: bool(received)
    )
    with pytest.raises(Cancelled):
        for item in stream:
            received.append(item)
    assert len(received) == 1
    assert len(backend.batches) == 1


@pytest.mark.parametrize("source", ["", "ar", "ara", "arb", "arb_Arab", "AR"])
@pytest.mark.parametrize("target", ["", "en", "eng", "eng_Latn"])
def test_supported_language_spellings(source, target, translator_for):
    translator_for(FakeBackend()).check_languages(source, target)


@pytest.mark.parametrize(("source", "target"), [("fr", "en"), ("ar", "de"), ("en", "ar")])
def test_other_language_pairs_are_unsupported(source, target, translator_for):
    with pytest.raises(UnsupportedLanguage, match="translates Arabic .* to English"):
        translator_for(FakeBackend()).check_languages(source, target)


def test_fake_backend_info(translator_for):
    info = translator_for(FakeBackend()).info
    assert (info.model.model_id, info.model.revision) == ("fake/echo", "0")
