"""CTranslate2 backend: serves a converted model (see ct2_convert) as a Seq2SeqBackend."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from tarjama.models.errors import InvalidInput, ModelNotFound, model_label
from tarjama.models.threads import plan_threads
from tarjama.models.translation.backend import BackendInfo, Generated, Seq2SeqBackend
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.ct2_format import (
    HF_CONFIG_FILE,
    ConversionMetadata,
    converted_model_ref,
    load_converted_tokenizer,
)
from tarjama.models.translation.ct2_llm_backend import load_ct2_generator
from tarjama.models.translation.languages import (
    apply_source_language,
    detect_family,
    language_setup,
)
from tarjama.models.translation.tokenizing import encode_texts


def load_ct2_backend(
    config: TranslatorConfig,
    *,
    inter_threads: int | None = None,
    intra_threads: int | None = None,
) -> Seq2SeqBackend:
    """Load a directory made by convert_to_ctranslate2 as a Seq2SeqBackend.

    config.threads is the total CPU threads to use (0 = the usable cores) and
    config.workers the batches run in parallel (0 = one single-threaded batch per thread):
    on few cores that is 1.7-2.7x faster than splitting one batch across threads (README,
    Performance), and it never oversubscribes. inter_threads/intra_threads override the plan.
    """
    import ctranslate2  # heavy: only when this backend is loaded

    model_dir = Path(config.model)
    if not (model_dir / "model.bin").is_file():
        raise ModelNotFound(
            f"'{model_label(config.model)}' is not a CTranslate2 model directory (no model.bin); "
            "convert one with `tarjama models convert MODEL --quantization int8 --out DIR`"
        )
    metadata = ConversionMetadata.read(model_dir)
    device, device_index = _split_device(config.device, ctranslate2.get_cuda_device_count())
    default_inter, default_intra = default_thread_split(config.threads, config.workers, device)
    inter = inter_threads or default_inter
    intra = intra_threads if intra_threads is not None else default_intra
    if metadata.kind == "llm":  # a converted chat model: a Generator, not a Translator
        return load_ct2_generator(
            config,
            metadata,
            inter_threads=inter,
            intra_threads=intra,
            device=device,
            device_index=device_index,
            compute_type=_compute_type(config.dtype),
        )
    try:
        translator = ctranslate2.Translator(
            str(model_dir),
            device=device,
            device_index=device_index,
            compute_type=_compute_type(config.dtype),
            inter_threads=inter,
            intra_threads=intra,
        )
    except ValueError as error:  # e.g. float16 asked for on a CPU without support
        raise InvalidInput(
            f"cannot load '{model_label(config.model)}' with dtype '{config.dtype}': {error}"
        ) from error
    tokenizer = load_converted_tokenizer(model_dir, metadata)
    info = BackendInfo(
        model=converted_model_ref(metadata),
        backend="ctranslate2",
        device=device if device == "cpu" else f"{device}:{device_index}",
        dtype=translator.compute_type,
        max_input_tokens=metadata.max_input_tokens,
        source_language=config.source_language,
        target_language=config.target_language,
        max_output_tokens=_decoder_positions(model_dir, metadata),
        workers=inter,
        intra_threads=intra,
    )
    return CT2Backend(
        translator,
        tokenizer,
        info,
        model_type=metadata.model_type,
        parallelism=inter,
        forced_eos=metadata.forced_eos,
    )


def default_thread_split(threads: int, workers: int, device: str) -> tuple[int, int]:
    """(inter_threads, intra_threads) from the thread plan; on CPU one thread per batch."""
    if device != "cpu":
        return 1, 1  # the GPU does the work; one host thread feeds it
    plan = plan_threads(threads, workers)
    return plan.workers, plan.intra


def _decoder_positions(model_dir: Path, metadata: ConversionMetadata) -> int:
    """The decoder's position limit, from the HF config kept beside the converted model.

    CTranslate2 fails ("No position encodings are defined for positions >= 512") past it.
    The backend subtracts its prefix steps from this in BackendInfo.max_output_tokens.
    """
    try:
        hf_config = json.loads((model_dir / HF_CONFIG_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        hf_config = {}
    for name in ("max_target_positions", "max_position_embeddings"):
        value = hf_config.get(name)
        if isinstance(value, int) and 0 < value < 1_000_000:
            return value
    return metadata.max_input_tokens


class CT2Backend:
    """A ctranslate2.Translator behind the Seq2SeqBackend Protocol, with the HF tokenizer.

    generate() may be called from several threads at once: CTranslate2 releases the GIL and
    runs up to `parallelism` batches concurrently (its inter_threads).
    """

    def __init__(
        self,
        translator: Any,
        tokenizer: Any,
        info: BackendInfo,
        *,
        model_type: str,
        parallelism: int = 1,
        forced_eos: bool = False,
    ) -> None:
        self.info = info
        self.parallelism = parallelism
        self._reserved_eos_step = 1 if forced_eos else 0
        self._translator = translator
        self._tokenizer = tokenizer
        # Fast (Rust) tokenizers raise "Already borrowed" when used from two threads.
        self._tokenizer_lock = threading.Lock()
        setup = language_setup(
            detect_family(model_type, tokenizer),
            tokenizer,
            info.source_language,
            info.target_language,
        )
        apply_source_language(tokenizer, setup)
        # NLLB/M2M100 decode from </s> then the target language token, which CTranslate2
        # takes as a target prefix (and returns in the hypothesis, so it is stripped).
        self._target_prefix: list[str] = (
            [tokenizer.convert_ids_to_tokens(setup.forced_bos_token_id)]
            if setup.forced_bos_token_id is not None
            else []
        )
        if info.max_output_tokens > 0:
            # info arrives with the decoder's positions; the decoder start token and the
            # language prefix take steps of their own.
            positions = info.max_output_tokens
            self.info = replace(
                info, max_output_tokens=max(1, positions - 1 - len(self._target_prefix))
            )

    def encode(self, texts: Sequence[str]) -> list[tuple[int, ...]]:
        return encode_texts(self._tokenizer, self._tokenizer_lock, texts, add_special_tokens=True)

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
        if not texts:
            return []
        limits, min_new_tokens = self._content_limits(max_new_tokens, min_new_tokens)
        ids = self.encode(texts) if token_ids is None else token_ids
        hypotheses = self._decode(ids, beam_size, limits, min_new_tokens)
        with self._tokenizer_lock:
            decoded = [
                self._tokenizer.decode(
                    self._tokenizer.convert_tokens_to_ids(tokens), skip_special_tokens=True
                ).strip()
                for tokens in hypotheses
            ]
        return [
            Generated(text=text, output_tokens=len(tokens), hit_length_cap=len(tokens) >= limit)
            for text, tokens, limit in zip(decoded, hypotheses, limits, strict=True)
        ]

    def translate_tokens(
        self,
        texts: Sequence[str],
        *,
        beam_size: int,
        max_new_tokens: Sequence[int],
        min_new_tokens: int = 0,
    ) -> list[list[str]]:
        """Generated target tokens of each text, without language prefix or </s>."""
        limits, min_new_tokens = self._content_limits(max_new_tokens, min_new_tokens)
        return self._decode(self.encode(texts), beam_size, limits, min_new_tokens)

    def _content_limits(
        self, max_new_tokens: Sequence[int], min_new_tokens: int
    ) -> tuple[list[int], int]:
        """Each text's content-token limit and the batch's minimum, within the decoder.

        Like HF with forced_eos: a cap of N steps leaves N-1 content tokens and </s>. Past
        the decoder's positions CTranslate2 fails, so no cap ever goes there.
        """
        ceiling = self.info.max_output_tokens
        if ceiling > 0:
            max_new_tokens = [min(int(cap), ceiling) for cap in max_new_tokens]
            min_new_tokens = min(min_new_tokens, ceiling)
        limits = [max(1, cap - self._reserved_eos_step, min_new_tokens) for cap in max_new_tokens]
        return limits, min_new_tokens

    def _decode(
        self,
        token_ids: Sequence[Sequence[int]],
        beam_size: int,
        limits: list[int],
        min_new_tokens: int,
    ) -> list[list[str]]:
        if len(limits) != len(token_ids):
            raise ValueError(f"{len(token_ids)} texts but {len(limits)} output caps")
        if not token_ids:
            return []
        source = self._tokens(token_ids)
        prefix_length = len(self._target_prefix)
        # CTranslate2 takes one length limit per batch and counts the prefix in it; each
        # text's own limit is applied by truncation (exact for greedy decoding).
        results = self._translator.translate_batch(
            source,
            target_prefix=[self._target_prefix] * len(source) if prefix_length else None,
            beam_size=beam_size,
            max_decoding_length=max(limits) + prefix_length,
            # At least one content token (CTranslate2's own default, which the HF backend
            # applies too): an immediate </s> would translate a sentence as nothing.
            min_decoding_length=max(1, min_new_tokens) + prefix_length,
            max_input_length=self.info.max_input_tokens,
        )
        return [
            result.hypotheses[0][prefix_length : prefix_length + limit]
            for result, limit in zip(results, limits, strict=True)
        ]

    def close(self) -> None:
        self._translator.unload_model()

    def _tokens(self, token_ids: Sequence[Sequence[int]]) -> list[list[str]]:
        """CTranslate2 takes token strings: the ids' tokens, cut to the model's input limit
        (keeping the final </s>) as the tokenizer's truncation would."""
        limit = self.info.max_input_tokens
        rows = [
            list(ids) if len(ids) <= limit else [*ids[: limit - 1], ids[-1]] for ids in token_ids
        ]
        with self._tokenizer_lock:
            return [self._tokenizer.convert_ids_to_tokens(ids) for ids in rows]


def _compute_type(dtype: str) -> str:
    # "float32" is TranslatorConfig's default for HF; for a converted model it means "as
    # converted", so an int8 model stays int8 (its whole point) unless asked otherwise.
    if dtype in ("", "float32", "default"):
        return "default"
    return dtype


def _split_device(device: str, cuda_devices: int) -> tuple[str, int]:
    if device == "auto":
        return ("cuda", 0) if cuda_devices > 0 else ("cpu", 0)
    name, _, index = device.partition(":")
    if name not in ("cpu", "cuda"):
        raise InvalidInput(f"unknown device '{device}' (use cpu, cuda, cuda:N or auto)")
    return name, int(index or 0)
