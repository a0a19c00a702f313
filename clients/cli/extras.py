"""Which optional extra (`pip install 'tarjama[serve]'` ...) provides a missing module."""

from __future__ import annotations

# Top-level module -> the extra that installs it. The base install (client, stubs, remote
# commands) needs only grpcio, protobuf, grpcio-health-checking and tqdm.
EXTRA_OF_MODULE = {
    "torch": "serve",
    "transformers": "serve",
    "sentencepiece": "serve",
    "huggingface_hub": "serve",
    "ctranslate2": "serve",
    "numpy": "serve",
    "sklearn": "serve",
    "grpc_reflection": "serve",
    "prometheus_client": "serve",
    "limits": "serve",
    "py3langid": "serve",
    "trafilatura": "serve",
    "sacrebleu": "eval",
    "rouge_score": "eval",
    "matplotlib": "eval",
    "ray": "ray",
}


def missing_extra(error: ModuleNotFoundError) -> str | None:
    """One line naming the extra to install for a missing module, or None if none provides it."""
    module = (error.name or "").partition(".")[0]
    extra = EXTRA_OF_MODULE.get(module)
    if extra is None:
        return None
    return (
        f"this command needs the [{extra}] extra ({module} is not installed): "
        f"pip install 'tarjama[{extra}]'"
    )
