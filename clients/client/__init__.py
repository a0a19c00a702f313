"""The Python client of a tarjama server: what the bare `pip install tarjama` brings."""

from tarjama.clients.client.tarjama_client import TarjamaClient
from tarjama.models.types import BatchItem, StreamUpdate
from tarjama.protos.converters.status import ServerError

__all__ = ["BatchItem", "ServerError", "StreamUpdate", "TarjamaClient"]
