"""Shared pytest fixtures: the seed articles, offline Hugging Face settings, tiny real models,
real gRPC servers on fake engines, free ports and a throwaway PKI."""

from __future__ import annotations

import datetime
import ipaddress
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

# Heavy imports (torch, transformers, grpc servers) happen inside the fixtures, so test files
# that need no model or server collect fast.

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO_ROOT / "seeds"
# Two short Arabic sentences every fake-engine server translates in a few milliseconds.
SHORT_ARTICLE = "وقعت كازاخستان وباكستان اتفاقية شراكة. والتقى الزعيمان في إسلام آباد."


# -- the seed articles (seeds/*.txt) and their references (seeds/references/) ---------------


@dataclass(frozen=True)
class Seeds:
    """The repository's seed articles, by file and by three-digit prefix ("000" ... "004")."""

    dir: Path

    @property
    def paths(self) -> list[Path]:
        return sorted(self.dir.glob("*.txt"))

    @property
    def stems(self) -> list[str]:
        return [path.stem for path in self.paths]

    @property
    def references(self) -> Path:
        """English translations and summaries the maintainers wrote for the seeds."""
        return self.dir / "references"

    def path(self, prefix: str) -> Path:
        (path,) = self.dir.glob(f"{prefix}_*.txt")
        return path

    def text(self, prefix: str) -> str:
        return self.path(prefix).read_text(encoding="utf-8")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that takes `seed_path` runs once per seed article (ids 000, 001, ...)."""
    if "seed_path" in metafunc.fixturenames:
        paths = Seeds(SEEDS_DIR).paths
        metafunc.parametrize("seed_path", paths, ids=[path.name[:3] for path in paths])


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's top folder (pyproject.toml, seeds/, the packages)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def seeds() -> Seeds:
    return Seeds(SEEDS_DIR)


@pytest.fixture(scope="session")
def short_article() -> str:
    return SHORT_ARTICLE


# -- Hugging Face offline, tiny real models ---------------------------------------------------


@pytest.fixture
def hf_offline(monkeypatch, tmp_path):
    """No network and an empty Hugging Face cache, as on CI; returns that HF_HOME."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    return tmp_path / "hf-home"


@pytest.fixture(scope="session")
def tiny_marian_dir(tmp_path_factory):
    """A tiny random MarianMT model directory (tokenizer trained on seeds/), built once."""
    from tarjama.models.testing.marian import build_tiny_marian

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian"))


def _translate_argv(model_dir, out, *inputs, extra=()) -> list[str]:
    return [
        "translate",
        *map(str, inputs),
        "--out",
        str(out),
        "--model",
        str(model_dir),
        "--offline",
        "--beam",
        "1",
        "--max-output-tokens",
        "24",
        *extra,
    ]


@pytest.fixture(scope="session")
def translate_argv():
    """Function: translate_argv(model_dir, out, *inputs, extra=()) -> the `tarjama translate`
    arguments the tiny-model tests use (offline, beam 1, outputs of at most 24 tokens)."""
    return _translate_argv


@pytest.fixture(scope="session")
def tiny_marian_translator(tiny_marian_dir):
    """The tiny model loaded as users load models: load_translator(TranslatorConfig(...))."""
    from tarjama.models.translation.config import TranslatorConfig
    from tarjama.models.translation.translators import load_translator

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        translator = load_translator(TranslatorConfig(model=str(tiny_marian_dir), beam_size=1))
    yield translator
    translator.close()


# -- real gRPC servers --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def fake_server_settings():
    """Settings of the fake-engine server: any free port, 50k-character articles, batches of 4."""
    from tarjama.models.settings import Settings

    return Settings(port=0, max_article_chars=50_000, max_batch_articles=4, grace_seconds=2)


class ServerStarter:
    """Starts real gRPC servers (tarjama.service.server.start_server) and stops them all later.

    `start(settings, engines=...)` serves the given engines; without engines it serves
    tarjama.models.testing.fake_engines built from `fakes` (backend=, summarizer=, ...), with the
    settings' limits and batches of 4 sentences. A test that stops a server itself (to check
    shutdown) calls start_server directly instead.
    """

    def __init__(self, default_settings) -> None:
        self.default_settings = default_settings
        self.running: list = []

    def __call__(self, settings=None, *, engines=None, ready: bool = True, **fakes):
        from tarjama.models.testing.fake_engines import fake_engines
        from tarjama.service.server import start_server

        settings = self.default_settings if settings is None else settings
        if engines is None:
            fakes.setdefault("limits", settings.limits())
            fakes.setdefault("max_batch_sentences", 4)
            engines = fake_engines(**fakes)
        running = start_server(settings, engines=engines, ready=ready)
        self.running.append(running)
        return running

    def stop_all(self) -> None:
        while self.running:
            self.running.pop().stop(0)


@pytest.fixture
def start_fake_server(fake_server_settings):
    """Factory: start_fake_server(settings=None, *, engines=None, **fakes) -> RunningServer;
    every server it started is stopped when the test ends."""
    starter = ServerStarter(fake_server_settings)
    yield starter
    starter.stop_all()


@pytest.fixture(scope="module")
def start_module_fake_server(fake_server_settings):
    """start_fake_server for module-scoped fixtures: the servers stop when the module ends."""
    starter = ServerStarter(fake_server_settings)
    yield starter
    starter.stop_all()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def free_port() -> Callable[[], int]:
    """Function: a TCP port on 127.0.0.1 that was free a moment ago."""
    return _free_port


# -- waiting, processes ---------------------------------------------------------------------


def _wait_until(condition: Callable[[], bool], patience: float = 20.0) -> None:
    deadline = time.monotonic() + patience
    while not condition():
        assert time.monotonic() < deadline, "condition never became true"
        time.sleep(0.005)


@pytest.fixture(scope="session")
def wait_until() -> Callable[..., None]:
    """Function: wait_until(condition) polls until condition() holds; fails after 20 s."""
    return _wait_until


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture(scope="session")
def dead_pid() -> Callable[[], int]:
    """Function: the id of a process that has just exited (what a killed writer leaves)."""
    return _dead_pid


# -- a throwaway PKI (the `cryptography` package) ---------------------------------------------


@dataclass(frozen=True)
class Pki:
    """PEM files of one CA and what it signed."""

    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path


def _make_pki(folder: Path, *, ca_name: str, client: str) -> Pki:
    """A CA, a server certificate for localhost/127.0.0.1 and a client certificate."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    def name(common_name: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])

    def builder(subject: str, issuer: x509.Name, public_key) -> x509.CertificateBuilder:
        now = datetime.datetime.now(datetime.timezone.utc)
        return (
            x509.CertificateBuilder()
            .subject_name(name(subject))
            .issuer_name(issuer)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=2))
        )

    def write_key(key: ec.EllipticCurvePrivateKey, path: Path) -> Path:
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        return path

    def write_cert(cert: x509.Certificate, path: Path) -> Path:
        path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return path

    folder.mkdir(parents=True, exist_ok=True)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        builder(ca_name, name(ca_name), ca_key.public_key())
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    server_key = ec.generate_private_key(ec.SECP256R1())
    server_cert = (
        builder("localhost", ca_cert.subject, server_key.public_key())
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    client_key = ec.generate_private_key(ec.SECP256R1())
    client_cert = (
        builder(client, ca_cert.subject, client_key.public_key())
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return Pki(
        ca=write_cert(ca_cert, folder / "ca.pem"),
        server_cert=write_cert(server_cert, folder / "server.pem"),
        server_key=write_key(server_key, folder / "server.key"),
        client_cert=write_cert(client_cert, folder / "client.pem"),
        client_key=write_key(client_key, folder / "client.key"),
    )


@pytest.fixture(scope="session")
def make_pki(tmp_path_factory) -> Callable[..., Pki]:
    """Factory: make_pki(ca_name="tarjama test CA", client="reporting") -> a new Pki in a new
    temporary folder."""

    def make(*, ca_name: str = "tarjama test CA", client: str = "reporting") -> Pki:
        return _make_pki(tmp_path_factory.mktemp("pki"), ca_name=ca_name, client=client)

    return make


@pytest.fixture(scope="session")
def pki(make_pki) -> Pki:
    """One CA with a server certificate (localhost, 127.0.0.1) and a client certificate."""
    return make_pki()


@pytest.fixture(scope="session")
def tiny_llm_dir(tmp_path_factory):
    """A tiny random Qwen2-shaped chat model (BPE tokenizer, ChatML template), built once."""
    from tarjama.models.testing.llm import build_tiny_llm

    return build_tiny_llm(tmp_path_factory.mktemp("tiny-llm"))
