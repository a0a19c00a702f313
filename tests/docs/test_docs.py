"""Every command in README.md and docs/*.md is run as written, or says why it cannot run here.

The rule (docs are code): each fenced block is labelled with its language. Blocks in ``bash``,
``sh``, ``shell``, ``console`` or ``python`` are commands; ``text``, ``json``, ``jsonl``,
``yaml``, ``ini`` and ``toml`` blocks are data or recorded output and are not run. A command
block that cannot run on a test machine carries, on the line just above its fence::

    <!-- not-run: needs the Hugging Face Hub -->

and the reason must start with one of ``REASONS`` below. The block is skipped for that reason
alone: where the reason does not hold (grpcurl installed, a GPU present), the block runs.

How a page runs (marker ``docs``; CI runs it with the rest of the suite): its command blocks,
in order, become one bash script (``set -euo pipefail``), as a reader pastes them into one
terminal; a ``python`` block runs with this interpreter from a here-document; a ``console``
block runs each ``$ command`` and checks that every line shown under it appears in the
command's output (its exit code is not checked: such blocks show errors). The script runs in
a fresh temporary folder holding a copy of ``seeds/`` and a smoke model
(``tarjama models smoke``), with ``TARJAMA_MODEL`` pointing at it, ``HF_HUB_OFFLINE=1``, an
empty ``HF_HOME``, and this interpreter's ``bin`` first on ``PATH``. The well-known ports
``50051`` (gRPC) and ``9464`` (metrics) are replaced by free ports, and ``TARJAMA_PORT`` is
the first, so pages run beside servers of other users. Whatever a page leaves running is
stopped when it ends.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tarjama.models.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
COMMAND_LANGUAGES = {"bash", "sh", "shell", "console", "python"}
DATA_LANGUAGES = {"text", "json", "jsonl", "yaml", "ini", "toml"}
PAGE_TIMEOUT_S = 1800


def _which(tool: str):
    return lambda: shutil.which(tool) is not None


def _gpu() -> bool:
    try:
        import torch  # heavy; only asked when a page has a GPU block
    except ImportError:
        return False
    return torch.cuda.is_available()


def _never() -> bool:
    return False


# The reasons a command block may be left out, each with whether it holds false here (then the
# block runs after all). Nothing else excuses a block.
REASONS = {
    "needs the network": _never,  # installs from PyPI; tests never use the network
    "needs the Hugging Face Hub": _never,
    "needs a GPU": _gpu,
    "needs a Ray cluster": _never,
    "needs a second machine": _never,
    "needs root": _never,
    "needs cloud storage": _never,
    "needs the published evaluation data": _never,  # not in the repository
    "needs grpcurl": _which("grpcurl"),
    "a benchmark": _never,  # minutes of machine time; `tarjama bench` has its own tests
    "runs the test suite itself": _never,
}

FENCE = re.compile(r"^(`{3,})\s*([\w+-]*)\s*$")
NOT_RUN = re.compile(r"^<!--\s*not-run:\s*(.+?)\s*-->$")


@dataclass(frozen=True)
class Block:
    """One fenced block of a page."""

    page: str
    line: int  # of the opening fence, counted from 1
    language: str
    code: str
    not_run: str | None  # the reason given above the fence, if any

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"


def blocks_of(text: str, page: str) -> list[Block]:
    """The fenced blocks of a Markdown text, with the not-run reason above each."""
    lines = text.split("\n")
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        fence = FENCE.match(lines[index])
        if fence is None:
            index += 1
            continue
        ticks, language = fence.group(1), fence.group(2).lower()
        end = index + 1
        while end < len(lines) and lines[end].strip() != ticks:
            end += 1
        previous = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
        reason = NOT_RUN.match(previous.strip())
        blocks.append(
            Block(
                page=page,
                line=index + 1,
                language=language,
                code="\n".join(lines[index + 1 : end]),
                not_run=reason.group(1) if reason else None,
            )
        )
        index = end + 1
    return blocks


def reason_key(reason: str) -> str | None:
    """The entry of REASONS a not-run reason starts with, or None."""
    return next((key for key in REASONS if reason.startswith(key)), None)


def _page_blocks(page: Path) -> list[Block]:
    return blocks_of(page.read_text(encoding="utf-8"), str(page.relative_to(ROOT)))


def console_script(code: str) -> str:
    """Bash for a console block: run each `$ command`, check the lines shown under it."""
    parts: list[str] = []
    command: list[str] = []
    expected: list[str] = []

    def flush() -> None:
        if not command:
            return
        parts.append("{ " + "\n".join(command) + "\n} > .docs-console.out 2>&1 || true")
        for line in expected:
            quoted = line.replace("'", "'\\''")
            parts.append(
                f"grep -qF -- '{quoted}' .docs-console.out || "
                f"{{ echo 'docs: expected output missing: {quoted}' >&2; "
                "cat .docs-console.out >&2; false; }"
            )
        command.clear()
        expected.clear()

    for line in code.split("\n"):
        if line.startswith("$ "):
            flush()
            command.append(line[2:])
        elif command and not expected and command[-1].endswith("\\"):
            command.append(line)
        elif line.strip():
            expected.append(line.strip())
    flush()
    return "\n".join(parts)


def page_script(blocks: list[Block]) -> tuple[str, list[str]]:
    """One bash script running the page's command blocks in order, and the skipped blocks."""
    lines = [
        "set -euo pipefail",
        "trap 'echo \"docs: the block at $DOCS_BLOCK failed\" >&2' ERR",
    ]
    skipped: list[str] = []
    for number, block in enumerate(blocks):
        if block.language not in COMMAND_LANGUAGES:
            continue
        if block.not_run is not None:
            key = reason_key(block.not_run)
            if key is not None and not REASONS[key]():
                skipped.append(f"{block.where} ({block.not_run})")
                continue
        lines.append(f"DOCS_BLOCK='{block.where}'")
        if block.language == "python":
            marker = f"DOCS_PYTHON_{number}"
            lines += [f"python - <<'{marker}'", block.code, marker]
        elif block.language == "console":
            lines.append(console_script(block.code))
        else:
            lines.append(block.code)
    lines.append("echo 'docs: page done'")
    return "\n".join(lines) + "\n", skipped


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ----------------------------------------------------------------------------- the rule


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_command_block_runs_or_says_why_not(page):
    problems = []
    for block in _page_blocks(page):
        if not block.language:
            problems.append(f"{block.where}: a block without a language (```bash, ```text ...)")
        elif block.language not in COMMAND_LANGUAGES | DATA_LANGUAGES:
            problems.append(f"{block.where}: unknown block language {block.language!r}")
        elif block.not_run is not None and reason_key(block.not_run) is None:
            problems.append(
                f"{block.where}: not-run reason {block.not_run!r} is none of: " + "; ".join(REASONS)
            )
        elif block.not_run is not None and block.language in DATA_LANGUAGES:
            problems.append(f"{block.where}: a not-run mark on a {block.language} block")
    assert not problems, "\n".join(problems)


def test_blocks_and_reasons_are_read_as_documented():
    text = "\n".join(
        [
            "<!-- not-run: needs the Hugging Face Hub -->",
            "",
            "```bash",
            "tarjama models pull x",
            "```",
            "```console",
            "$ tarjama serve --host 0.0.0.0 \\",
            "    --port 1",
            "tarjama: error: refusing",
            "```",
            "````text",
            "```",
            "````",
        ]
    )
    first, second, third = blocks_of(text, "page.md")
    assert (first.language, first.line, first.not_run) == ("bash", 3, "needs the Hugging Face Hub")
    assert second.not_run is None and second.code.startswith("$ tarjama serve")
    assert third.language == "text" and third.code == "```"
    script = console_script(second.code)
    assert "tarjama serve --host 0.0.0.0 \\\n    --port 1" in script
    assert "grep -qF -- 'tarjama: error: refusing'" in script
    body, skipped = page_script([first, second, third])
    assert "models pull" not in body and skipped == ["page.md:3 (needs the Hugging Face Hub)"]


# ----------------------------------------------------------------------------- running pages


@pytest.fixture(scope="session")
def docs_smoke_model(tmp_path_factory):
    """One smoke model, built the way the README builds it."""
    folder = tmp_path_factory.mktemp("docs-smoke") / "smoke-model"
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    tarjama = [sys.executable, "-m", "tarjama.clients.cli.main"]
    subprocess.run([*tarjama, "models", "smoke", "--out", str(folder)], env=env, check=True)
    return folder


@pytest.mark.docs
@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_page_runs_as_written(page, tmp_path, docs_smoke_model):
    blocks = [block for block in _page_blocks(page) if block.language in COMMAND_LANGUAGES]
    script, skipped = page_script(blocks)
    if len(skipped) == len(blocks):
        pytest.skip(f"no command to run here; not run: {', '.join(skipped) or 'none'}")
    ports = {"50051": str(_free_port()), "9464": str(_free_port())}
    for well_known, free in ports.items():
        script = re.sub(rf"\b{well_known}\b", free, script)
    work = tmp_path / "work"
    shutil.copytree(ROOT / "seeds", work / "seeds")
    shutil.copytree(docs_smoke_model, tmp_path / "smoke-model")
    (tmp_path / "page.sh").write_text(script, encoding="utf-8")
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "TARJAMA_MODEL": str(tmp_path / "smoke-model"),
        "TARJAMA_PORT": ports["50051"],  # where `tarjama serve` listens when not told
        "HF_HUB_OFFLINE": "1",
        "HF_HOME": str(tmp_path / "hf-home"),
        "HOME": str(tmp_path / "home"),
    }
    for name in ("HF_HUB_CACHE", "RAY_ADDRESS", "TARJAMA_TOKEN"):
        env.pop(name, None)
    (tmp_path / "home").mkdir()
    with open(tmp_path / "page.log", "w", encoding="utf-8") as log:
        # A session of its own: whatever the page leaves running is stopped with it.
        process = subprocess.Popen(
            ["bash", str(tmp_path / "page.sh")],
            cwd=work,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            code = process.wait(timeout=PAGE_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            code = None
        finally:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            process.wait()
    output = (tmp_path / "page.log").read_text(encoding="utf-8", errors="replace")
    logs = "".join(
        f"\n--- {path.name} (last lines)\n"
        + "\n".join(path.read_text(errors="replace").split("\n")[-15:])
        for path in sorted(work.rglob("*.log"))
    )
    assert code == 0 and "docs: page done" in output, (
        f"{page.name}: {'timed out' if code is None else f'exit code {code}'}\n"
        f"{output[-6000:]}{logs}"
    )


def test_configuration_page_lists_every_setting():
    """docs/configuration.md promises every setting: each Settings field's TARJAMA_* name."""
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = [
        f"TARJAMA_{field.name.upper()}"
        for field in dataclasses.fields(Settings)
        if f"TARJAMA_{field.name.upper()}" not in page
    ]
    assert not missing, f"docs/configuration.md does not list {', '.join(missing)}"
