"""Fixtures of the service tests: a TranslationService stub on the module's `server`."""

from __future__ import annotations

import grpc
import pytest


@pytest.fixture
def stub(server):
    """A TranslationService stub on a channel to the `server` fixture of the test's module."""
    from tarjama.protos.v1 import translation_pb2_grpc

    with grpc.insecure_channel(server.address) as channel:
        yield translation_pb2_grpc.TranslationServiceStub(channel)
