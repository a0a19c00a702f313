"""Converting HF Marian/NLLB/M2M100 models into servable CTranslate2 folders, staged safely."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import shutil
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tarjama.models.errors import InvalidInput, ModelNotFound, model_label, shown
from tarjama.models.tempnames import (
    STALE_AFTER_SECONDS,
    TEMP_NAME,
    is_abandoned,
    last_modified,
    temp_prefix,
)
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.ct2_format import (
    HF_CONFIG_FILE,
    METADATA_FILE,
    ConversionMetadata,
)
from tarjama.models.translation.loading import model_kind, resolve_model
from tarjama.models.translation.quiet import quiet_transformers

logger = logging.getLogger(__name__)

QUANTIZATIONS = (
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)


def convert_to_ctranslate2(
    model: str,
    out_dir: Path,
    quantization: str,
    *,
    force: bool = False,
    revision: str | None = None,
) -> Path:
    """Convert an HF model (hub id or directory) into a servable CT2 dir: a Marian, NLLB
    or M2M100 translation model, or a chat model (Llama, Qwen2/3, Gemma, Mistral...).

    The output holds the CTranslate2 weights, the HF tokenizer files and tarjama's metadata.
    It is written to a staging folder beside it first and renamed, so a failed conversion
    never leaves a half-written model behind; the staging folder a killed conversion left
    is removed by the next conversion into the same folder (see new_staging_dir).
    """
    if quantization not in QUANTIZATIONS:
        raise InvalidInput(
            f"unknown quantization '{quantization}'; choose one of {', '.join(QUANTIZATIONS)}"
        )
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()) and not force:
        raise InvalidInput(
            f"{shown(str(out_dir), 200)} already exists and is not empty; "
            "pass --force to replace it"
        )
    # The same resolution as serving: local directory, else the HF cache, else the hub
    # (unless offline), so a missing model fails with the `models pull` hint.
    resolved = resolve_model(TranslatorConfig(model=model, revision=revision))
    source = str(resolved.path)
    # Imported once the model is found: a missing one is reported without the seconds
    # these imports take.
    import ctranslate2
    import transformers  # heavy too: see the comment above

    try:
        with quiet_transformers():
            hf_config = transformers.AutoConfig.from_pretrained(source)
            tokenizer = transformers.AutoTokenizer.from_pretrained(source)
    except (OSError, ValueError) as error:
        raise ModelNotFound(
            f"cannot read model '{model_label(model)}' ({type(error).__name__}); "
            "is it a Marian, NLLB, M2M100 or chat model?"
        ) from error

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = new_staging_dir(out_dir)
    try:
        converter = ctranslate2.converters.TransformersConverter(source)
        try:
            with quiet_transformers():
                converter.convert(str(staging), quantization=quantization, force=True)
        except ValueError as error:  # no loader registered for this architecture
            raise InvalidInput(f"cannot convert '{model_label(model)}': {error}") from error
        tokenizer.save_pretrained(str(staging))
        (staging / HF_CONFIG_FILE).write_text(hf_config.to_json_string(), encoding="utf-8")
        metadata = ConversionMetadata(
            source_model=model,
            source_revision=resolved.revision,
            quantization=quantization,
            model_type=hf_config.model_type,
            tokenizer_class=type(tokenizer).__name__,
            max_input_tokens=_max_input_tokens(hf_config, tokenizer),
            content_id=_file_digest(staging / "model.bin"),
            ctranslate2_version=ctranslate2.__version__,
            forced_eos=_has_forced_eos(source, hf_config),
            kind=model_kind(resolved.path),
        )
        (staging / METADATA_FILE).write_text(
            json.dumps(asdict(metadata), indent=2) + "\n", encoding="utf-8"
        )
        if out_dir.exists():
            shutil.rmtree(out_dir)
        staging.rename(out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out_dir


def new_staging_dir(out_dir: Path) -> Path:
    """An empty folder beside out_dir to convert into, after removing abandoned ones.

    Named `.<out>.tarjama-<host>-<pid>-<random>.tmp` like tarjama's temp files, so a
    conversion that was killed (SIGKILL, power loss) is recognised by the next one in that
    folder: at once when its process is gone, after an hour when another machine made it.
    Created with the umask's mode (mkdtemp's 0700 would stay on the renamed model).
    """
    remove_abandoned_staging(out_dir)
    prefix = temp_prefix(out_dir.name)
    for _ in range(100):
        staging = out_dir.parent / f"{prefix}{secrets.token_hex(4)}.tmp"
        try:
            staging.mkdir()
            return staging
        except FileExistsError:
            continue
    raise FileExistsError(f"no free staging folder name beside {out_dir}")


def remove_abandoned_staging(out_dir: Path) -> int:
    """Remove staging folders of killed conversions beside out_dir; how many were removed.

    Only folders of tarjama's naming (any target: they are all conversions), or of the
    older mkdtemp naming for this same target once they are an hour old; and only when
    they hold files alone, as a conversion leaves them.
    """
    folder = out_dir.parent
    legacy = re.compile(rf"^\.{re.escape(out_dir.name)}\.[a-z0-9_]{{8}}$")
    removed = 0
    try:
        candidates = [entry for entry in folder.iterdir() if entry.name.startswith(".")]
    except OSError:
        return 0
    for entry in candidates:
        ours, old_naming = TEMP_NAME.match(entry.name), legacy.match(entry.name)
        if not (ours or old_naming) or entry.is_symlink() or not entry.is_dir():
            continue
        try:
            modified = last_modified(entry)
            holds_files_only = all(child.is_file() for child in entry.iterdir())
        except OSError:
            continue
        if ours:
            abandoned = is_abandoned(entry.name, modified)
        else:
            abandoned = time.time() - modified > STALE_AFTER_SECONDS
        if abandoned and holds_files_only:
            shutil.rmtree(entry, ignore_errors=True)
            removed += not entry.exists()
    if removed:
        logger.info("removed %d staging folders left by interrupted conversions", removed)
    return removed


def _has_forced_eos(source: str, hf_config: Any) -> bool:
    from transformers import GenerationConfig  # heavy: only while converting

    try:  # from the resolved local folder: no hub round trip
        generation = GenerationConfig.from_pretrained(source)
    except OSError:  # no generation_config.json: the model config carries the defaults
        generation = None
    forced = getattr(generation, "forced_eos_token_id", None)
    if forced is None:
        forced = getattr(hf_config, "forced_eos_token_id", None)
    return forced is not None


def _max_input_tokens(hf_config: Any, tokenizer: Any) -> int:
    limits = [getattr(hf_config, "max_position_embeddings", None)]
    model_max = getattr(tokenizer, "model_max_length", None)
    if model_max and model_max < 1_000_000:  # HF uses a huge sentinel for "no limit"
        limits.append(model_max)
    known = [int(limit) for limit in limits if limit]
    return min(known) if known else 512


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:12]
