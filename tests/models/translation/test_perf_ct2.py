"""CTranslate2 backend: conversion, greedy output identical to HF, interchangeable backends."""

from __future__ import annotations

import json

import pytest

from tarjama.models.errors import InvalidInput, ModelNotFound
from tarjama.models.translation.backend import BackendInfo, token_counts
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.types import ModelRef

ctranslate2 = pytest.importorskip("ctranslate2")

pytestmark = pytest.mark.slow  # converts the tiny Marian to CTranslate2 twice


@pytest.fixture(scope="module")
def sentences(seeds) -> list[str]:
    lines = []
    for path in seeds.paths:
        lines += [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line][:24]


@pytest.fixture(scope="module")
def ct2_dirs(tiny_marian_dir, tmp_path_factory):
    """The tiny Marian converted to float32 and int8, once for the module."""
    from tarjama.models.translation.ct2_convert import convert_to_ctranslate2

    out = tmp_path_factory.mktemp("ct2")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        return {
            quantization: convert_to_ctranslate2(
                str(tiny_marian_dir), out / quantization, quantization
            )
            for quantization in ("float32", "int8")
        }


@pytest.fixture(scope="module")
def ct2_backend(ct2_dirs):
    from tarjama.models.translation.loading import load_backend

    return load_backend(TranslatorConfig(model=str(ct2_dirs["float32"]), backend="ctranslate2"))


@pytest.fixture(scope="module")
def hf_backend(tiny_marian_dir):
    from tarjama.models.translation.loading import load_backend

    return load_backend(TranslatorConfig(model=str(tiny_marian_dir), backend="hf"))


def test_ct2_float32_greedy_equals_hf_greedy_token_for_token(
    tiny_marian_dir, ct2_backend, sentences
):
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(tiny_marian_dir))
    model = AutoModelForSeq2SeqLM.from_pretrained(str(tiny_marian_dir)).eval()
    cap = 24
    with torch.inference_mode():
        encoded = tokenizer(sentences, return_tensors="pt", padding=True)
        # Both backends forbid an immediate </s> (an empty translation): min_new_tokens=1.
        rows = model.generate(
            **encoded, num_beams=1, do_sample=False, max_new_tokens=cap, min_new_tokens=1
        )
    expected = []
    for row in rows.tolist():
        generated = row[1:]  # drop the decoder start token
        if tokenizer.eos_token_id in generated:
            generated = generated[: generated.index(tokenizer.eos_token_id)]
        expected.append(tokenizer.convert_ids_to_tokens(generated))

    actual = ct2_backend.translate_tokens(
        sentences, beam_size=1, max_new_tokens=[cap] * len(sentences)
    )
    assert actual == expected
    assert any(len(tokens) == cap - 1 for tokens in expected)  # the cap was reached
    assert any(len(tokens) < cap - 1 for tokens in expected)  # and </s> came early


def test_backends_are_interchangeable_for_greedy_decoding(ct2_backend, hf_backend, sentences):
    assert token_counts(ct2_backend, sentences) == token_counts(hf_backend, sentences)
    caps = [30] * len(sentences)
    assert ct2_backend.generate(sentences, beam_size=1, max_new_tokens=caps) == (
        hf_backend.generate(sentences, beam_size=1, max_new_tokens=caps)
    )


def test_min_new_tokens_forces_the_output_length(ct2_backend, sentences):
    for beam in (1, 4):
        results = ct2_backend.generate(
            sentences[:4], beam_size=beam, max_new_tokens=[12] * 4, min_new_tokens=12
        )
        assert [result.output_tokens for result in results] == [12] * 4


def test_hf_min_new_tokens_forces_the_same_number_of_decoding_steps(hf_backend, sentences):
    for beam in (1, 4):
        results = hf_backend.generate(
            sentences[:4], beam_size=beam, max_new_tokens=[12] * 4, min_new_tokens=12
        )
        # forced_eos spends the 12th step on </s>: 12 steps, 11 content tokens, like CT2's 12.
        assert [result.output_tokens for result in results] == [11] * 4
        assert all(result.hit_length_cap for result in results)
    default = hf_backend.generate(sentences[:4], beam_size=1, max_new_tokens=[12] * 4)
    assert any(result.output_tokens < 11 for result in default)  # default unchanged


def test_translator_serves_a_converted_model(ct2_dirs, sentences):
    from tarjama.models.translation.translators import load_translator

    translator = load_translator(
        TranslatorConfig(model=str(ct2_dirs["int8"]), backend="ctranslate2", beam_size=2)
    )
    try:
        info = translator.info
        assert info.backend == "ctranslate2"
        assert info.dtype.startswith("int8")
        assert "+ct2-int8-" in info.model.revision
        results = translator.translate_all(sentences[:5])
    finally:
        translator.close()
    assert [result.source for result in results] == sentences[:5]
    assert all(result.translation for result in results)


def test_converted_directory_is_self_contained(ct2_dirs):
    files = {path.name for path in ct2_dirs["int8"].iterdir()}
    assert {"model.bin", "tarjama_ct2.json", "tokenizer_config.json", "source.spm"} <= files
    metadata = json.loads((ct2_dirs["int8"] / "tarjama_ct2.json").read_text())
    assert metadata["quantization"] == "int8" and metadata["model_type"] == "marian"


def test_conversion_refuses_to_overwrite_without_force(tiny_marian_dir, ct2_dirs, monkeypatch):
    from tarjama.models.translation.ct2_convert import convert_to_ctranslate2

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(InvalidInput, match="--force"):
        convert_to_ctranslate2(str(tiny_marian_dir), ct2_dirs["int8"], "int8")
    with pytest.raises(InvalidInput, match="quantization"):
        convert_to_ctranslate2(str(tiny_marian_dir), ct2_dirs["int8"], "int3", force=True)
    assert (ct2_dirs["int8"] / "model.bin").is_file()  # untouched by the refusals


def test_loading_a_plain_hf_directory_as_ctranslate2_says_how_to_convert(tiny_marian_dir):
    from tarjama.models.translation.ct2_backend import load_ct2_backend

    with pytest.raises(ModelNotFound, match="models convert"):
        load_ct2_backend(TranslatorConfig(model=str(tiny_marian_dir), backend="ctranslate2"))


class _StubTranslator:
    """Records what CT2Backend asks CTranslate2 for; answers with prefix + fixed tokens."""

    def __init__(self) -> None:
        self.calls: list[dict] = []

    def translate_batch(self, source, target_prefix=None, **options):
        self.calls.append({"source": source, "target_prefix": target_prefix, **options})
        prefix = target_prefix[0] if target_prefix else []
        return [_Result([[*prefix, "▁a", "▁b", "▁c"]]) for _ in source]


class _Result:
    def __init__(self, hypotheses):
        self.hypotheses = hypotheses


class _M2M100Tokenizer:
    """The few tokenizer methods CT2Backend and the language helpers use, M2M100-style."""

    unk_token_id = 3
    src_lang = None

    def get_lang_id(self, code):
        return {"ar": 10, "en": 11}[code]

    def convert_ids_to_tokens(self, ids):
        names = {10: "__ar__", 11: "__en__", 2: "</s>"}
        if isinstance(ids, int):
            return names[ids]
        return [names.get(i, f"▁w{i}") for i in ids]

    def convert_tokens_to_ids(self, tokens):
        return [100 + len(token) for token in tokens]

    def __call__(
        self, texts, truncation=True, max_length=None, add_special_tokens=True, verbose=True
    ):
        return {"input_ids": [[10, *range(20, 20 + len(text.split())), 2] for text in texts]}

    def decode(self, ids, skip_special_tokens=True):
        return " ".join(str(i) for i in ids)


def test_m2m100_target_language_goes_in_as_prefix_and_comes_out_stripped():
    from tarjama.models.translation.ct2_backend import CT2Backend

    translator = _StubTranslator()
    tokenizer = _M2M100Tokenizer()
    info = BackendInfo(
        ModelRef("m", "r"), "ctranslate2", "cpu", "int8", 512, "arb_Arab", "eng_Latn"
    )
    backend = CT2Backend(translator, tokenizer, info, model_type="m2m_100")
    assert tokenizer.src_lang == "ar"
    tokens = backend.translate_tokens(
        ["كلمة كلمة"], beam_size=4, max_new_tokens=[5], min_new_tokens=2
    )
    assert tokens == [["▁a", "▁b", "▁c"]]
    call = translator.calls[0]
    assert call["target_prefix"] == [["__en__"]]
    assert call["source"] == [["__ar__", "▁w20", "▁w21", "</s>"]]
    # CTranslate2 counts the prefix in both length limits.
    assert call["max_decoding_length"] == 5 + 1
    assert call["min_decoding_length"] == 2 + 1


def test_a_ctranslate2_engine_never_imports_torch(ct2_dirs):
    """torch costs about 170 MB of RSS; a CTranslate2 server and CLI run need none of it."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from tarjama.models.engines import build_engines\n"
        "from tarjama.models.settings import Settings\n"
        f"settings = Settings(model={str(ct2_dirs['int8'])!r}, backend='ctranslate2', "
        "offline=True)\n"
        "engines = build_engines(settings)\n"
        "engines.sentence_translator.translate_all(['مرحبا بكم'])\n"
        "print(sorted(m for m in ('torch', 'sklearn') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
