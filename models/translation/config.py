"""Configuration of a translation engine (what to load and how to decode)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_TRANSLATION_MODEL = "Helsinki-NLP/opus-mt-ar-en"


@dataclass(frozen=True)
class TranslatorConfig:
    """Everything needed to load a translation backend and run it."""

    model: str = DEFAULT_TRANSLATION_MODEL  # hub id or local directory
    revision: str | None = None  # hub revision (branch, tag or commit)
    backend: str = "hf"  # "hf" or "ctranslate2"
    device: str = "cpu"  # "cpu", "cuda", "cuda:1", or "auto"
    dtype: str = "float32"  # "float32", "float16", "bfloat16" (HF); CT2 compute type
    threads: int = 0  # total CPU threads of the engine; 0 = the usable cores
    workers: int = 0  # batches decoded in parallel; 0 = one single-threaded batch per thread
    beam_size: int = 4
    max_batch_tokens: int = 4096  # source tokens per batch, padding included
    max_batch_sentences: int = 32
    output_length_ratio: float = 2.0  # output cap = ratio * source tokens + margin
    output_length_margin: int = 10
    local_files_only: bool = False  # never touch the network (also set by HF_HUB_OFFLINE=1)
    # Instruction models go to vLLM when it is installed and the device is a CUDA GPU.
    use_vllm: bool = True
    source_language: str = "arb_Arab"
    target_language: str = "eng_Latn"
