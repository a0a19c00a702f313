"""Instruction models on vLLM (optional, GPU only): used when vllm is installed and CUDA is up."""

from __future__ import annotations

import importlib.util
import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tarjama.models.errors import InvalidInput, ModelNotFound, model_label
from tarjama.models.translation.backend import BackendInfo, Generated
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.tokenizing import check_caps, encode_texts, render_chat
from tarjama.models.types import ModelRef

log = logging.getLogger(__name__)

# vLLM takes a share of the GPU's memory for weights and KV cache up front.
GPU_MEMORY_SHARE = 0.85


def vllm_wanted(config: TranslatorConfig) -> bool:
    """vLLM serves a chat model when allowed, installed, and the device is a CUDA GPU."""
    if not config.use_vllm or config.device.strip().lower() == "cpu":
        return False
    if importlib.util.find_spec("vllm") is None:
        return False
    import torch  # lazy: only when vllm is installed at all

    return torch.cuda.is_available()


class VLLMBackend:
    """A vllm.LLM behind the backend Protocol, with CausalLMBackend's interface.

    vLLM schedules its own continuous batches on the GPU; tarjama's batcher hands it whole
    batches of prompts (as token ids, so nothing is tokenized twice) one at a time.
    Greedy decoding only: vLLM's beam search is a separate API, so beam_size > 1 is refused.
    """

    kind = "llm"

    def __init__(self, llm: Any, tokenizer: Any, info: BackendInfo, sampling: Any) -> None:
        if not getattr(tokenizer, "chat_template", None):
            raise ModelNotFound(
                f"'{model_label(info.model.model_id)}' has no chat template: tarjama needs an "
                "instruction (chat) model, not a base model"
            )
        self.info = info
        self.parallelism = 1  # one generate call at a time; vLLM batches inside it
        self._llm = llm
        self._tokenizer = tokenizer
        self._sampling = sampling  # vllm.SamplingParams (the class)
        self._lock = threading.Lock()  # the tokenizer
        self._generate_lock = threading.Lock()  # one generate call at a time
        # Chat templates close a turn with their own token as well as the model's eos.
        stop = {tokenizer.eos_token_id} if tokenizer.eos_token_id is not None else set()
        for name in ("<|im_end|>", "<end_of_turn>", "<|eot_id|>", "<|END_OF_TURN_TOKEN|>"):
            if name in tokenizer.get_vocab():
                stop.add(tokenizer.convert_tokens_to_ids(name))
        self._stop_ids = sorted(stop)

    @classmethod
    def load(cls, path: Path, model_ref: ModelRef, config: TranslatorConfig) -> VLLMBackend:
        import vllm  # optional dependency: only imported when vllm_wanted() said so

        dtype = config.dtype if config.dtype in ("float16", "bfloat16") else "auto"
        try:
            llm = vllm.LLM(
                model=str(path), dtype=dtype, gpu_memory_utilization=GPU_MEMORY_SHARE, seed=0
            )
        except (OSError, ValueError) as error:
            raise ModelNotFound(
                f"vLLM cannot load '{model_label(model_ref.model_id)}': {type(error).__name__}"
            ) from error
        tokenizer = llm.get_tokenizer()
        context = int(getattr(llm.llm_engine.model_config, "max_model_len", 0) or 4096)
        info = BackendInfo(
            model=model_ref,
            backend="vllm",
            device=config.device if config.device.startswith("cuda") else "cuda",
            dtype=str(llm.llm_engine.model_config.dtype).removeprefix("torch."),
            max_input_tokens=context,
            source_language=config.source_language,
            target_language=config.target_language,
            max_output_tokens=context,
        )
        return cls(llm, tokenizer, info, vllm.SamplingParams)

    def render(self, user_message: str) -> str:
        return render_chat(self._tokenizer, self._lock, user_message)

    def encode(self, texts: Sequence[str]) -> list[tuple[int, ...]]:
        return encode_texts(self._tokenizer, self._lock, texts, add_special_tokens=False)

    def generate(
        self,
        texts: Sequence[str],
        *,
        beam_size: int,
        max_new_tokens: Sequence[int],
        token_ids: Sequence[Sequence[int]] | None = None,
        min_new_tokens: int = 0,
    ) -> list[Generated]:
        check_caps(texts, max_new_tokens)
        if beam_size != 1:
            raise InvalidInput("the vLLM backend decodes greedily: use beam_size 1")
        if not texts:
            return []
        ids = self.encode(texts) if token_ids is None else token_ids
        context = self.info.max_input_tokens
        prompts, params = [], []
        for row, cap in zip(ids, max_new_tokens, strict=True):
            room = context - len(row)
            if room < 1:
                raise ValueError(f"prompt of {len(row)} tokens does not fit the {context} context")
            prompts.append({"prompt_token_ids": list(row)})
            params.append(
                self._sampling(
                    temperature=0.0,
                    max_tokens=max(1, min(int(cap), room)),
                    min_tokens=min(min_new_tokens, room),
                    stop_token_ids=self._stop_ids,
                    skip_special_tokens=True,
                )
            )
        with self._generate_lock:
            outputs = self._llm.generate(prompts, params, use_tqdm=False)
        results = []
        for output in outputs:
            best = output.outputs[0]
            results.append(
                Generated(
                    text=best.text.strip(),
                    output_tokens=len(best.token_ids),
                    hit_length_cap=best.finish_reason == "length",
                )
            )
        return results
