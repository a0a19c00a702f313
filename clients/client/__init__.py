"""The Python client of a tarjama server: what the bare `pip install tarjama` brings."""

from tarjama.clients.client.tarjama_client import (
    BatchItem,
    ServerError,
    StreamUpdate,
    TarjamaClient,
)

__all__ = ["BatchItem", "ServerError", "StreamUpdate", "TarjamaClient"]
