"""Turns a TranslatorConfig into a loaded backend: local dir or hub id, cache first, revision."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from tarjama.models.errors import InvalidInput, ModelNotFound, model_label
from tarjama.models.translation.backend import Seq2SeqBackend
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.ct2_backend import load_ct2_backend
from tarjama.models.translation.hub import has_weights, locate_model, pull_model
from tarjama.models.translation.vllm_backend import VLLMBackend, vllm_wanted
from tarjama.models.types import ModelRef

_COMMIT_HASH = re.compile(r"^[0-9a-f]{40}$")
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")
# Small files (config, tokenizer) are hashed whole; big weight files by size, head and tail,
# which tells real models apart without reading gigabytes at every start.
_FULL_HASH_LIMIT = 4 * 1024 * 1024
_EDGE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class ResolvedModel:
    """Where a model's files are on disk, and what to report as its id and revision."""

    path: Path
    model_id: str
    revision: str

    @property
    def ref(self) -> ModelRef:
        return ModelRef(model_id=self.model_id, revision=self.revision)


def load_backend(config: TranslatorConfig) -> Seq2SeqBackend:
    """Load the backend named by config.backend; raises ModelNotFound/ModelMissing/InvalidInput."""
    if config.backend == "ctranslate2":
        return _load_ctranslate2(config)
    if config.backend != "hf":
        raise InvalidInput(f"unknown backend '{config.backend}'; use 'hf' or 'ctranslate2'")
    resolved = resolve_model(config)
    # Imported after resolving (lazy: torch), so a missing model is reported before torch
    # is even loaded.
    if model_kind(resolved.path) == LLM:
        if vllm_wanted(config):
            return VLLMBackend.load(resolved.path, resolved.ref, config)
        from tarjama.models.translation.llm_backend import CausalLMBackend  # torch

        return CausalLMBackend.from_directory(resolved.path, resolved.ref, config)
    from tarjama.models.translation.hf_backend import HFBackend  # torch

    return HFBackend.from_directory(resolved.path, resolved.ref, config)


SEQ2SEQ, LLM = "seq2seq", "llm"


def model_kind(model_dir: Path) -> str:
    """ "llm" for a decoder-only (causal) model, "seq2seq" for an encoder-decoder one.

    Read from config.json alone: encoder-decoder configs say is_encoder_decoder (Marian,
    NLLB, M2M100, BART); instruction models name a *ForCausalLM architecture (Llama,
    Qwen2/3, Gemma, Cohere, Mistral) or a causal text config inside a multimodal one.
    """
    try:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return SEQ2SEQ
    if not isinstance(config, dict) or config.get("is_encoder_decoder"):
        return SEQ2SEQ
    architectures = config.get("architectures") or []
    if any(str(name).endswith("ForCausalLM") for name in architectures):
        return LLM
    text_config = config.get("text_config")
    if isinstance(text_config, dict) and not text_config.get("is_encoder_decoder"):
        return LLM
    return SEQ2SEQ


def resolve_model(config: TranslatorConfig) -> ResolvedModel:
    """Find the model's files: a local directory, else the HF cache, else (if online) the hub."""
    name = config.model.strip()
    if not name:
        raise InvalidInput("no model given: pass a Hugging Face model id or a local directory")
    path = Path(name).expanduser()
    if path.exists() or not _HUB_ID.match(name):
        # Named by its directory only, in-process as on the server: the output `.json` is
        # then the same whichever path made it, and may be shared without revealing where
        # the model lives. The content revision tells different directories apart.
        model_dir = _check_model_dir(path, name)
        return ResolvedModel(model_dir, model_label(name), local_revision(path))
    # The cache, else one probe of the hub (5 s, no retries): a model that is neither
    # cached nor reachable is reported at once, not after the download's timeouts.
    snapshot = locate_model(name, config.revision, local_files_only=config.local_files_only)
    if snapshot is None:  # not cached, and the hub has it
        snapshot = pull_model(name, config.revision)
    return ResolvedModel(snapshot, name, snapshot.name)


def local_revision(path: Path) -> str:
    """A cache snapshot's commit hash, else a content id "local-<12 hex>" stable across copies."""
    resolved = path.resolve()
    if resolved.parent.name == "snapshots" and _COMMIT_HASH.match(resolved.name):
        return resolved.name
    digest = hashlib.sha256()
    for file in sorted(resolved.iterdir()):
        if not file.is_file() or file.name.startswith("."):
            continue
        size = file.stat().st_size
        digest.update(f"{file.name}\0{size}\0".encode())
        with file.open("rb") as handle:
            if size <= _FULL_HASH_LIMIT:
                digest.update(handle.read())
            else:
                digest.update(handle.read(_EDGE_BYTES))
                handle.seek(size - _EDGE_BYTES)
                digest.update(handle.read(_EDGE_BYTES))
    return "local-" + digest.hexdigest()[:12]


def _check_model_dir(path: Path, name: str) -> Path:
    # Named by model_label, like every message: the directory's name, never its path.
    label = model_label(name)
    if not path.exists():
        raise ModelNotFound(f"model directory '{label}' does not exist")
    if not path.is_dir():
        raise ModelNotFound(f"'{label}' is a file, not a model directory")
    if not (path / "config.json").is_file():
        raise ModelNotFound(f"'{label}' is not a model directory: it has no config.json")
    if not has_weights(entry.name for entry in path.iterdir()):
        raise ModelNotFound(
            f"'{label}' has no weights (model.safetensors or pytorch_model.bin); "
            "for a CTranslate2 model use --backend ctranslate2"
        )
    return path


def _load_ctranslate2(config: TranslatorConfig) -> Seq2SeqBackend:
    return load_ct2_backend(config)
