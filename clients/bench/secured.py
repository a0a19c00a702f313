"""The secured served row of `tarjama bench --compare`: TLS + token + metrics on, same load.

Certificates are made with the README's openssl commands (Deploying), so the benchmark
also checks that recipe; the server child is the same as the plain served row's, with
--tls-cert/--tls-key, a token file and a metrics port added.
"""

from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tarjama.clients.bench.load import run_load
from tarjama.clients.bench.server_child import ServerProcess

TARGET = 0.97  # secured served throughput / plain served throughput, in the same run


@dataclass(frozen=True)
class SecureSetup:
    """Files and secrets of the secured server, and how its clients connect."""

    ca: Path
    cert: Path
    key: Path
    tokens: Path
    token: str

    def server_arguments(self, metrics_port: int) -> list[str]:
        return [
            f"--tls-cert={self.cert}",
            f"--tls-key={self.key}",
            f"--auth-tokens={self.tokens}",
            f"--metrics-port={metrics_port}",
        ]

    def client_options(self) -> dict:
        return {"tls_ca": self.ca, "token": self.token}


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def make_secure_setup(folder: Path) -> SecureSetup | None:
    """A CA, a server certificate for 127.0.0.1/localhost and a token file; None without openssl."""
    if shutil.which("openssl") is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    _openssl(
        "req", "-x509", *curve, "-days", "2", "-keyout", "ca.key", "-out", "ca.pem",
        "-subj", "/CN=tarjama bench CA", cwd=folder,
    )  # fmt: skip
    _openssl(
        "req", *curve, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost",
        cwd=folder,
    )  # fmt: skip
    (folder / "server.ext").write_text(
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
    )
    _openssl(
        "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "2", "-out", "server.pem", "-extfile", "server.ext",
        cwd=folder,
    )  # fmt: skip
    token = secrets.token_hex(32)
    tokens = folder / "tokens"
    tokens.write_text(f"bench:{token}\n", encoding="utf-8")
    tokens.chmod(0o600)
    return SecureSetup(
        folder / "ca.pem", folder / "server.pem", folder / "server.key", tokens, token
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def metrics_scrape(port: int) -> str:
    """The secured server's /metrics text (proof the metrics were on under load)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        return response.read().decode("utf-8")


def measure_secure_served(
    server_arguments: list[str],
    log_path: Path,
    sentences_per_request: list[str],
    *,
    clients: int,
    duration: float,
    options,
    tokens_per_piece: int,
):
    """Load the secured bench server like the plain one, then the plain server once more:
    (secured LoadResult, plain LoadResult again), or None when openssl is missing.

    The plain row is measured before and after the secured one (A-B-A), so a drift in the
    host's speed during the run weighs on both sides alike. The metrics must have counted
    the secured load's requests.
    """
    setup = make_secure_setup(log_path.parent / "secure")
    if setup is None:
        return None
    metrics_port = free_port()

    def load(arguments: list[str], log: Path, secured: bool):
        """The load's result and, on the secured server, its /metrics text."""
        with ServerProcess(arguments, log) as server:
            measured = run_load(
                # "localhost": the name the test certificate was made for
                f"localhost:{server.port}" if secured else server.address,
                sentences_per_request,
                clients=clients,
                duration=duration,
                max_requests=None,
                options=options,
                tokens_per_piece=tokens_per_piece,
                client_options=setup.client_options() if secured else None,
            )
            return measured, metrics_scrape(metrics_port) if secured else ""

    secured, scraped = load(
        [*server_arguments, *setup.server_arguments(metrics_port)], log_path, secured=True
    )
    counted = sum(
        float(line.rpartition(" ")[2])
        for line in scraped.splitlines()
        if line.startswith("tarjama_requests_total{") and 'client="bench"' in line
    )
    if counted < secured.requests:
        raise RuntimeError(f"the secured server's metrics counted {counted:.0f} requests")
    plain_again, _ = load(
        server_arguments, log_path.with_name("server-plain-again.log"), secured=False
    )
    return secured, plain_again
