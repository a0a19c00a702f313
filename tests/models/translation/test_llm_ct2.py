"""The tiny chat model converted to CTranslate2 int8 and served by its Generator."""

from __future__ import annotations

import json

import pytest

from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.ct2_convert import convert_to_ctranslate2
from tarjama.models.translation.llm_translator import LLMTranslator
from tarjama.models.translation.translators import load_translator
from tarjama.models.types import GenerationOptions, QualityFlag

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ct2_llm_dir(tiny_llm_dir, tmp_path_factory):
    return convert_to_ctranslate2(str(tiny_llm_dir), tmp_path_factory.mktemp("ct2") / "m", "int8")


def test_conversion_records_the_kind_and_keeps_the_chat_template(ct2_llm_dir):
    metadata = json.loads((ct2_llm_dir / "tarjama_ct2.json").read_text())
    assert metadata["kind"] == "llm" and metadata["quantization"] == "int8"
    assert (ct2_llm_dir / "chat_template.jinja").is_file() or "chat_template" in (
        ct2_llm_dir / "tokenizer_config.json"
    ).read_text()


def test_the_generator_backend_translates_with_the_same_guarantees(ct2_llm_dir, tiny_llm_dir):
    config = TranslatorConfig(model=str(ct2_llm_dir), backend="ctranslate2")
    translator = load_translator(config)
    try:
        assert isinstance(translator, LLMTranslator)
        assert translator.info.backend == "ctranslate2" and translator.info.dtype.startswith("int8")
        assert translator.info.model.model_id == tiny_llm_dir.name
        sentences = ["قال الوزير إن المحادثات ستستأنف.", "ارتفعت الأسعار."]
        results = translator.translate_all(sentences, GenerationOptions(max_output_tokens=6))
        assert len(results) == 2
        for result in results:
            if QualityFlag.UNALIGNED in result.flags:
                assert result.translation == "" and QualityFlag.EMPTY in result.flags
        [generated] = translator.backend.generate(
            [translator.backend.render("1. hello")], beam_size=1, max_new_tokens=[5]
        )
        assert generated.output_tokens <= 5
    finally:
        translator.close()
