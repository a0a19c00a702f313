"""Seq2SeqBackend on Hugging Face transformers: AutoTokenizer + AutoModelForSeq2SeqLM.generate."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from tarjama.models.errors import InvalidInput, ModelNotFound
from tarjama.models.threads import ThreadPlan, plan_threads
from tarjama.models.translation.backend import BackendInfo, Generated
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.languages import (
    apply_source_language,
    detect_family,
    language_setup,
)
from tarjama.models.translation.quiet import quiet_transformers
from tarjama.models.translation.tokenizing import check_caps, encode_texts
from tarjama.models.types import ModelRef

log = logging.getLogger(__name__)

DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}
DEFAULT_MAX_INPUT_TOKENS = 512
# Tokenizers without a real limit report model_max_length as a huge sentinel (int(1e30)).
_PLAUSIBLE_MAX_INPUT_TOKENS = 1_000_000


class HFBackend:
    """A transformers encoder-decoder model ready to translate batches of sentences."""

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
        self.model = model
        self.tokenizer = tokenizer
        self.device = device
        plan = thread_plan or ThreadPlan(workers=1, intra=torch.get_num_threads())
        # Batches decoded at once (the dynamic batcher runs this many workers). generate is
        # safe from several threads on one shared model in inference mode: each call builds
        # its own generation config copy, logits processors and KV cache.
        self.parallelism = plan.workers
        family = detect_family(getattr(model.config, "model_type", ""), tokenizer)
        self.languages = language_setup(family, tokenizer, source_language, target_language)
        apply_source_language(tokenizer, self.languages)
        # We always pass max_new_tokens; a configured max_length would only trigger a
        # "both are set" warning on every call.
        model.generation_config.max_length = None
        self._eos_ids = _as_id_set(model.generation_config.eos_token_id, tokenizer.eos_token_id)
        self._special_ids = set(tokenizer.all_special_ids)
        # Fast (Rust) tokenizers raise "Already borrowed" when used from two threads at once.
        self._tokenizer_lock = threading.Lock()
        # At most `parallelism` batches decode at once, whoever calls (an inline executor
        # serving many requests included), so the thread budget holds.
        self._generate_slots = threading.BoundedSemaphore(plan.workers)
        forced_bos = self.languages.forced_bos_token_id
        # The decoder start token and a forced language token take a step each.
        self._prefix = 1 + (forced_bos is not None)
        self.info = BackendInfo(
            model=model_ref,
            backend="hf",
            device=str(device),
            dtype=_dtype_name(next(model.parameters()).dtype),
            max_input_tokens=max_input_tokens(tokenizer, model.config),
            source_language=source_language,
            target_language=target_language,
            max_output_tokens=max_output_tokens(model.config, self._prefix),
            workers=plan.workers,
            intra_threads=plan.intra,
        )

    @classmethod
    def from_directory(cls, path: Path, model_ref: ModelRef, config: TranslatorConfig) -> HFBackend:
        """Load tokenizer and weights from a local model directory (a cache snapshot or not)."""
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer  # heavy: seconds to import

        device = resolve_device(config.device)
        dtype = resolve_dtype(config.dtype, device, explicit_device=config.device != "auto")
        if device.type == "cpu":
            plan = plan_threads(config.threads, config.workers)
        else:  # the GPU does the work: one batch at a time, fed by one host thread
            plan = ThreadPlan(workers=1, intra=1)
        apply_torch_threads(plan.intra)
        try:
            with quiet_transformers():
                tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
                model = AutoModelForSeq2SeqLM.from_pretrained(
                    str(path), dtype=dtype, local_files_only=True
                )
        except (OSError, ValueError, KeyError) as error:
            raise ModelNotFound(
                f"cannot load a seq2seq model from '{path}': {_first_line(error)}"
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

    def encode(self, texts: Sequence[str]) -> list[tuple[int, ...]]:
        return encode_texts(self.tokenizer, self._tokenizer_lock, texts, add_special_tokens=True)

    def generate(
        self,
        texts: Sequence[str],
        *,
        beam_size: int,
        max_new_tokens: Sequence[int],
        token_ids: Sequence[Sequence[int]] | None = None,
        min_new_tokens: int = 0,
    ) -> list[Generated]:
        """Decode one batch; min_new_tokens forces a length (benchmarks on random weights)."""
        check_caps(texts, max_new_tokens)
        if not texts:
            return []
        caps = [max(1, int(cap)) for cap in max_new_tokens]
        ceiling = self.info.max_output_tokens
        if ceiling > 0:
            # Past the decoder's positions the model fails (IndexError); never ask for that.
            caps = [min(cap, ceiling) for cap in caps]
            min_new_tokens = min(min_new_tokens, ceiling)
        batch = self._batch(self.encode(texts) if token_ids is None else token_ids)
        forced_bos = self.languages.forced_bos_token_id
        # The forced language token is generated too, so it needs a step of its own.
        prefix = self._prefix
        kwargs: dict[str, Any] = {
            "num_beams": beam_size,
            "num_return_sequences": 1,
            "do_sample": False,
            "max_new_tokens": max(*caps, min_new_tokens) + prefix - 1,
            # At least one content token: an immediate </s> would translate a non-empty
            # sentence as nothing (CTranslate2's default, applied to both backends).
            "min_new_tokens": max(1, min_new_tokens) + prefix - 1,
        }
        if forced_bos is not None:
            kwargs["forced_bos_token_id"] = forced_bos
        with self._generate_slots, torch.inference_mode():
            sequences = self.model.generate(
                **{name: tensor.to(self.device) for name, tensor in batch.items()}, **kwargs
            )
        rows = sequences.tolist()
        results = []
        with self._tokenizer_lock:
            for row, cap in zip(rows, caps, strict=True):
                results.append(self._finish(row[prefix:], cap))
        return results

    def _batch(self, token_ids: Sequence[Sequence[int]]) -> dict[str, torch.Tensor]:
        """Padded input ids and attention mask, built from ids without the tokenizer."""
        limit = self.info.max_input_tokens
        rows = [list(ids) for ids in token_ids]
        if any(len(row) > limit for row in rows):
            # The translator splits long sentences first; this only guards callers that
            # skip it, since positions past the limit would crash the model.
            log.warning("input longer than the model's %d-token limit was truncated", limit)
            rows = [row if len(row) <= limit else row[: limit - 1] + row[-1:] for row in rows]
        width = max(len(row) for row in rows)
        pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else 0
        left = getattr(self.tokenizer, "padding_side", "right") == "left"
        ids = torch.full((len(rows), width), pad, dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for number, row in enumerate(rows):
            span = slice(width - len(row), width) if left else slice(0, len(row))
            ids[number, span] = torch.tensor(row, dtype=torch.long)
            mask[number, span] = 1
        return {"input_ids": ids, "attention_mask": mask}

    def _finish(self, generated: list[int], cap: int) -> Generated:
        """Cut one output at its first end token and at its own cap (the batch used the max)."""
        steps = len(generated)
        for position, token in enumerate(generated):
            if token in self._eos_ids:
                generated, steps = generated[:position], position + 1
                break
        else:
            while generated and generated[-1] == self.tokenizer.pad_token_id:
                generated.pop()
            steps = len(generated)
        content = [token for token in generated if token not in self._special_ids][:cap]
        text = self.tokenizer.decode(content, skip_special_tokens=True).strip()
        # Models with forced_eos spend the last step on </s>: reaching the cap counts the step.
        return Generated(text=text, output_tokens=len(content), hit_length_cap=steps >= cap)


def resolve_device(name: str) -> torch.device:
    """ "cpu", "cuda", "cuda:N" or "auto" (CUDA when present) as a torch device."""
    cleaned = (name or "cpu").strip().lower()
    if cleaned == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        device = torch.device(cleaned)
    except RuntimeError as error:
        raise InvalidInput(f"unknown device '{name}'; use cpu, cuda, cuda:N or auto") from error
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise InvalidInput(f"device '{name}' requested but CUDA is not available here")
        if device.index is not None and device.index >= torch.cuda.device_count():
            raise InvalidInput(
                f"device '{name}' requested but only {torch.cuda.device_count()} GPU(s) exist"
            )
    elif device.type != "cpu":
        raise InvalidInput(f"unsupported device '{name}'; use cpu, cuda, cuda:N or auto")
    return device


def resolve_dtype(name: str, device: torch.device, *, explicit_device: bool = True) -> torch.dtype:
    """The torch dtype for a name; float16 on CPU is refused when the CPU was asked for.

    Half precision on CPU is slow and numerically fragile for generation, so an explicit
    cpu+float16 is a configuration mistake; with device "auto" falling back to a CPU we
    quietly use float32 instead, since the same config is meant to work on GPU machines.
    """
    cleaned = (name or "float32").strip().lower()
    if cleaned not in DTYPES:
        raise InvalidInput(f"unknown dtype '{name}'; use one of {', '.join(DTYPES)}")
    if cleaned == "float16" and device.type == "cpu":
        if explicit_device:
            raise InvalidInput("dtype float16 is not supported on CPU; use float32 or bfloat16")
        log.warning("float16 requested but no GPU is available; using float32 on CPU")
        return torch.float32
    return DTYPES[cleaned]


_interop_configured = False


def apply_torch_threads(intra: int) -> None:
    """Set torch's intra-op threads (and, once per process, its inter-op threads).

    Called at load. Each decoding worker runs its own batch on `intra` threads; torch's
    default (every core, per worker) oversubscribes the CPU as soon as two batches or two
    processes run at once.
    """
    global _interop_configured
    torch.set_num_threads(max(1, intra))
    if not _interop_configured:
        try:
            torch.set_num_interop_threads(max(1, intra))
        except RuntimeError:  # already set, or inter-op work already ran in this process
            log.debug("torch inter-op threads were already fixed", exc_info=True)
        _interop_configured = True


def max_output_tokens(model_config: Any, prefix: int) -> int:
    """Most content tokens the decoder can generate: its positions less the prefix steps.

    0 when the model has no absolute position limit (relative positions, e.g. T5).
    """
    for name in ("max_target_positions", "max_position_embeddings"):
        positions = getattr(model_config, name, None)
        if isinstance(positions, int) and 0 < positions < _PLAUSIBLE_MAX_INPUT_TOKENS:
            return max(1, positions - prefix)
    return 0


def max_input_tokens(tokenizer: Any, model_config: Any) -> int:
    """The longest input the model takes: the smaller of tokenizer and position limits."""
    limits = []
    tokenizer_limit = getattr(tokenizer, "model_max_length", None)
    if isinstance(tokenizer_limit, int) and 0 < tokenizer_limit < _PLAUSIBLE_MAX_INPUT_TOKENS:
        limits.append(tokenizer_limit)
    positions = getattr(model_config, "max_position_embeddings", None)
    if isinstance(positions, int) and 0 < positions < _PLAUSIBLE_MAX_INPUT_TOKENS:
        limits.append(positions)
    return min(limits) if limits else DEFAULT_MAX_INPUT_TOKENS


def _as_id_set(*values: int | list[int] | None) -> set[int]:
    ids: set[int] = set()
    for value in values:
        if isinstance(value, int):
            ids.add(value)
        elif value is not None:
            ids.update(value)
    return ids


def _dtype_name(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
