"""Hugging Face Hub access: pull only the files a model needs, find cached models offline."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from urllib.parse import quote

from tarjama.models.errors import ModelMissing, ModelNotFound, TarjamaError

# huggingface_hub (the [serve] extra, 0.2 s) is imported in the functions that use it:
# the remote commands of a bare client install import this module without it.

# Everything AutoTokenizer/AutoModelForSeq2SeqLM read; ONNX, TF, Flax and rust_model files
# in the same repos are skipped (they are often bigger than the PyTorch weights).
CONFIG_AND_TOKENIZER_PATTERNS = (
    "config.json",
    "generation_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
    "vocab.json",
    "vocab.txt",
    "merges.txt",
    "*.spm",
    "*.model",
)
SAFETENSORS_PATTERNS = ("*.safetensors", "*.safetensors.index.json")
PYTORCH_BIN_PATTERNS = ("pytorch_model*.bin", "pytorch_model.bin.index.json")
HUB_TIMEOUT_SECONDS = 10.0
# One look at the hub for a model that is not cached: answered, or given up, in this time.
PROBE_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class CachedModel:
    """A model repository present in the local Hugging Face cache."""

    repo_id: str
    revisions: tuple[str, ...]  # commit hashes of the cached snapshots
    size_bytes: int
    path: Path

    def describe(self) -> str:
        revisions = ", ".join(revision[:12] for revision in self.revisions) or "no snapshot"
        return f"{self.repo_id}  {self.size_bytes / 1e6:.1f} MB  [{revisions}]  {self.path}"


def is_offline() -> bool:
    """HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE, read now (huggingface_hub reads it at import)."""
    from huggingface_hub import constants  # [serve] extra

    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        if os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}:
            return True
    return bool(constants.HF_HUB_OFFLINE)


def default_cache_dir() -> Path:
    """The hub cache in use, honouring HF_HUB_CACHE and HF_HOME set after import."""
    from huggingface_hub import constants  # [serve] extra

    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]) / "hub"
    return Path(constants.HF_HUB_CACHE)


def select_model_files(filenames: Iterable[str]) -> list[str]:
    """Config, tokenizer and one weight format (safetensors, else .bin) of a repo listing."""
    top_level = [name for name in filenames if "/" not in name]
    chosen = [name for name in top_level if _matches(name, CONFIG_AND_TOKENIZER_PATTERNS)]
    safetensors = [name for name in top_level if _matches(name, SAFETENSORS_PATTERNS)]
    weights = safetensors or [name for name in top_level if _matches(name, PYTORCH_BIN_PATTERNS)]
    return sorted(chosen + weights)


def has_weights(filenames: Iterable[str]) -> bool:
    return any(_matches(name, SAFETENSORS_PATTERNS + PYTORCH_BIN_PATTERNS) for name in filenames)


def pull_model(
    model_id: str, revision: str | None = None, *, cache_dir: Path | None = None
) -> Path:
    """Download the files needed to run model_id into the HF cache; return its snapshot dir."""
    if is_offline():
        raise ModelMissing(model_id, "offline mode is on (HF_HUB_OFFLINE)")
    from huggingface_hub import HfApi, snapshot_download  # [serve] extra
    from huggingface_hub.errors import (  # [serve] extra
        GatedRepoError,
        HFValidationError,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    try:
        info = HfApi().model_info(model_id, revision=revision, timeout=HUB_TIMEOUT_SECONDS)
        files = select_model_files(sibling.rfilename for sibling in info.siblings or [])
        if not has_weights(files):
            raise ModelNotFound(
                f"'{model_id}' has no PyTorch weights (model.safetensors or pytorch_model.bin)"
            )
        path = snapshot_download(
            model_id,
            # Pin the commit we listed, so files and reported revision agree.
            revision=info.sha,
            allow_patterns=files,
            cache_dir=str(cache_dir or default_cache_dir()),
            etag_timeout=HUB_TIMEOUT_SECONDS,
        )
    except TarjamaError:
        raise
    except GatedRepoError as error:
        raise ModelNotFound(f"'{model_id}' is gated on the Hugging Face Hub: {error}") from error
    except (RepositoryNotFoundError, HFValidationError) as error:
        raise ModelNotFound(f"no model '{model_id}' on the Hugging Face Hub") from error
    except RevisionNotFoundError as error:
        raise ModelNotFound(f"model '{model_id}' has no revision '{revision}'") from error
    except Exception as error:  # network errors come from httpx, OSError, hub wrappers...
        raise ModelMissing(model_id, f"cannot download it: {_first_line(error)}") from error
    return Path(path)


def locate_model(
    model_id: str, revision: str | None = None, *, local_files_only: bool = False
) -> Path | None:
    """Where a hub model is before anything loads it: its cached snapshot, or None when it
    is not cached but the hub has it (a download will follow).

    A model that is neither cached nor reachable is found at once, with one request and no
    retries: ModelMissing (offline, or the hub cannot be reached), ModelNotFound (the hub
    has no such model). from_pretrained would otherwise retry for about a minute.
    """
    snapshot = cached_snapshot(model_id, revision)
    if snapshot is not None:
        return snapshot
    if is_offline():
        raise ModelMissing(model_id, "not in the Hugging Face cache and offline mode is on")
    if local_files_only:
        raise ModelMissing(model_id, "not in the Hugging Face cache")
    from huggingface_hub.errors import (  # [serve] extra
        GatedRepoError,
        HFValidationError,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    try:
        _ask_hub_once(model_id, revision)
    except GatedRepoError:
        raise ModelMissing(model_id, "it is gated on the Hugging Face Hub") from None
    except (RepositoryNotFoundError, HFValidationError):
        raise ModelNotFound(f"no model '{model_id}' on the Hugging Face Hub") from None
    except RevisionNotFoundError:
        raise ModelNotFound(f"model '{model_id}' has no revision '{revision}'") from None
    except Exception as error:  # network errors come from httpx, OSError, hub wrappers...
        status = getattr(getattr(error, "response", None), "status_code", None)
        if status:
            reason = f"not cached, and the Hugging Face Hub answered HTTP {status}"
        else:
            reason = f"not cached, and the Hugging Face Hub is unreachable: {_first_line(error)}"
        raise ModelMissing(model_id, reason) from None
    return None


def _ask_hub_once(model_id: str, revision: str | None) -> None:
    """GET the model's hub page once; raises huggingface_hub's errors for its answer.

    Not HfApi.model_info: building its headers first fetches the hub's agent registry (a
    second request, 3 s more when the hub does not answer). This is the same request with
    plain headers (the token, if any, and tarjama's user agent), and no retries.
    """
    from huggingface_hub import constants, get_token  # [serve] extra
    from huggingface_hub.utils import (  # [serve] extra
        get_session,
        hf_raise_for_status,
        validate_repo_id,
    )

    validate_repo_id(model_id)
    endpoint = (os.environ.get("HF_ENDPOINT") or constants.ENDPOINT).rstrip("/")
    url = f"{endpoint}/api/models/{model_id}"
    if revision is not None:
        url += f"/revision/{quote(revision, safe='')}"
    headers = {"user-agent": f"tarjama/{version('tarjama')}; hf_hub/{version('huggingface_hub')}"}
    token = None if constants.HF_HUB_DISABLE_IMPLICIT_TOKEN else get_token()
    if token:
        headers["authorization"] = f"Bearer {token}"
    response = get_session().get(url, headers=headers, timeout=PROBE_TIMEOUT_SECONDS)
    hf_raise_for_status(response)


def cached_snapshot(
    model_id: str, revision: str | None = None, *, cache_dir: Path | None = None
) -> Path | None:
    """The cached snapshot dir of model_id with config and weights, without any network."""
    from huggingface_hub import try_to_load_from_cache  # [serve] extra
    from huggingface_hub.errors import HFValidationError  # [serve] extra

    try:
        config_file = try_to_load_from_cache(
            model_id,
            "config.json",
            cache_dir=str(cache_dir or default_cache_dir()),
            revision=revision,
        )
    except HFValidationError:
        return None
    if not isinstance(config_file, str):
        return None
    snapshot = Path(config_file).parent
    if not has_weights(entry.name for entry in snapshot.iterdir()):
        return None
    return snapshot


def list_cached_models(cache_dir: Path | None = None) -> list[CachedModel]:
    """Models in the local HF cache, sorted by id; empty when there is no cache."""
    from huggingface_hub import scan_cache_dir  # [serve] extra
    from huggingface_hub.errors import CacheNotFound  # [serve] extra

    try:
        cache = scan_cache_dir(str(cache_dir or default_cache_dir()))
    except CacheNotFound:
        return []
    models = [
        CachedModel(
            repo_id=repo.repo_id,
            revisions=tuple(sorted(revision.commit_hash for revision in repo.revisions)),
            size_bytes=repo.size_on_disk,
            path=Path(repo.repo_path),
        )
        for repo in cache.repos
        if repo.repo_type == "model"
    ]
    return sorted(models, key=lambda model: model.repo_id)


def _matches(name: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
