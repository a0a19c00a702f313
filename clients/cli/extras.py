"""Which optional extra (`pip install 'tarjama[serve]'` ...) provides a missing module."""

from __future__ import annotations

# Top-level module -> the extras that install it. The base install (client, stubs, remote
# commands) needs only grpcio, protobuf, grpcio-health-checking and tqdm.
EXTRAS_OF_MODULE = {
    "torch": ("serve",),
    "transformers": ("serve",),
    "sentencepiece": ("serve",),
    "huggingface_hub": ("serve",),
    "ctranslate2": ("serve",),
    "sklearn": ("serve",),
    "grpc_reflection": ("serve",),
    "prometheus_client": ("serve",),
    "limits": ("serve",),
    "py3langid": ("serve",),
    "trafilatura": ("serve",),
    "lxml_html_clean": ("serve",),
    "numpy": ("serve", "eval"),
    "sacrebleu": ("eval",),
    "rouge_score": ("eval",),
    "matplotlib": ("eval",),
    "ray": ("ray",),
}
# The extra a command mostly needs, to choose between extras sharing a module (numpy).
EXTRA_OF_COMMAND = {"eval": "eval"}


def missing_extra(error: ModuleNotFoundError, command: str | None = None) -> str | None:
    """One line naming the extra to install for a missing module, or None if none provides it."""
    module = (error.name or "").partition(".")[0]
    extras = EXTRAS_OF_MODULE.get(module)
    if extras is None:
        return None
    preferred = EXTRA_OF_COMMAND.get(command or "", "serve")
    extra = preferred if preferred in extras else extras[0]
    return (
        f"this command needs the [{extra}] extra ({module} is not installed): "
        f"pip install 'tarjama[{extra}]'"
    )


def require(*modules: str) -> None:
    """Raise ModuleNotFoundError for the first module not installed, without importing any:
    a command checks its extra before it starts work it could not finish."""
    from importlib.util import find_spec

    for module in modules:
        if find_spec(module) is None:
            raise ModuleNotFoundError(f"No module named {module!r}", name=module)
