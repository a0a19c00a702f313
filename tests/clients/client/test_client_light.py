"""The light client install: the client and remote CLI commands work with grpcio/protobuf only."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from tarjama.models.summarization.engine import Summarizer

TOKEN = "light-client-token-0123456789"
# Everything the base install does not have: the [serve], [eval] and [ray] extras.
HEAVY = (
    "torch",
    "transformers",
    "ctranslate2",
    "sentencepiece",
    "huggingface_hub",
    "numpy",
    "sklearn",
    "nltk",
    "grpc_reflection",
    "prometheus_client",
    "limits",
    "py3langid",
    "trafilatura",
    "sacrebleu",
    "rouge_score",
    "matplotlib",
    "ray",
)


@pytest.fixture(scope="module")
def secured(tmp_path_factory, pki, start_module_fake_server, fake_server_settings):
    """A server with TLS and tokens (and extractive summaries), as a light client meets it."""
    tokens = tmp_path_factory.mktemp("light") / "tokens"
    tokens.write_text(f"light:{TOKEN}\n")
    tokens.chmod(0o600)
    settings = fake_server_settings.override(
        tls_cert=str(pki.server_cert), tls_key=str(pki.server_key), auth_tokens_file=str(tokens)
    )
    running = start_module_fake_server(settings, summarizer=Summarizer(limits=settings.limits()))
    return running, pki


# Run in a child: heavy modules cannot be imported, as in a base install.
BLOCKER = textwrap.dedent(
    """
    import importlib.abc, sys
    HEAVY = set(sys.argv[1].split(","))
    class Missing(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in HEAVY:
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    sys.meta_path.insert(0, Missing())
    sys.argv = sys.argv[2:]
    """
)


def run_light(code: str, *args: str, cwd) -> subprocess.CompletedProcess:
    env = dict(os.environ, TARJAMA_TOKEN=TOKEN)
    return subprocess.run(
        [sys.executable, "-c", BLOCKER + textwrap.dedent(code), ",".join(HEAVY), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=cwd,
    )


def test_client_and_remote_translate_need_no_heavy_module(secured, tmp_path, repo_root):
    running, pki = secured
    code = """
        import os, sys
        from tarjama.clients.client import TarjamaClient
        from tarjama.clients.cli.main import main

        address, ca, out = sys.argv[0], sys.argv[1], sys.argv[2]
        with TarjamaClient(address, tls_ca=ca, token=os.environ["TARJAMA_TOKEN"]) as client:
            assert client.translate("مرحبا بالعالم.").segments
        code = main(["translate", "seeds/000_d74c82b2a649aa15.txt", "--out", out,
                     "--server", address, "--tls-ca", ca])
        assert code == 0, code
        heavy = [name for name in sys.modules if name.partition(".")[0] in HEAVY]
        assert not heavy, heavy
        print("light ok")
    """
    result = run_light(code, running.address, str(pki.ca), str(tmp_path / "out"), cwd=repo_root)
    assert result.returncode == 0, result.stderr
    assert "light ok" in result.stdout
    assert (tmp_path / "out" / "000_d74c82b2a649aa15.en.txt").read_text().strip()


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [
        ["summarize", "seeds/004_aab35a8e27cb08f8.txt"],
        ["digest", "seeds/", "--out", "OUT"],
    ],
)
def test_remote_summaries_need_no_heavy_module(secured, tmp_path, command, repo_root):
    running, pki = secured
    code = """
        import sys
        from tarjama.clients.cli.main import main

        code = main(sys.argv)
        heavy = sorted({n.partition(".")[0] for n in sys.modules} & HEAVY)
        assert not heavy, heavy
        sys.exit(code)
    """
    argv = [str(tmp_path / "out") if arg == "OUT" else arg for arg in command]
    argv += ["--server", running.address, "--tls-ca", str(pki.ca)]
    result = run_light(code, *argv, cwd=repo_root)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("argv", "extra"),
    [
        (["serve"], "serve"),
        (["translate", "seeds/", "--out", "OUT"], "serve"),
        (["eval", "run", "--testset", "seeds/", "--server", "127.0.0.1:1"], "eval"),
    ],
)
def test_a_command_that_needs_an_extra_says_which_in_one_line(argv, extra, tmp_path, repo_root):
    argv = [str(tmp_path / "out") if arg == "OUT" else arg for arg in argv]
    code = """
        import sys
        from tarjama.clients.cli.main import main
        sys.exit(main(sys.argv))
    """
    result = run_light(code, *argv, cwd=repo_root)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"[{extra}]'" in lines[0], result.stderr
    assert "pip install" in lines[0] and "'tarjama[" not in lines[0], result.stderr


@pytest.mark.slow
def test_bare_package_in_a_fresh_venv_calls_a_server_without_torch(
    secured, tmp_path, repo_root, seeds
):
    """pip install tarjama (no extras) into a new virtual environment, then call the server."""
    running, pki = secured
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(repo_root / name, source / name)
    for folder in ("protos", "service", "models", "clients"):
        shutil.copytree(
            repo_root / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
        + ["-w", str(wheels), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    wheel = next(wheels.glob("tarjama-*.whl"))
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if install.returncode != 0 and _looks_offline(install.stderr):
        pytest.skip(f"no package index reachable: {install.stderr.strip().splitlines()[-1]}")
    assert install.returncode == 0, install.stderr
    script = textwrap.dedent(
        """
        import importlib.util, sys
        from tarjama.clients.client import TarjamaClient

        for heavy in ("torch", "transformers", "ctranslate2", "numpy"):
            assert importlib.util.find_spec(heavy) is None, heavy + " is installed"
        address, ca, token = sys.argv[1:]
        with TarjamaClient(address, tls_ca=ca, token=token) as client:
            article = client.translate("مرحبا بالعالم. كيف حالك؟", article_id="hello")
            assert len(article.segments) == 2, article
            assert client.info().security.token_auth
        print("fresh venv ok")
        """
    )
    called = subprocess.run(
        [str(python), "-c", script, running.address, str(pki.ca), TOKEN],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,  # not the source tree: import the installed package
    )
    assert called.returncode == 0, called.stderr
    assert "fresh venv ok" in called.stdout
    cli = subprocess.run(
        [str(venv / "bin" / "tarjama"), "translate", str(seeds.dir), "--out"]
        + [str(tmp_path / "out"), "--server", running.address, "--tls-ca", str(pki.ca)],
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, TARJAMA_TOKEN=TOKEN),
        cwd=tmp_path,
    )
    assert cli.returncode == 0, cli.stderr
    assert len(list((tmp_path / "out").glob("*.en.txt"))) == 5


def _looks_offline(stderr: str) -> bool:
    lowered = stderr.lower()
    return any(
        sign in lowered
        for sign in ("connection", "network is unreachable", "temporary failure", "no matching")
    )


# What the bare client may load of tarjama: its own room, the wire conversion and the protos,
# and the plain dataclasses that conversion produces (no text preparation, no engine code).
CLIENT_MODULES = ("tarjama.clients.client", "tarjama.protos")
PLAIN_DATACLASSES = {
    "tarjama.models.errors",
    "tarjama.models.types",
    "tarjama.models.summarization.types",
    "tarjama.models.workflow_events",
}


def test_the_client_imports_only_its_room_the_conversion_and_the_protos():
    code = (
        "import sys, tarjama.clients.client; "
        "print('\\n'.join(m for m in sys.modules if m.startswith('tarjama.')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    # Packages' own __init__ modules hold docstrings only.
    packages = {"tarjama.clients", "tarjama.models", "tarjama.models.summarization"}
    outside = [
        m
        for m in loaded
        if not m.startswith(CLIENT_MODULES) and m not in PLAIN_DATACLASSES | packages
    ]
    assert outside == []
