"""Real TLS and mutual TLS (grpcio credentials) with a CA and certificates made by the test."""

from __future__ import annotations

import shutil

import pytest

from tarjama.clients.client import TarjamaClient
from tarjama.models.errors import InvalidInput, NotReady, RateLimited


@pytest.fixture(scope="module")
def other_pki(make_pki):
    return make_pki(ca_name="someone else's CA")


@pytest.fixture(scope="module")
def tls_server(pki, start_module_fake_server, fake_server_settings):
    return start_module_fake_server(
        fake_server_settings.override(tls_cert=str(pki.server_cert), tls_key=str(pki.server_key))
    )


@pytest.fixture(scope="module")
def mtls_server(pki, start_module_fake_server, fake_server_settings):
    return start_module_fake_server(
        fake_server_settings.override(
            tls_cert=str(pki.server_cert), tls_key=str(pki.server_key), tls_client_ca=str(pki.ca)
        )
    )


@pytest.fixture
def serve(start_fake_server, fake_server_settings):
    """serve(**settings): a fake-engine server with these settings, stopped after the test."""
    return lambda **settings: start_fake_server(fake_server_settings.override(**settings))


def test_tls_client_with_the_ca_translates_and_getinfo_says_tls(tls_server, pki, short_article):
    with TarjamaClient(tls_server.address, timeout=20, tls_ca=pki.ca) as client:
        assert client.translate(short_article).segments
        security = client.info().security
    assert security.tls and not security.client_certificates and not security.token_auth


def test_tls_by_host_name_and_ca_bytes(tls_server, pki, short_article):
    address = f"localhost:{tls_server.port}"
    with TarjamaClient(address, timeout=20, tls_ca=pki.ca.read_bytes()) as client:
        assert client.translate(short_article).segments


@pytest.mark.slow
def test_plaintext_client_on_a_tls_port_gets_a_clear_failure(tls_server):
    with TarjamaClient(tls_server.address, timeout=3, retries=0) as client:
        with pytest.raises(NotReady, match=r"unavailable.*(TLS|tls)"):
            client.info(timeout=3)


@pytest.mark.slow
def test_a_server_certificate_from_an_unknown_ca_is_rejected(tls_server, other_pki):
    with TarjamaClient(tls_server.address, timeout=3, retries=0, tls_ca=other_pki.ca) as client:
        with pytest.raises(NotReady, match="TLS handshake failed"):
            client.info(timeout=3)


def test_mutual_tls_accepts_a_client_certificate_signed_by_the_client_ca(
    mtls_server, pki, short_article
):
    with TarjamaClient(
        mtls_server.address,
        timeout=20,
        tls_ca=pki.ca,
        client_cert=pki.client_cert,
        client_key=pki.client_key,
    ) as client:
        assert client.translate(short_article).segments
        assert client.info().security.client_certificates


@pytest.mark.slow
@pytest.mark.parametrize("with_certificate", ["none", "other CA"])
def test_mutual_tls_refuses_clients_without_a_trusted_certificate(
    mtls_server, pki, other_pki, with_certificate
):
    extra = {}
    if with_certificate == "other CA":
        extra = {"client_cert": other_pki.client_cert, "client_key": other_pki.client_key}
    with TarjamaClient(mtls_server.address, timeout=3, retries=0, tls_ca=pki.ca, **extra) as client:
        with pytest.raises(NotReady, match="unavailable"):
            client.info(timeout=3)


def test_reload_serves_a_renewed_certificate_to_new_connections(
    tmp_path, pki, serve, make_pki, short_article
):
    live = tmp_path / "live"
    live.mkdir()
    shutil.copy(pki.server_cert, live / "cert.pem")
    shutil.copy(pki.server_key, live / "key.pem")
    running = serve(tls_cert=str(live / "cert.pem"), tls_key=str(live / "key.pem"))
    renewed = make_pki(ca_name="renewed CA")
    shutil.copy(renewed.server_cert, live / "cert.pem")
    shutil.copy(renewed.server_key, live / "key.pem")
    running.reload()  # what SIGHUP does
    with TarjamaClient(running.address, timeout=20, tls_ca=renewed.ca) as client:
        assert client.translate(short_article).segments
    (live / "cert.pem").write_text("not a certificate")
    assert running.tls.reload() is False  # a bad file keeps the current certificate
    with TarjamaClient(running.address, timeout=20, tls_ca=renewed.ca) as client:
        assert client.translate(short_article).segments


def test_tls_settings_problems_are_one_line_each(tmp_path, pki, serve, fake_server_settings):
    with pytest.raises(InvalidInput, match="both a certificate and its key"):
        fake_server_settings.override(tls_cert=str(pki.server_cert))
    with pytest.raises(InvalidInput, match="mutual TLS"):
        fake_server_settings.override(tls_client_ca=str(pki.ca))
    with pytest.raises(InvalidInput, match="cannot read the TLS key"):
        serve(tls_cert=str(pki.server_cert), tls_key=str(tmp_path / "missing.key"))
    with pytest.raises(InvalidInput, match="client certificate needs its key"):
        TarjamaClient("127.0.0.1:1", client_cert=pki.client_cert)


def test_a_client_certificate_names_the_client_for_rate_limits(pki, serve):
    running = serve(
        tls_cert=str(pki.server_cert),
        tls_key=str(pki.server_key),
        tls_client_ca=str(pki.ca),
        rate_limit="1/minute",
    )
    with TarjamaClient(
        running.address,
        timeout=20,
        tls_ca=pki.ca,
        client_cert=pki.client_cert,
        client_key=pki.client_key,
        rate_limit_waits=0,  # the refusal's wording is under test, not waiting it out
    ) as client:
        client.info()
        with pytest.raises(RateLimited, match="client 'cert:reporting'"):
            client.info()
