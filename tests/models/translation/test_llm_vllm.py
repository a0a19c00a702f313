"""The optional vLLM backend, on a stand-in for vllm.LLM (no GPU or vllm here)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tarjama.models.errors import InvalidInput
from tarjama.models.translation.backend import BackendInfo
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.llm_translator import LLMTranslator
from tarjama.models.translation.vllm_backend import VLLMBackend, vllm_wanted
from tarjama.models.types import ModelRef


@dataclass
class Params:
    """Records what vllm.SamplingParams would receive."""

    temperature: float
    max_tokens: int
    min_tokens: int
    stop_token_ids: list[int]
    skip_special_tokens: bool


@dataclass
class Completion:
    text: str
    token_ids: list[int]
    finish_reason: str


@dataclass
class Output:
    outputs: list[Completion]


@dataclass
class FakeLLM:
    """Answers every prompt with numbered lines, one per numbered source line."""

    calls: list = field(default_factory=list)

    def generate(self, prompts, params, use_tqdm=False):
        self.calls.append((prompts, params))
        return [Output([Completion("1. first\n2. second", [5, 6, 7], "stop")]) for _ in prompts]


@pytest.fixture(scope="module")
def tokenizer(tiny_llm_dir):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(tiny_llm_dir))


def backend_for(tokenizer) -> tuple[VLLMBackend, FakeLLM]:
    info = BackendInfo(ModelRef("m", "r"), "vllm", "cuda", "bfloat16", 4096, "arb_Arab", "eng_Latn")
    llm = FakeLLM()
    return VLLMBackend(llm, tokenizer, info, Params), llm


def test_prompts_go_as_token_ids_with_greedy_capped_params(tokenizer):
    backend, llm = backend_for(tokenizer)
    prompt = backend.render("1. a\n2. b")
    [ids] = backend.encode([prompt])
    [result] = backend.generate([prompt], beam_size=1, max_new_tokens=[9], token_ids=[ids])
    prompts, params = llm.calls[0]
    assert prompts == [{"prompt_token_ids": list(ids)}]
    assert params[0].temperature == 0.0 and params[0].max_tokens == 9
    assert tokenizer.convert_tokens_to_ids("<|im_end|>") in params[0].stop_token_ids
    assert result.text == "1. first\n2. second" and result.output_tokens == 3
    assert not result.hit_length_cap
    with pytest.raises(InvalidInput, match="greedily"):
        backend.generate([prompt], beam_size=4, max_new_tokens=[9])


def test_the_translator_runs_on_it(tokenizer):
    backend, _ = backend_for(tokenizer)
    translator = LLMTranslator(backend, TranslatorConfig(model="m"))
    results = translator.translate_all(["جملة أولى.", "جملة ثانية."], None)
    assert [r.translation for r in results] == ["first", "second"]


def test_vllm_is_only_wanted_on_a_gpu_when_allowed():
    assert not vllm_wanted(TranslatorConfig(model="m", device="cpu"))
    assert not vllm_wanted(TranslatorConfig(model="m", device="cuda", use_vllm=False))
