"""Instruction models on CTranslate2: a converted chat model's Generator behind the Protocol."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tarjama.models.errors import InvalidInput, ModelNotFound, model_label
from tarjama.models.translation.backend import BackendInfo, Generated
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.ct2_format import (
    ConversionMetadata,
    converted_model_ref,
    load_converted_tokenizer,
)
from tarjama.models.translation.tokenizing import check_caps, encode_texts, render_chat


class CT2GeneratorBackend:
    """A ctranslate2.Generator (int8 on CPU) with the model's HF tokenizer and chat template.

    Same interface as CausalLMBackend: `render` applies the chat template, texts are
    rendered prompts, outputs are the new tokens only. CTranslate2 releases the GIL and
    runs up to `parallelism` batches at once (inter_threads).
    """

    kind = "llm"

    def __init__(self, generator: Any, tokenizer: Any, info: BackendInfo, parallelism: int):
        if not getattr(tokenizer, "chat_template", None):
            raise ModelNotFound(
                f"'{model_label(info.model.model_id)}' has no chat template: tarjama needs an "
                "instruction (chat) model, not a base model"
            )
        self.info = info
        self.parallelism = parallelism
        self._generator = generator
        self._tokenizer = tokenizer
        self._tokenizer_lock = threading.Lock()
        end_tokens = {tokenizer.eos_token} if tokenizer.eos_token else set()
        # Chat templates close a turn with their own token (<|im_end|>, <end_of_turn>).
        for name in ("<|im_end|>", "<end_of_turn>", "<|eot_id|>", "<|END_OF_TURN_TOKEN|>"):
            if name in tokenizer.get_vocab():
                end_tokens.add(name)
        self._end_tokens = sorted(end_tokens)

    def render(self, user_message: str) -> str:
        return render_chat(self._tokenizer, self._tokenizer_lock, user_message)

    def encode(self, texts: Sequence[str]) -> list[tuple[int, ...]]:
        return encode_texts(self._tokenizer, self._tokenizer_lock, texts, add_special_tokens=False)

    def generate(
        self,
        texts: Sequence[str],
        *,
        beam_size: int,
        max_new_tokens: Sequence[int],
        token_ids: Sequence[Sequence[int]] | None = None,
        min_new_tokens: int = 0,
    ) -> list[Generated]:
        """Continue each prompt (from token_ids when given); min_new_tokens forces a length."""
        check_caps(texts, max_new_tokens)
        if not texts:
            return []
        ids = self.encode(texts) if token_ids is None else token_ids
        with self._tokenizer_lock:
            prompts = [self._tokenizer.convert_ids_to_tokens(list(row)) for row in ids]
        context = self.info.max_input_tokens
        longest = max(len(tokens) for tokens in prompts)
        if longest >= context:
            raise ValueError(f"prompt of {longest} tokens does not fit the {context} context")
        caps = [max(1, min(int(cap), context - longest)) for cap in max_new_tokens]
        results = self._generator.generate_batch(
            prompts,
            beam_size=beam_size,
            # One limit per batch; each prompt's own cap is applied by truncation.
            max_length=max(*caps, min_new_tokens),
            min_length=min_new_tokens,
            include_prompt_in_result=False,
            end_token=self._end_tokens or None,
        )
        outputs = []
        with self._tokenizer_lock:
            for result, cap in zip(results, caps, strict=True):
                generated = list(result.sequences_ids[0])
                content = generated[:cap]
                text = self._tokenizer.decode(content, skip_special_tokens=True).strip()
                capped = len(generated) >= cap
                outputs.append(Generated(text, len(content), hit_length_cap=capped))
        return outputs

    def close(self) -> None:
        self._generator.unload_model()


def load_ct2_generator(
    config: TranslatorConfig,
    metadata: ConversionMetadata,
    *,
    inter_threads: int,
    intra_threads: int,
    device: str,
    device_index: int,
    compute_type: str,
) -> CT2GeneratorBackend:
    """Load a chat model converted by `tarjama models convert` (metadata kind "llm")."""
    import ctranslate2  # heavy: only when this backend is loaded

    model_dir = Path(config.model)
    try:
        generator = ctranslate2.Generator(
            str(model_dir),
            device=device,
            device_index=device_index,
            compute_type=compute_type,
            inter_threads=inter_threads,
            intra_threads=intra_threads,
        )
    except ValueError as error:
        raise InvalidInput(
            f"cannot load '{model_label(config.model)}' with dtype '{config.dtype}': {error}"
        ) from error
    tokenizer = load_converted_tokenizer(model_dir, metadata)
    info = BackendInfo(
        model=converted_model_ref(metadata),
        backend="ctranslate2",
        device=device if device == "cpu" else f"{device}:{device_index}",
        dtype=generator.compute_type,
        max_input_tokens=metadata.max_input_tokens,
        source_language=config.source_language,
        target_language=config.target_language,
        max_output_tokens=metadata.max_input_tokens,
        workers=inter_threads,
        intra_threads=intra_threads,
    )
    return CT2GeneratorBackend(generator, tokenizer, info, inter_threads)
