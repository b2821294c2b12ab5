"""Secrets kept in PostgreSQL are sealed (Fernet: AES-128-CBC with an HMAC-SHA256 tag) with a key
from the environment, ``INDIGO_SECRETS_KEY``: webhook signing secrets and Apprise URLs (which hold
tokens and passwords). The API seals them when a user saves them; the alerts service opens them to
deliver. Several keys, comma-separated, newest first, rotate the key: each opens, the first seals.

Without ``INDIGO_SECRETS_KEY`` a key is generated once under ``INDIGO_HOME`` (``.indigo/``), so
``make run`` works out of the box; a deployment sets the variable.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import secrets

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from indigo_shared.settings import IndigoSettings, state_dir

log = logging.getLogger(__name__)

__all__ = ["InvalidToken", "Sealer"]


def _fernet(key_text: str) -> Fernet:
    # Any text will do as a key: it is stretched to Fernet's 32 bytes.
    digest = hashlib.sha256(key_text.strip().encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def development_key() -> str:
    """The key of a development system, made on first use (readable by its owner only)."""
    path = state_dir() / "secrets.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_urlsafe(32))
        log.warning("INDIGO_SECRETS_KEY is unset: sealing secrets with %s (development only)", path)
    return path.read_text()


class Sealer:
    def __init__(self, keys: list[str]) -> None:
        keys = [k for k in keys if k.strip()]
        if not keys:
            raise ValueError("a sealer needs at least one key")
        self._fernet = MultiFernet([_fernet(k) for k in keys])

    @classmethod
    def from_settings(cls, settings: IndigoSettings) -> Sealer:
        if settings.secrets_key is not None:
            return cls(settings.secrets_key.get_secret_value().split(","))
        return cls([development_key()])

    def seal(self, text: str) -> bytes:
        return self._fernet.encrypt(text.encode())

    def open(self, sealed: bytes) -> str:
        """The text; raises :class:`InvalidToken` when no key of ours sealed it."""
        return self._fernet.decrypt(bytes(sealed)).decode()
