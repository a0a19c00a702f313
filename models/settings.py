"""The one typed settings object: defaults, then TARJAMA_* environment variables, then CLI flags."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, get_type_hints

from tarjama.models.errors import InvalidInput
from tarjama.models.limits import Limits
from tarjama.models.translation.config import DEFAULT_TRANSLATION_MODEL, TranslatorConfig

ENV_PREFIX = "TARJAMA_"
DEFAULT_SUMMARY_MODEL = "sshleifer/distilbart-cnn-12-6"


@dataclass(frozen=True)
class Settings:
    """Everything the server and the in-process CLI need; each field maps to TARJAMA_<NAME>."""

    # Where to listen.
    host: str = "127.0.0.1"
    port: int = 50051
    # Translation model and decoding.
    model: str = DEFAULT_TRANSLATION_MODEL
    revision: str | None = None
    backend: str = "hf"
    device: str = "cpu"
    dtype: str = "float32"
    threads: int = 0
    # A second parallel batch starts only while other processes leave a core free (Linux).
    yield_cores: bool = True
    # Instruction models run on vLLM when it is installed and the device is a CUDA GPU.
    vllm: bool = True
    beam_size: int = 4
    max_batch_tokens: int = 4096
    max_batch_sentences: int = 0  # 0 = per backend: 8 for ctranslate2 (fastest on CPU), 32 for hf
    offline: bool = False
    # Cross-request dynamic batching and the translation cache.
    batching: str = "dynamic"  # "dynamic" (shared batcher) or "inline" (per request)
    batch_workers: int = 0  # parallel batches; 0 = one single-threaded batch per thread
    max_wait_ms: float = 5.0
    max_queued_sentences: int = 20000
    cache_entries: int = 50000
    # Summaries.
    summary_model: str = DEFAULT_SUMMARY_MODEL
    summary_method: str = "auto"  # "auto", "extractive" or "abstractive"
    max_collection_articles: int = 100
    summary_sentences: int = 4  # default length of an article's summary
    collection_summary_sentences: int = 8  # default length of a cross-article summary
    max_ranked_sentences: int = 1000  # per article; bounds the summarizer's memory
    max_pooled_sentences: int = 2000  # all articles of a collection together
    collection_concurrency: int = 4  # articles of one collection in flight at once
    # Limits and server behaviour.
    max_article_chars: int = 200_000
    max_page_chars: int = 5_000_000  # HTML characters of one web page (before extraction)
    max_id_chars: int = 256
    max_batch_articles: int = 64
    max_message_bytes: int = 64 * 1024 * 1024
    rpc_workers: int = 32
    max_concurrent_rpcs: int = 256
    grace_seconds: float = 30.0
    log_level: str = "INFO"
    log_format: str = "plain"  # "plain" for terminals, "json" for one object per line
    # Security: TLS (mutual with tls_client_ca), bearer tokens, per-client rate limits.
    tls_cert: str = ""
    tls_key: str = ""
    tls_client_ca: str = ""  # require and verify client certificates signed by this CA
    auth_tokens_file: str = ""  # "name:token" or "name:sha256:<hex>" per line; SIGHUP re-reads
    insecure: bool = False  # allow a non-loopback address without TLS or tokens
    rate_limit: str = ""  # requests per client, e.g. "600/minute"; empty = none
    sentence_rate_limit: str = ""  # sentences per client, e.g. "20000/hour"; empty = none
    rate_limit_storage: str = "memory://"  # limits storage URI, e.g. redis://host:6379
    # Prometheus /metrics on its own HTTP port (0 = off).
    metrics_port: int = 0
    metrics_host: str = ""  # empty = the server's host

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Defaults overridden by TARJAMA_* variables (read now, never at import time)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for name, kind in _field_types().items():
            raw = env.get(ENV_PREFIX + name.upper())
            if raw is not None and raw != "":
                values[name] = _parse(name, raw, kind)
        return cls(**values).validated()

    def override(self, **changes: Any) -> Settings:
        """A copy with the given non-None values (CLI flags) applied."""
        known = {f.name for f in fields(self)}
        applied = {k: v for k, v in changes.items() if k in known and v is not None}
        return dataclasses.replace(self, **applied).validated()

    def validated(self) -> Settings:
        problems = []
        if not 0 <= self.port <= 65535:
            problems.append(f"port must be 0-65535, got {self.port}")
        if not 0 <= self.metrics_port <= 65535:
            problems.append(f"metrics_port must be 0-65535, got {self.metrics_port}")
        if self.log_format not in ("plain", "json"):
            problems.append(f"log_format must be 'plain' or 'json', got {self.log_format!r}")
        if bool(self.tls_cert) != bool(self.tls_key):
            problems.append("TLS needs both a certificate and its key (--tls-cert and --tls-key)")
        if self.tls_client_ca and not self.tls_cert:
            problems.append("--tls-client-ca (mutual TLS) needs --tls-cert and --tls-key")
        if self.backend not in ("hf", "ctranslate2"):
            problems.append(f"backend must be 'hf' or 'ctranslate2', got {self.backend!r}")
        if self.batching not in ("dynamic", "inline"):
            problems.append(f"batching must be 'dynamic' or 'inline', got {self.batching!r}")
        if self.summary_method not in ("auto", "extractive", "abstractive"):
            problems.append(
                f"summary_method must be auto/extractive/abstractive, got {self.summary_method!r}"
            )
        if not 1 <= self.beam_size <= 16:
            problems.append(f"beam_size must be between 1 and 16, got {self.beam_size}")
        for name in (
            "max_article_chars",
            "max_page_chars",
            "max_id_chars",
            "max_batch_articles",
            "max_message_bytes",
            "rpc_workers",
            "max_concurrent_rpcs",
            "summary_sentences",
            "collection_summary_sentences",
            "max_ranked_sentences",
            "max_pooled_sentences",
            "collection_concurrency",
        ):
            if getattr(self, name) <= 0:
                problems.append(f"{name} must be positive, got {getattr(self, name)}")
        for name in ("threads", "batch_workers"):
            if getattr(self, name) < 0:
                problems.append(f"{name} must be 0 (automatic) or more, got {getattr(self, name)}")
        if problems:
            raise InvalidInput("invalid settings: " + "; ".join(problems))
        return self

    def limits(self) -> Limits:
        """The per-request limits engines and workflows enforce."""
        return Limits(
            max_article_chars=self.max_article_chars,
            max_page_chars=self.max_page_chars,
            max_id_chars=self.max_id_chars,
            max_batch_articles=self.max_batch_articles,
            max_collection_articles=self.max_collection_articles,
            article_summary_sentences=self.summary_sentences,
            collection_summary_sentences=self.collection_summary_sentences,
            max_ranked_sentences=self.max_ranked_sentences,
            max_pooled_sentences=self.max_pooled_sentences,
        )

    @property
    def address(self) -> str:
        return host_port(self.host, self.port)

    def translator_config(self) -> TranslatorConfig:
        return TranslatorConfig(
            model=self.model,
            revision=self.revision,
            backend=self.backend,
            device=self.device,
            dtype=self.dtype,
            threads=self.threads,
            workers=self.batch_workers,
            beam_size=self.beam_size,
            max_batch_tokens=self.max_batch_tokens,
            max_batch_sentences=self.max_batch_sentences
            or (8 if self.backend == "ctranslate2" else 32),
            local_files_only=self.offline or os.environ.get("HF_HUB_OFFLINE") == "1",
            use_vllm=self.vllm,
        )


def host_port(host: str, port: int) -> str:
    """`host:port`, with an IPv6 literal in brackets (`[::1]:50051`), as gRPC expects."""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{host}:{port}"


def _field_types() -> dict[str, Any]:
    hints = get_type_hints(Settings)
    return {f.name: hints[f.name] for f in fields(Settings)}


def _parse(name: str, raw: str, kind: Any) -> Any:
    variable = ENV_PREFIX + name.upper()
    try:
        if kind is bool:
            lowered = raw.strip().lower()
            if lowered in ("1", "true", "yes", "on"):
                return True
            if lowered in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if kind is int:
            return int(raw)
        if kind is float:
            return float(raw)
        return raw
    except ValueError:
        raise InvalidInput(
            f"{variable}={raw!r} is not a valid {getattr(kind, '__name__', kind)}"
        ) from None
