"""Engine hardening: output caps within the model, splitting, EMPTY, messages, ids, threads."""

from __future__ import annotations

import threading

import pytest

from tarjama.models.errors import InvalidInput, UnsupportedLanguage
from tarjama.models.limits import Limits
from tarjama.models.translation.article import ArticleTranslator
from tarjama.models.translation.backend import token_counts
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.fake_backend import FakeBackend, romanize
from tarjama.models.types import (
    ArticleRequest,
    GenerationOptions,
    ModelRef,
    Paragraph,
    ParagraphKind,
    QualityFlag,
    Segment,
    TranslatedArticle,
)

ARABIC = "وقعت كازاخستان وباكستان اتفاقية شراكة استراتيجية. والتقى الزعيمان في إسلام آباد."


def test_output_caps_never_pass_the_models_positions_whatever_the_options(translator_for):
    backend = FakeBackend(max_output_tokens=60)
    translator = translator_for(backend)
    sentence = " ".join(f"كلمة{i}" for i in range(100))  # 101 tokens: output could be 212
    [result] = translator.translate_all([sentence], GenerationOptions(max_output_tokens=1024))
    caps = [cap for batch in backend.batches for cap in batch.max_new_tokens]
    assert max(caps) <= 60
    # Each piece's plausible output (2 x input + 10) fits the decoder: input <= 25 tokens.
    assert translator.piece_budget() == (60 - 10) // 2
    pieces = [text for batch in backend.batches for text in batch.texts]
    assert max(token_counts(backend, pieces)) <= 25
    assert result.was_split and result.translation.split() == romanize(sentence).split()


def test_a_huge_token_is_split_between_characters(translator_for):
    backend = FakeBackend(max_input_tokens=64)
    token = "ب" * 10_000  # 625 tokens for the fake (16 characters per token)
    [result] = translator_for(backend).translate_all([token])
    pieces = [text for batch in backend.batches for text in batch.texts]
    assert "".join(pieces) == token
    assert result.pieces == len(pieces) > 1
    assert max(token_counts(backend, pieces)) <= translator_for(backend).piece_budget()


def test_an_empty_output_is_flagged_even_for_one_piece_of_a_split_sentence(translator_for):
    first, second = "قال الوزير إن الحكومة ستواصل العمل", "مع شركائها في المنطقة"
    sentence = f"{first}؛ {second}"
    backend = FakeBackend(max_input_tokens=10, overrides={second: ""})
    [result] = translator_for(backend).translate_all([sentence])
    assert result.pieces == 2 and QualityFlag.EMPTY in result.flags
    assert result.translation  # the first piece is still there
    backend = FakeBackend(overrides={"نص": ""})
    [empty] = translator_for(backend).translate_all(["نص"])
    assert empty.translation == "" and empty.flags == (QualityFlag.EMPTY,)


def test_english_text_marks_a_missing_translation_and_keeps_every_paragraph():
    heading = "ماذا عن أفغانستان؟ " + "ب" * 100
    article = TranslatedArticle(
        article_id="a",
        paragraphs=[
            Paragraph(0, ParagraphKind.HEADING, [heading]),
            Paragraph(1, ParagraphKind.BODY, ["نص"]),
        ],
        segments=[
            Segment(0, 0, heading, "", flags=(QualityFlag.EMPTY,)),
            Segment(1, 1, "نص", "Text."),
        ],
        dropped=[],
        model=ModelRef("m", "r"),
        prepare_seconds=0,
        translate_seconds=0,
    )
    first, second = article.english_text().rstrip("\n").split("\n\n")
    assert first.startswith("[untranslated: ماذا عن أفغانستان؟ ") and first.endswith("…]")
    assert len(first) < 80
    assert second == "Text."


@pytest.mark.parametrize(
    ("source", "target", "shown", "not_shown"),
    [
        ("fr", "", "source language 'fr'", "''"),
        ("", "de", "target language 'de'", "''"),
        ("fr", "de", "language pair 'fr' -> 'de'", "/"),
        ("x" * 5000, "", "(5,000 characters)", "x" * 100),
        ("a\nb\x1b", "", "'a\\nb\\u001b'", "\n"),
    ],
)
def test_unsupported_language_messages(source, target, shown, not_shown, translator_for):
    backend = FakeBackend(model_id="/srv/models/opus-mt-ar-en")
    translator = translator_for(backend)
    with pytest.raises(UnsupportedLanguage) as raised:
        translator.check_languages(source, target)
    message = str(raised.value)
    assert shown in message and not_shown not in message
    assert "/srv" not in message and "'opus-mt-ar-en'" in message
    assert len(message) <= 300


def test_article_and_request_ids_are_bounded(translator_for):
    pipeline = ArticleTranslator(translator_for(FakeBackend()), limits=Limits(max_id_chars=8))
    pipeline.translate(ArticleRequest("12345678", ARABIC))
    with pytest.raises(InvalidInput, match="article_id '123456789' is too long.* 8 characters"):
        pipeline.translate(ArticleRequest("123456789", ARABIC))
    with pytest.raises(InvalidInput, match=r"article_id '1{39}…' \(50 characters\)"):
        pipeline.translate(ArticleRequest("1" * 50, ARABIC))
    from tarjama.service.translation_servicer import request_id_of

    assert request_id_of("r" * 256, Limits()) == "r" * 256
    with pytest.raises(InvalidInput, match="request_id .*257 characters.* 256"):
        request_id_of("r" * 257, Limits())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The president met the prime minister to discuss trade.", "English (100% Latin"),
        ("哈萨克斯坦和巴基斯坦签署了战略伙伴关系协议。", "Chinese (100% Han characters)"),
        ("Президент встретился с премьер-министром.", "Russian (100% Cyrillic letters)"),
        ("این یک متن فارسی است که برای آزمایش نوشته شده است.", "Persian (Arabic script"),
    ],
)
def test_language_guard_refuses_other_languages_and_names_them(text, expected, translator_for):
    pipeline = ArticleTranslator(translator_for(FakeBackend()))
    with pytest.raises(InvalidInput) as raised:
        pipeline.translate(ArticleRequest("doc", text))
    assert f"article 'doc': the text looks like {expected}" in str(raised.value)
    assert "tarjama translates Arabic" in str(raised.value)
    skipped = pipeline.translate(
        ArticleRequest("doc", text), GenerationOptions(skip_language_check=True)
    )
    assert skipped.segments


@pytest.mark.parametrize(
    "text",
    [
        "أعلنت Emergent BioSolutions عن شراكة مع Novavax Inc. و NATO و BBC و WHO لتطوير اللقاح.",
        "في اليابان، تصدر هاشتاج ChineseDontComeToJapan# تويتر.",
        "G20",
        "5-3",
    ],
)
def test_language_guard_lets_arabic_mixed_and_too_short_text_through(text):
    from tarjama.models.text.language_guard import judge_language

    assert judge_language(text).accepted


def test_language_guard_lets_every_seed_article_through(seed_path):
    from tarjama.models.text.language_guard import judge_language

    assert judge_language(seed_path.read_text(encoding="utf-8")).accepted


def test_quality_counts_add_up_over_every_article(translator_for):
    backend = FakeBackend(overrides={"نص": ""})
    pipeline = ArticleTranslator(translator_for(backend))
    pipeline.translate(ArticleRequest("a", "نص\n" + ARABIC))
    pipeline.translate_many([ArticleRequest("b", ARABIC), ArticleRequest("c", "")])
    counts = pipeline.quality_counts()
    assert counts.segments == 3 + 2 and counts.flags[QualityFlag.EMPTY] == 1


def test_plan_threads_never_oversubscribes():
    from tarjama.models.threads import plan_threads

    assert plan_threads(0, 0, cores=2) == plan_threads(2, 0, cores=2)
    assert (plan_threads(0, 0, cores=2).workers, plan_threads(0, 0, cores=2).intra) == (2, 1)
    assert (plan_threads(0, 1, cores=4).workers, plan_threads(0, 1, cores=4).intra) == (1, 4)
    assert (plan_threads(1, 0, cores=8).workers, plan_threads(1, 0, cores=8).intra) == (1, 1)
    for threads in range(0, 9):
        for workers in range(0, 9):
            plan = plan_threads(threads, workers, cores=4)
            assert plan.total <= (threads or 4)


@pytest.mark.slow
def test_hf_backend_applies_the_plan_and_generate_is_safe_from_several_threads(
    tiny_marian_dir, hf_offline, seeds
):
    import torch

    from tarjama.models.translation.loading import load_backend

    before = torch.get_num_threads()
    try:
        backend = load_backend(TranslatorConfig(model=str(tiny_marian_dir), threads=2, workers=2))
        assert (backend.parallelism, backend.info.workers, backend.info.intra_threads) == (2, 2, 1)
        assert torch.get_num_threads() == 1
        lines = [
            line.strip()
            for path in seeds.paths
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ][:24]
        batches = [lines[start : start + 4] for start in range(0, 24, 4)]
        expected = [backend.generate(b, beam_size=2, max_new_tokens=[20] * len(b)) for b in batches]
        results: dict[int, list] = {}

        def work(number: int) -> None:
            batch = batches[number]
            results[number] = backend.generate(batch, beam_size=2, max_new_tokens=[20] * len(batch))

        threads = [threading.Thread(target=work, args=(n,)) for n in range(len(batches))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert [results[n] for n in range(len(batches))] == expected
    finally:
        torch.set_num_threads(before)


def test_engines_run_as_many_batcher_workers_as_the_plan_says(tiny_marian_dir, hf_offline):
    import torch

    from tarjama.models.engines import build_engines
    from tarjama.models.settings import Settings

    before = torch.get_num_threads()
    settings = Settings(model=str(tiny_marian_dir), threads=2, batch_workers=1, offline=True)
    engines = build_engines(settings)
    try:
        info = engines.sentence_translator.info
        assert (info.workers, info.intra_threads) == (1, 2)
        assert engines.cache.inner.workers == 1  # the dynamic batcher behind the cache
        assert torch.get_num_threads() == 2
    finally:
        engines.close()
        torch.set_num_threads(before)
