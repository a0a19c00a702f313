"""Bearer tokens: the token file, UNAUTHENTICATED for missing/wrong/revoked tokens, open health."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from tarjama.clients.client import TarjamaClient
from tarjama.models.errors import InvalidInput, Unauthenticated
from tarjama.protos.v1 import translation_pb2 as pb
from tarjama.protos.v1 import translation_pb2_grpc
from tarjama.service.auth import TokenStore, parse_tokens

ALICE = "alice-token-0123456789abcdef"
BOB = "bob-token-fedcba9876543210"
BOB_SHA = hashlib.sha256(BOB.encode()).hexdigest()


def write_tokens(path: Path, *lines: str) -> Path:
    path.write_text("# clients of the translation service\n" + "\n".join(lines) + "\n")
    path.chmod(0o600)
    return path


@pytest.fixture
def token_file(tmp_path):
    return write_tokens(tmp_path / "tokens", f"alice:{ALICE}", f"bob:sha256:{BOB_SHA}")


@pytest.fixture
def server(token_file, start_fake_server, fake_server_settings):
    return start_fake_server(fake_server_settings.override(auth_tokens_file=str(token_file)))


def bearer(token: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {token}"),)


def test_token_file_holds_plain_tokens_and_sha256_digests():
    entries = parse_tokens(f"# comment\n\nalice:{ALICE}\n bob:sha256:{BOB_SHA} \n")
    assert [entry.name for entry in entries] == ["alice", "bob"]
    assert entries[1].digest == bytes.fromhex(BOB_SHA)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("alice", "expected name:token"),
        ("alice:short", "at least 16 characters"),
        (f"al ice:{ALICE}", "name must be"),
        (f"alice:{ALICE}\nalice:{BOB}", "used twice"),
        ("bob:sha256:abc", "64 hex digits"),
    ],
)
def test_a_malformed_token_file_is_one_line_naming_the_line(text, problem):
    with pytest.raises(InvalidInput, match=problem) as error:
        parse_tokens(text, source="tokens")
    assert "\n" not in str(error.value) and "tokens line" in str(error.value)
    assert ALICE not in str(error.value)  # never echo a secret


def test_store_checks_every_entry_and_names_the_client(token_file):
    store = TokenStore(token_file)
    assert store.check(ALICE) == "alice" and store.check(BOB) == "bob"
    assert store.check("x" * 30) is None
    assert store.authenticate(bearer(BOB)) == "bob"
    assert store.authenticate((("authorization", f"bearer {ALICE}"),)) == "alice"


def test_empty_or_missing_token_file_stops_the_start(tmp_path):
    with pytest.raises(InvalidInput, match="no tokens"):
        TokenStore(write_tokens(tmp_path / "empty"))
    with pytest.raises(InvalidInput, match="cannot read"):
        TokenStore(tmp_path / "missing")


def test_plain_tokens_readable_by_others_get_a_warning(tmp_path, caplog):
    path = write_tokens(tmp_path / "tokens", f"alice:{ALICE}")
    path.chmod(0o644)
    with caplog.at_level(logging.WARNING):
        TokenStore(path)
    assert "chmod 600" in caplog.text and ALICE not in caplog.text


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        ((), "missing bearer token"),
        ((("authorization", ALICE),), "must be 'Bearer <token>'"),
        (bearer("wrong-token-0123456789"), "unknown or revoked"),
    ],
)
def test_missing_or_wrong_tokens_get_unauthenticated(server, metadata, message):
    with grpc.insecure_channel(server.address) as channel:
        stub = translation_pb2_grpc.TranslationServiceStub(channel)
        with pytest.raises(grpc.RpcError) as error:
            stub.GetInfo(pb.GetInfoRequest(), metadata=metadata, timeout=10)
    assert error.value.code() is grpc.StatusCode.UNAUTHENTICATED
    assert message in error.value.details() and "\n" not in error.value.details()


def test_valid_tokens_plain_and_hashed_are_served(server, short_article):
    with TarjamaClient(server.address, timeout=20, token=ALICE) as client:
        assert client.translate(short_article).segments
        assert client.info().security.token_auth
    with TarjamaClient(server.address, timeout=20, token=BOB) as client:
        assert client.translate_batch([("a", short_article)])[0].translation is not None
        assert list(client.translate_stream(short_article))[-1].article is not None


def test_the_client_raises_unauthenticated_with_a_hint(server, short_article):
    with TarjamaClient(server.address, timeout=20) as client:
        with pytest.raises(Unauthenticated, match="TARJAMA_TOKEN"):
            client.translate(short_article)


def test_health_stays_open_and_reflection_is_behind_the_check(server):
    with grpc.insecure_channel(server.address) as channel:
        health = health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(service=""), timeout=10
        )
        assert health.status == health_pb2.HealthCheckResponse.SERVING
        reflection = reflection_pb2_grpc.ServerReflectionStub(channel)
        request = reflection_pb2.ServerReflectionRequest(list_services="")
        with pytest.raises(grpc.RpcError) as error:
            list(reflection.ServerReflectionInfo(iter([request]), timeout=10))
        assert error.value.code() is grpc.StatusCode.UNAUTHENTICATED
        replies = list(
            reflection.ServerReflectionInfo(iter([request]), metadata=bearer(ALICE), timeout=10)
        )
    services = {s.name for s in replies[0].list_services_response.service}
    assert "tarjama.v1.TranslationService" in services


def test_a_revoked_token_is_refused_after_reload(server, token_file):
    with TarjamaClient(server.address, timeout=20, token=ALICE) as client:
        assert client.info().security.token_auth
        write_tokens(token_file, f"bob:sha256:{BOB_SHA}")  # alice revoked
        server.reload()  # what SIGHUP does
        with pytest.raises(Unauthenticated, match="unknown or revoked"):
            client.info()
    with TarjamaClient(server.address, timeout=20, token=BOB) as client:
        assert client.info().security.token_auth


def test_a_broken_token_file_on_reload_keeps_the_current_tokens(server, token_file, caplog):
    token_file.write_text("garbage without a separator\n")
    with caplog.at_level(logging.ERROR):
        server.reload()
    assert "previous ones stay in force" in caplog.text
    with TarjamaClient(server.address, timeout=20, token=ALICE) as client:
        assert client.info().security.token_auth


def test_tokens_never_reach_the_logs(server, caplog, short_article):
    with caplog.at_level(logging.DEBUG):
        with TarjamaClient(server.address, timeout=20, token=ALICE) as client:
            client.translate(short_article)
        with TarjamaClient(server.address, timeout=20, token="wrong-token-0123456789") as client:
            with pytest.raises(Unauthenticated):
                client.translate(short_article)
    assert "client=alice" in caplog.text
    assert ALICE not in caplog.text and "wrong-token-0123456789" not in caplog.text
