"""Shared pytest fixtures: offline Hugging Face settings and a tiny real Marian model."""

from __future__ import annotations

import pytest

# Heavy imports (torch, transformers) happen inside the fixtures, so test files that need
# no model collect fast.


@pytest.fixture
def hf_offline(monkeypatch, tmp_path):
    """No network and an empty Hugging Face cache, as on CI; returns that HF_HOME."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    return tmp_path / "hf-home"


@pytest.fixture(scope="session")
def tiny_marian_dir(tmp_path_factory):
    """A tiny random MarianMT model directory (tokenizer trained on seeds/), built once."""
    from tarjama.models.testing.marian import build_tiny_marian

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian"))


@pytest.fixture(scope="session")
def tiny_marian_translator(tiny_marian_dir):
    """The tiny model loaded as users load models: load_translator(TranslatorConfig(...))."""
    from tarjama.models.translation.config import TranslatorConfig
    from tarjama.models.translation.translator import load_translator

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        translator = load_translator(TranslatorConfig(model=str(tiny_marian_dir), beam_size=1))
    yield translator
    translator.close()


@pytest.fixture(scope="session")
def tiny_llm_dir(tmp_path_factory):
    """A tiny random Qwen2-shaped chat model (BPE tokenizer, ChatML template), built once."""
    from tarjama.models.testing.llm import build_tiny_llm

    return build_tiny_llm(tmp_path_factory.mktemp("tiny-llm"))
