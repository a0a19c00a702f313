"""The real Hugging Face path: a tiny random Marian (and NLLB-shaped) model, loaded as users do."""

from __future__ import annotations

import shutil
from functools import partial

import pytest

from tarjama.models.translation.backend import token_counts
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.splitting import split_to_fit, token_budget
from tarjama.models.types import GenerationOptions, QualityFlag

pytestmark = pytest.mark.usefixtures("hf_offline")

SHORT = GenerationOptions(beam_size=1, max_output_tokens=12)


def seed_lines(seeds, count: int) -> list[str]:
    text = seeds.text("001")
    return [line for line in text.splitlines() if line.strip()][:count]


def test_tiny_marian_loads_like_a_hub_model(tiny_marian_dir, tiny_marian_translator):
    info = tiny_marian_translator.info
    assert info.model.model_id == tiny_marian_dir.name  # a directory name, never a path
    assert info.model.revision.startswith("local-")
    assert (info.backend, info.device, info.dtype, info.max_input_tokens) == (
        "hf",
        "cpu",
        "float32",
        512,
    )


def test_translates_seed_sentences_in_order(tiny_marian_translator, seeds):
    sentences = seed_lines(seeds, 4)
    results = tiny_marian_translator.translate_all(sentences, SHORT)
    assert [r.source for r in results] == sentences
    assert all(isinstance(r.translation, str) and r.translation for r in results)
    assert all(0 < r.output_tokens <= 12 for r in results)
    assert len({r.translation for r in results}) > 1, "outputs should depend on the input"
    # Batched and one-by-one decoding agree, so each output belongs to its own input.
    alone = [tiny_marian_translator.translate_all([s], SHORT)[0].translation for s in sentences]
    assert alone == [r.translation for r in results]


def test_beam_search_and_output_cap(tiny_marian_translator, seeds):
    [result] = tiny_marian_translator.translate_all(
        seed_lines(seeds, 1), GenerationOptions(beam_size=2, max_output_tokens=4)
    )
    assert result.output_tokens <= 4
    assert QualityFlag.LENGTH_CAPPED in result.flags  # a random model does not stop by itself


def test_backend_applies_each_texts_own_cap_within_one_batch(tiny_marian_translator, seeds):
    backend = tiny_marian_translator.backend
    short_cap, long_cap = backend.generate(
        seed_lines(seeds, 2), beam_size=1, max_new_tokens=[3, 10]
    )
    assert short_cap.output_tokens <= 3 and short_cap.hit_length_cap
    assert 3 < long_cap.output_tokens <= 10
    assert token_counts(backend, ["", "نص"])[0] == 1  # </s> is counted


def test_sentence_longer_than_the_model_limit_is_split(tiny_marian_translator, seeds):
    backend = tiny_marian_translator.backend
    lines = seed_lines(seeds, 30)
    sentence = ""
    while token_counts(backend, [sentence])[0] <= 600:
        sentence = (sentence + " " + lines.pop(0)).strip()
    pieces = split_to_fit(sentence, 512, partial(token_counts, backend))
    assert len(pieces) > 1
    assert max(token_counts(backend, pieces)) <= token_budget(512)
    assert "".join("".join(pieces).split()) == "".join(sentence.split())
    # The translator also keeps each piece's plausible output (2 x input + 10) within the
    # decoder's 511 steps, so its pieces are smaller than the encoder alone would allow.
    budget = tiny_marian_translator.piece_budget()
    assert budget == (511 - 10) // 2
    pieces = split_to_fit(sentence, 512, partial(token_counts, backend), budget=budget)
    assert max(token_counts(backend, pieces)) <= budget
    [result] = tiny_marian_translator.translate_all([sentence], SHORT)
    assert result.pieces == len(pieces) and result.was_split
    assert result.translation and result.output_tokens <= 12 * len(pieces)


def test_model_from_the_hf_cache_reports_the_commit(tiny_marian_dir, hf_offline):
    from tarjama.models.translation.loading import load_backend

    commit = "fedcba9876543210fedcba9876543210fedcba98"
    repo = hf_offline / "hub" / "models--tarjama--tiny-marian"
    shutil.copytree(tiny_marian_dir, repo / "snapshots" / commit)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    backend = load_backend(TranslatorConfig(model="tarjama/tiny-marian"))
    assert (backend.info.model.model_id, backend.info.model.revision) == (
        "tarjama/tiny-marian",
        commit,
    )


def test_nllb_shaped_model_gets_language_codes_and_caps_exclude_them(tmp_path):
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer

    from tarjama.models.translation.languages import ModelFamily
    from tarjama.models.translation.loading import load_backend

    tokenizer = NllbTokenizer()
    tokenizer.save_pretrained(str(tmp_path))
    config = M2M100Config(
        vocab_size=len(tokenizer),
        d_model=16,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=32,
        decoder_ffn_dim=32,
        max_position_embeddings=64,
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
    )
    torch.manual_seed(0)
    M2M100ForConditionalGeneration(config).save_pretrained(str(tmp_path))
    backend = load_backend(TranslatorConfig(model=str(tmp_path)))
    assert backend.languages.family is ModelFamily.NLLB
    assert backend.tokenizer.src_lang == "arb_Arab"
    assert backend.info.max_input_tokens == 64
    # arb_Arab + text + </s>: the source language token is part of the count.
    assert token_counts(backend, ["x"]) == [3]
    [generated] = backend.generate(["x y"], beam_size=1, max_new_tokens=[5])
    assert generated.output_tokens <= 5 and "eng_Latn" not in generated.text
