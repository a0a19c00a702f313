"""Which optional extra (`pip install -e '.[serve]'` ...) provides a missing module."""

from __future__ import annotations

import json
from importlib import metadata
from importlib.util import find_spec
from urllib.parse import unquote, urlparse

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
    hint = install_hint(extra)
    return f"this command needs the [{extra}] extra ({module} is not installed): {hint}"


def install_hint(extra: str) -> str:
    """The pip command that adds `extra` to this installation.

    tarjama is installed from a checkout, not from a package index (a name there could be
    anyone's), so the command names the checkout pip recorded, or says to run it in one.
    """
    source = _checkout()
    if source is None:
        return f"pip install -e '.[{extra}]' in your tarjama checkout"
    path, editable = source
    return f"pip install {'-e ' if editable else ''}'{path}[{extra}]'"


def _checkout() -> tuple[str, bool] | None:
    """(folder, editable) that pip installed tarjama from, or None when it was not a folder."""
    try:
        raw = metadata.distribution("tarjama").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    try:
        record = json.loads(raw or "")
    except ValueError:
        return None
    url = urlparse(str(record.get("url", "")))
    if url.scheme != "file" or "dir_info" not in record:
        return None
    return unquote(url.path), bool(record["dir_info"].get("editable"))


def require(*modules: str) -> None:
    """Raise ModuleNotFoundError for the first module not installed, without importing any:
    a command checks its extra before it starts work it could not finish."""
    for module in modules:
        if find_spec(module) is None:
            raise ModuleNotFoundError(f"No module named {module!r}", name=module)
