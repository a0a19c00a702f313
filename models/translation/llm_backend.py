"""Instruction (chat) models on transformers: AutoModelForCausalLM behind the backend Protocol."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from tarjama.models.errors import ModelNotFound, model_label
from tarjama.models.threads import ThreadPlan, plan_threads
from tarjama.models.translation.backend import BackendInfo, Generated
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.hf_backend import (
    apply_torch_threads,
    max_input_tokens,
    resolve_device,
    resolve_dtype,
)
from tarjama.models.translation.quiet import quiet_transformers
from tarjama.models.translation.tokenizing import check_caps, encode_texts, render_chat
from tarjama.models.types import ModelRef

log = logging.getLogger(__name__)

LLM_KIND = "llm"


class CausalLMBackend:
    """A chat model: texts are prompts rendered by `render`; outputs are the new tokens only.

    Implements the Seq2SeqBackend Protocol (encode, generate, info), so the inline
    executor, the dynamic batcher and the cache serve it unchanged; `render` is what the
    LLM translator and summarizer add on top.
    """

    kind = LLM_KIND

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        *,
        model_ref: ModelRef,
        device: torch.device,
        source_language: str,
        target_language: str,
        thread_plan: ThreadPlan | None = None,
    ) -> None:
        if not getattr(tokenizer, "chat_template", None):
            raise ModelNotFound(
                f"'{model_label(model_ref.model_id)}' has no chat template: tarjama needs an "
                "instruction (chat) model, not a base model"
            )
        self.model = model
        self.tokenizer = tokenizer
        self.device = device
        # Decoder-only models continue the prompt: padding goes on the left.
        tokenizer.padding_side = "left"
        if tokenizer.pad_token_id is None:
            tokenizer.pad_token = tokenizer.eos_token
        plan = thread_plan or ThreadPlan(workers=1, intra=torch.get_num_threads())
        self.parallelism = plan.workers
        model.generation_config.max_length = None  # we always pass max_new_tokens
        self._eos_ids = _id_set(model.generation_config.eos_token_id, tokenizer.eos_token_id)
        self._tokenizer_lock = threading.Lock()
        self._generate_slots = threading.BoundedSemaphore(plan.workers)
        context = max_input_tokens(tokenizer, model.config)
        self.info = BackendInfo(
            model=model_ref,
            backend="hf",
            device=str(device),
            dtype=str(next(model.parameters()).dtype).removeprefix("torch."),
            # Prompt and answer share the context: the translator keeps both inside it.
            max_input_tokens=context,
            source_language=source_language,
            target_language=target_language,
            max_output_tokens=context,
            workers=plan.workers,
            intra_threads=plan.intra,
        )

    @classmethod
    def from_directory(
        cls, path: Path, model_ref: ModelRef, config: TranslatorConfig
    ) -> CausalLMBackend:
        """Load tokenizer (with its chat template) and weights from a local directory."""
        from transformers import AutoModelForCausalLM, AutoTokenizer  # heavy: seconds to import

        device = resolve_device(config.device)
        dtype = resolve_dtype(config.dtype, device, explicit_device=config.device != "auto")
        if device.type == "cpu":
            plan = plan_threads(config.threads, config.workers)
        else:
            plan = ThreadPlan(workers=1, intra=1)
        apply_torch_threads(plan.intra)
        try:
            with quiet_transformers():
                tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
                model = AutoModelForCausalLM.from_pretrained(
                    str(path), dtype=dtype, local_files_only=True
                )
        except (OSError, ValueError, KeyError) as error:
            raise ModelNotFound(
                f"cannot load '{model_label(model_ref.model_id)}' as a chat model: "
                f"{type(error).__name__}"
            ) from error
        model.to(device)
        model.eval()
        return cls(
            model,
            tokenizer,
            model_ref=model_ref,
            device=device,
            source_language=config.source_language,
            target_language=config.target_language,
            thread_plan=plan,
        )

    def render(self, user_message: str) -> str:
        """The prompt for one user turn, in the model's own chat template.

        Instructions go in the user turn: several templates (Gemma) refuse a system role.
        """
        return render_chat(self.tokenizer, self._tokenizer_lock, user_message)

    def encode(self, texts: Sequence[str]) -> list[tuple[int, ...]]:
        return encode_texts(self.tokenizer, self._tokenizer_lock, texts, add_special_tokens=False)

    def generate(
        self,
        texts: Sequence[str],
        *,
        beam_size: int,
        max_new_tokens: Sequence[int],
        token_ids: Sequence[Sequence[int]] | None = None,
        min_new_tokens: int = 0,
    ) -> list[Generated]:
        """Continue each prompt (from token_ids when given: encode()'s ids, not re-tokenized);
        min_new_tokens forces a length (benchmarks on random weights)."""
        check_caps(texts, max_new_tokens)
        if not texts:
            return []
        context = self.info.max_input_tokens
        batch = _left_padded(
            self.encode(texts) if token_ids is None else token_ids, self.tokenizer.pad_token_id
        )
        prompt_length = int(batch["input_ids"].shape[1])
        if prompt_length >= context:
            raise ValueError(f"prompt of {prompt_length} tokens does not fit the {context} context")
        room = context - prompt_length
        caps = [max(1, min(int(cap), room)) for cap in max_new_tokens]
        kwargs: dict[str, Any] = {
            "num_beams": beam_size,
            "do_sample": False,
            "max_new_tokens": max(*caps, min(min_new_tokens, room)),
            "min_new_tokens": min(min_new_tokens, room),
            "pad_token_id": self.tokenizer.pad_token_id,
            "eos_token_id": sorted(self._eos_ids) or None,
        }
        with self._generate_slots, torch.inference_mode():
            sequences = self.model.generate(
                **{name: tensor.to(self.device) for name, tensor in batch.items()}, **kwargs
            )
        rows = sequences[:, prompt_length:].tolist()
        with self._tokenizer_lock:
            return [self._finish(row, cap) for row, cap in zip(rows, caps, strict=True)]

    def _finish(self, generated: list[int], cap: int) -> Generated:
        """Cut one answer at its first end token and its own cap (the batch used the max)."""
        ended = False
        for position, token in enumerate(generated):
            if token in self._eos_ids:
                generated, ended = generated[:position], True
                break
        pad = self.tokenizer.pad_token_id
        while generated and generated[-1] == pad:
            generated.pop()
        content = generated[:cap]
        text = self.tokenizer.decode(content, skip_special_tokens=True).strip()
        return Generated(
            text=text, output_tokens=len(content), hit_length_cap=not ended and len(content) >= cap
        )


def _left_padded(token_ids: Sequence[Sequence[int]], pad: int | None) -> dict[str, torch.Tensor]:
    """Input ids padded on the left (a decoder-only model continues the prompt) and mask."""
    rows = [list(ids) for ids in token_ids]
    width = max(len(row) for row in rows)
    ids = torch.full((len(rows), width), pad if pad is not None else 0, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for number, row in enumerate(rows):
        if row:
            ids[number, width - len(row) :] = torch.tensor(row, dtype=torch.long)
            mask[number, width - len(row) :] = 1
    return {"input_ids": ids, "attention_mask": mask}


def _id_set(*values: int | list[int] | None) -> set[int]:
    ids: set[int] = set()
    for value in values:
        if isinstance(value, int):
            ids.add(value)
        elif value is not None:
            ids.update(value)
    return ids
