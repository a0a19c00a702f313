"""The instruction-model translator: numbered prompts, strict parsing, retries and flags."""

from __future__ import annotations

import pytest

from tarjama.models.testing.scripted_llm import ScriptedLLM, translation_responder
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.fake_backend import romanize
from tarjama.models.translation.llm_prompt import (
    clean_translation,
    parse_numbered,
    translation_prompt,
)
from tarjama.models.translation.llm_translator import LLMTranslator
from tarjama.models.translation.translator import SentenceTranslator
from tarjama.models.translation.translators import make_translator
from tarjama.models.types import GenerationOptions, QualityFlag

SENTENCES = [
    "قال الوزير إن المحادثات ستستأنف.",
    "ارتفعت الأسعار بنسبة خمسة في المئة.",
    "وصل الرئيس إلى القاهرة يوم الاثنين.",
    "أعلنت الحكومة إجراءات جديدة.",
]


def translator_for(fault: str | None, **kwargs) -> tuple[LLMTranslator, ScriptedLLM]:
    backend = ScriptedLLM(translation_responder(fault))
    return LLMTranslator(backend, TranslatorConfig(model="scripted"), **kwargs), backend


def test_prompt_numbers_each_line_and_keeps_it_on_one_line():
    prompt = translation_prompt(["أ\nب", "ج"], "arb_Arab", "eng_Latn")
    assert "1. أ ب\n2. ج" in prompt
    assert "exactly 2 lines" in prompt and "Arabic" in prompt and "English" in prompt


@pytest.mark.parametrize(
    ("reply", "lines", "retry"),
    [
        ("1. a\n2. b\n3. c", {1: "a", 2: "b", 3: "c"}, set()),
        (
            "Sure! Here it is:\n1) a\n[2] b\n**3.** c\nHope this helps.",
            {1: "a", 2: "b", 3: "c"},
            set(),
        ),
        ("1. a\n3. c", {}, {1, 2, 3}),  # 2 missing: its neighbours may hold it
        ("1. a b\n3. c\n4. d\n5. e", {4: "d", 5: "e"}, {1, 2, 3}),
        ("1. a\n2. b\n3. c\n4. extra", {}, {1, 2, 3}),  # extra: cannot tell where it split
        ("1. a\n1. again\n2. b\n3. c", {}, {1, 2, 3}),
        ("2. b\n1. a\n3. c", {}, {1, 2, 3}),
        ("1. a\n2. Note: this is unclear\n3. c", {1: "a", 3: "c"}, {2}),
        ("١. a\n٢. b\n٣. c", {1: "a", 2: "b", 3: "c"}, set()),
        ("1.5 million people\n1. a\n2. b\n3. c", {1: "a", 2: "b", 3: "c"}, set()),
    ],
)
def test_parse_numbered_accepts_only_what_it_can_match(reply, lines, retry):
    expected = 5 if "5." in reply else 3
    parsed = parse_numbered(reply, expected)
    assert parsed.lines == lines
    assert parsed.retry == retry


def test_a_capped_answer_loses_its_last_line():
    parsed = parse_numbered("1. a\n2. b", 3, hit_length_cap=True)
    assert parsed.lines == {1: "a"} and parsed.retry == {2, 3}


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("The minister spoke. (Note: literal translation)", "The minister spoke."),
        ("Translation: The minister spoke.", "The minister spoke."),
        ('"The minister spoke."', "The minister spoke."),
        ("Here is the translation of sentence 2.", None),
        ("I cannot translate this.", None),
        ("", None),
        ("The minister (Hassan) spoke.", "The minister (Hassan) spoke."),
        ("The minister spoke. Note: the name is uncertain.", "The minister spoke."),
        ("Notes on the text were read.", "Notes on the text were read."),
    ],
)
def test_clean_translation_removes_commentary_or_refuses(text, cleaned):
    assert clean_translation(text) == cleaned


def test_a_good_answer_is_one_prompt_per_window_and_no_retry():
    translator, backend = translator_for(None)
    results = translator.translate_all(SENTENCES)
    assert [r.translation for r in results] == [romanize(s) for s in SENTENCES]
    assert all(not r.flags for r in results)
    assert len(backend.prompts) == 1


@pytest.mark.parametrize("fault", ["skip", "merge", "extra", "split", "copy"])
def test_broken_answers_are_retried_sentence_by_sentence(fault):
    translator, backend = translator_for(fault)
    results = translator.translate_all(SENTENCES)
    # Every sentence ends with its own translation, none shifted onto a neighbour.
    assert [r.translation for r in results] == [romanize(s) for s in SENTENCES]
    assert all(not r.flags for r in results)
    singles = [prompt for prompt in backend.prompts[1:]]
    assert singles and all("one line" in prompt for prompt in singles)


def test_commentary_is_dropped_and_never_taken_as_a_translation():
    translator, backend = translator_for("commentary")
    results = translator.translate_all(SENTENCES)
    assert [r.translation for r in results] == [romanize(s) for s in SENTENCES]
    assert len(backend.prompts) == 1  # stripped, not retried


def test_what_still_fails_is_flagged_unaligned_and_left_empty():
    translator, _ = translator_for("only_commentary")
    results = translator.translate_all(SENTENCES)
    for result in results:
        assert result.translation == ""
        assert QualityFlag.UNALIGNED in result.flags and QualityFlag.EMPTY in result.flags


def test_only_the_lines_retried_and_failing_alone_are_flagged():
    # Line 2 is skipped: lines 1-3 are asked for alone (1 or 3 may hold it merged), and
    # this model answers nothing alone; line 4 kept its window answer.
    translator, _ = translator_for("always_skip")
    results = translator.translate_all(SENTENCES)
    for result in results[:3]:
        assert result.translation == "" and QualityFlag.UNALIGNED in result.flags
    assert results[3].translation == romanize(SENTENCES[3]) and not results[3].flags


def test_windows_respect_groups_and_size():
    translator, backend = translator_for(None, window_sentences=3)
    groups = [0, 0, 1, 1]
    results = dict(translator.translate_sentences(SENTENCES, GenerationOptions(), groups=groups))
    assert len(results) == 4
    assert [prompt.count("\n") - 2 for prompt in backend.prompts] == [2, 2]  # 2 lines each

    translator, backend = translator_for(None, window_sentences=3)
    translator.translate_all(SENTENCES * 2)
    assert len(backend.prompts) == 3  # 8 lines, 3 per window


def test_a_sentence_too_long_for_a_window_is_split_into_lines_and_rejoined():
    translator, backend = translator_for(None, window_tokens=8)
    long_sentence = "، ".join(["كلمة أخرى هنا"] * 6)
    [result] = translator.translate_all([long_sentence])
    assert result.pieces > 1
    assert result.translation.split() == romanize(long_sentence).split()


def test_blank_sentences_need_no_model_and_greedy_is_the_default():
    translator, backend = translator_for(None)
    results = translator.translate_all(["", "  ", SENTENCES[0]])
    assert [r.translation for r in results[:2]] == ["", ""]
    assert translator.resolve_options(GenerationOptions()).beam_size == 1
    assert translator.resolve_options(GenerationOptions(beam_size=3)).beam_size == 3


def test_make_translator_picks_by_backend_kind():
    from tarjama.models.translation.fake_backend import FakeBackend

    config = TranslatorConfig(model="x")
    assert isinstance(make_translator(ScriptedLLM(translation_responder()), config), LLMTranslator)
    plain = make_translator(FakeBackend(), config)
    assert type(plain) is SentenceTranslator
