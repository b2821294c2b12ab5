"""Secrets kept in PostgreSQL for the alerts are sealed: webhook signing secrets and Apprise URLs
(which hold tokens and passwords). The API seals them when a user saves them; the alerts service
opens them to deliver. Fernet (AES-128-CBC with an HMAC-SHA256 tag), under a key derived from the
one server secret, ``INDIGO_SECRET_KEY`` (:mod:`indigo_shared.secret_keys`): the secrets in
``INDIGO_PREVIOUS_SECRET_KEYS`` still open what they sealed, and ``indigo credentials rotate-key``
seals it all again under the current one.

``INDIGO_SECRETS_KEY``, the separate sealing key of earlier versions (and its development file
``.indigo/secrets.key``), still opens what it sealed, so that an upgrade loses no channel; a
warning says to run ``rotate-key``, after which it can go.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from indigo_shared.secret_keys import SecretKeys, require_secret_keys
from indigo_shared.settings import IndigoSettings, state_dir

log = logging.getLogger(__name__)

__all__ = ["InvalidToken", "Sealer"]

LEGACY_DEV_FILE = "secrets.key"


def _legacy_fernet(key_text: str) -> Fernet:
    # The earlier sealing key: any text, stretched to Fernet's 32 bytes.
    digest = hashlib.sha256(key_text.strip().encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def legacy_keys(settings: IndigoSettings) -> list[str]:
    """The earlier sealing keys still configured: ``INDIGO_SECRETS_KEY`` (comma-separated), or in
    development the file it was generated in."""
    if settings.secrets_key is not None:
        keys = [k for k in settings.secrets_key.get_secret_value().split(",") if k.strip()]
    else:
        path = state_dir() / LEGACY_DEV_FILE
        keys = [path.read_text()] if settings.environment == "development" and path.exists() else []
    if keys:
        log.warning(
            "INDIGO_SECRETS_KEY (or .indigo/%s) is deprecated: channel secrets are sealed under "
            "INDIGO_SECRET_KEY; run `indigo credentials rotate-key` to seal the old ones again",
            LEGACY_DEV_FILE,
        )
    return keys


class Sealer:
    def __init__(self, keys: Sequence[bytes], legacy: Sequence[str] = ()) -> None:
        """``keys``: 32-byte keys, the one that seals first; ``legacy``: earlier key texts that
        only open."""
        fernets = [Fernet(base64.urlsafe_b64encode(k)) for k in keys]
        if not fernets:
            raise ValueError("a sealer needs at least one key")
        self._fernet = MultiFernet(fernets + [_legacy_fernet(k) for k in legacy])

    @classmethod
    def from_secret_keys(cls, keys: SecretKeys, legacy: Sequence[str] = ()) -> Sealer:
        return cls(keys.sealing_keys, legacy)

    @classmethod
    def from_settings(cls, settings: IndigoSettings) -> Sealer:
        return cls.from_secret_keys(require_secret_keys(settings), legacy_keys(settings))

    def seal(self, text: str) -> bytes:
        return self._fernet.encrypt(text.encode())

    def open(self, sealed: bytes) -> str:
        """The text; raises :class:`InvalidToken` when no key of ours sealed it."""
        return self._fernet.decrypt(bytes(sealed)).decode()

    def reseal(self, sealed: bytes) -> bytes:
        """The same text sealed under the current key (raises :class:`InvalidToken` as ``open``)."""
        return self._fernet.rotate(bytes(sealed))
