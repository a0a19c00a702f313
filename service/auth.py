"""Bearer tokens from a `name:token` / `name:sha256:<hex>` file, checked in constant time."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import stat
import threading
from dataclasses import dataclass
from pathlib import Path

from tarjama.models.errors import InvalidInput, Unauthenticated

log = logging.getLogger(__name__)

# Names appear in logs and metric labels: keep them short and plain.
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_SHA256_HEX = re.compile(r"^[0-9a-fA-F]{64}$")
HASH_PREFIX = "sha256:"
MIN_TOKEN_CHARS = 16
BEARER = "bearer "


@dataclass(frozen=True)
class TokenEntry:
    """One client: its name (shown in logs and metrics) and the sha256 of its token."""

    name: str
    digest: bytes


def token_digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def parse_tokens(text: str, source: str = "token file") -> list[TokenEntry]:
    """Entries of a token file; InvalidInput naming the line for anything malformed.

    Each non-blank line not starting with '#' is `name:token` (the token itself, at least
    16 characters) or `name:sha256:<64 hex digits>` (the sha256 of the token, so the file
    holds no secret). Names are unique; a token may not start with "sha256:".
    """
    entries: list[TokenEntry] = []
    names: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, separator, secret = line.partition(":")
        where = f"{source} line {number}"
        if not separator or not secret:
            raise InvalidInput(f"{where}: expected name:token or name:sha256:<hex>")
        if not _NAME.match(name):
            raise InvalidInput(
                f"{where}: the name must be 1-64 letters, digits, '_', '.' or '-' "
                "(it appears in logs and metrics)"
            )
        if name in names:
            raise InvalidInput(f"{where}: the name {name!r} is used twice")
        if secret.startswith(HASH_PREFIX):
            hexdigest = secret[len(HASH_PREFIX) :]
            if not _SHA256_HEX.match(hexdigest):
                raise InvalidInput(f"{where}: sha256: must be followed by 64 hex digits")
            digest = bytes.fromhex(hexdigest)
        else:
            if len(secret) < MIN_TOKEN_CHARS or any(c.isspace() for c in secret):
                raise InvalidInput(
                    f"{where}: a token needs at least {MIN_TOKEN_CHARS} characters and no "
                    "spaces (e.g. `openssl rand -hex 32`)"
                )
            digest = token_digest(secret)
        names.add(name)
        entries.append(TokenEntry(name, digest))
    return entries


class TokenStore:
    """The known tokens, re-read from their file by `reload()` (the server calls it on SIGHUP).

    `check(token)` hashes what the caller presented and compares it with every entry with
    hmac.compare_digest, without stopping at a match, so timing reveals neither the token
    nor which entry matched. Tokens are never logged; names are.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._entries: tuple[TokenEntry, ...] = ()
        self.reload(initial=True)

    @property
    def names(self) -> list[str]:
        return [entry.name for entry in self._entries]

    def reload(self, *, initial: bool = False) -> bool:
        """Read the file again. On a bad file, keep the current tokens (True if replaced).

        At start-up (`initial`) a bad or empty file is an error: a server must not come up
        believing it is protected when no token can ever match.
        """
        try:
            text = self.path.read_text(encoding="utf-8")
            entries = parse_tokens(text, source=self.path.name)
            if not entries:
                raise InvalidInput(f"{self.path.name} has no tokens")
        except (OSError, UnicodeDecodeError, InvalidInput) as error:
            message = error if isinstance(error, InvalidInput) else f"cannot read {self.path}"
            if initial:
                raise InvalidInput(f"auth tokens: {message}") from None
            log.error("auth tokens not reloaded, the previous ones stay in force: %s", message)
            return False
        self._warn_if_readable_by_others(text)
        with self._lock:
            before = {entry.name for entry in self._entries}
            self._entries = tuple(entries)
        after = {entry.name for entry in entries}
        if not initial:
            log.info(
                "auth tokens reloaded: %d clients (added %s; removed %s)",
                len(after),
                ", ".join(sorted(after - before)) or "none",
                ", ".join(sorted(before - after)) or "none",
            )
        return True

    def check(self, token: str) -> str | None:
        """The name of the client whose token this is, or None."""
        presented = token_digest(token)
        matched: str | None = None
        for entry in self._entries:  # no early exit: the same work for every outcome
            if hmac.compare_digest(presented, entry.digest):
                matched = entry.name
        return matched

    def authenticate(self, metadata: tuple[tuple[str, str | bytes], ...] | None) -> str:
        """The client name for a call's `authorization: Bearer <token>`; Unauthenticated if not."""
        header = None
        for key, value in metadata or ():
            if key == "authorization":
                header = value if isinstance(value, str) else value.decode("latin-1")
                break
        if header is None:
            raise Unauthenticated(
                "missing bearer token: send the metadata 'authorization: Bearer <token>'"
            )
        if not header[: len(BEARER)].lower() == BEARER or not header[len(BEARER) :].strip():
            raise Unauthenticated("the authorization metadata must be 'Bearer <token>'")
        name = self.check(header[len(BEARER) :].strip())
        if name is None:
            raise Unauthenticated("unknown or revoked bearer token")
        return name

    def _warn_if_readable_by_others(self, text: str) -> None:
        has_plain_tokens = any(
            line.strip() and not line.strip().startswith("#") and HASH_PREFIX not in line
            for line in text.splitlines()
        )
        try:
            mode = self.path.stat().st_mode
        except OSError:
            return
        if has_plain_tokens and mode & (stat.S_IRWXG | stat.S_IRWXO):
            log.warning(
                "%s holds plain tokens and is readable by other users: chmod 600 it, or store "
                "sha256:<hex> digests instead",
                self.path,
            )
