"""The tiny random chat model on transformers: kind detection, loading, garbage handled."""

from __future__ import annotations

import json

import pytest

from tarjama.models.errors import ModelNotFound
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.llm_translator import LLMTranslator
from tarjama.models.translation.loading import LLM, SEQ2SEQ, model_kind
from tarjama.models.translation.translators import load_translator
from tarjama.models.types import GenerationOptions, QualityFlag


@pytest.fixture(scope="module")
def llm_translator(tiny_llm_dir):
    translator = load_translator(TranslatorConfig(model=str(tiny_llm_dir)))
    yield translator
    translator.close()


def test_kind_comes_from_the_config(tmp_path, tiny_llm_dir, tiny_marian_dir):
    assert model_kind(tiny_llm_dir) == LLM
    assert model_kind(tiny_marian_dir) == SEQ2SEQ
    multimodal = {"architectures": ["Gemma3ForConditionalGeneration"], "text_config": {}}
    (tmp_path / "config.json").write_text(json.dumps(multimodal))
    assert model_kind(tmp_path) == LLM
    (tmp_path / "config.json").write_text(json.dumps({"is_encoder_decoder": True}))
    assert model_kind(tmp_path) == SEQ2SEQ


def test_the_tiny_chat_model_loads_as_an_llm_translator(llm_translator, tiny_llm_dir):
    assert isinstance(llm_translator, LLMTranslator)
    info = llm_translator.info
    assert info.model.model_id == tiny_llm_dir.name and info.backend == "hf"
    prompt = llm_translator.backend.render("1. hello")
    assert prompt.startswith("<|im_start|>user\n1. hello") and prompt.endswith("assistant\n")


def test_garbage_answers_end_flagged_never_as_translations(llm_translator):
    sentences = ["قال الوزير إن المحادثات ستستأنف.", "ارتفعت الأسعار.", ""]
    options = GenerationOptions(max_output_tokens=6)
    results = llm_translator.translate_all(sentences, options)
    assert len(results) == 3 and results[2].translation == ""
    for result in results[:2]:
        # Random weights never write "1. ..." lines: each sentence is retried, then flagged.
        assert QualityFlag.UNALIGNED in result.flags or result.translation
        if QualityFlag.UNALIGNED in result.flags:
            assert result.translation == "" and QualityFlag.EMPTY in result.flags


def test_a_model_without_chat_template_is_refused(tmp_path, tiny_llm_dir):
    import shutil

    copy = tmp_path / "base-model"
    shutil.copytree(tiny_llm_dir, copy)
    (copy / "chat_template.jinja").unlink()
    config = json.loads((copy / "tokenizer_config.json").read_text())
    config.pop("chat_template", None)
    (copy / "tokenizer_config.json").write_text(json.dumps(config))
    with pytest.raises(ModelNotFound, match="no chat template"):
        load_translator(TranslatorConfig(model=str(copy)))
