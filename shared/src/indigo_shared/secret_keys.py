"""The server secret (``INDIGO_SECRET_KEY``) and what is derived from it.

One secret, several keys: HKDF-SHA256 derives an AES-256-GCM key (marketplace credentials and
OAuth tokens at rest), an HMAC key for API-key hashes, an HMAC key for fingerprints, and a short
key id. Every encrypted row stores the key id it was sealed under, so the secret can be rotated:
set the new one as ``INDIGO_SECRET_KEY``, the old one in ``INDIGO_PREVIOUS_SECRET_KEYS``, run
``indigo credentials rotate-key`` (every row re-encrypted under the new one), then drop the old.

Each ciphertext is bound to where it lives (``context``, e.g. ``marketplace_credentials:ebay``,
as AES-GCM associated data): a ciphertext copied to another row does not decrypt there.

Development (``INDIGO_ENV`` unset or ``development``): with ``INDIGO_SECRET_KEY`` unset, the
secret is read from ``.indigo/secret-key``, generated there (mode 0600) on first need. Production
never generates one: a service refuses to start without it (:func:`check_production`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import SecretStr

from indigo_shared.logs import register_secret
from indigo_shared.settings import IndigoSettings, state_dir

MIN_SECRET_LENGTH = 32
NONCE_BYTES = 12
DEV_SECRET_FILE = "secret-key"


class SecretKeyMissing(RuntimeError):
    """No server secret is configured where one is needed."""


class UnknownKey(RuntimeError):
    """A row sealed under a key id that no configured secret has."""


class DecryptionFailed(RuntimeError):
    """A ciphertext that its key does not open (altered, or moved to another row)."""


def _derive(secret: bytes, purpose: str, length: int = 32) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=length, salt=b"indigo", info=purpose.encode()
    ).derive(secret)


@dataclass(frozen=True)
class _Key:
    key_id: str
    cipher: AESGCM
    api_key_hmac: bytes
    fingerprint_hmac: bytes
    sealing: bytes  # the Fernet key of the alerts' channel secrets (indigo_shared.sealed)

    @classmethod
    def from_secret(cls, secret: str) -> _Key:
        if len(secret) < MIN_SECRET_LENGTH:
            raise ValueError(
                f"INDIGO_SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters "
                "(`indigo credentials new-secret` prints a good one)"
            )
        raw = secret.encode()
        return cls(
            key_id=_derive(raw, "indigo key id v1", 4).hex(),
            cipher=AESGCM(_derive(raw, "indigo encryption v1")),
            api_key_hmac=_derive(raw, "indigo api keys v1"),
            fingerprint_hmac=_derive(raw, "indigo fingerprints v1"),
            sealing=_derive(raw, "indigo sealing v1"),
        )


@dataclass(frozen=True)
class Sealed:
    key_id: str
    ciphertext: bytes  # nonce || AES-GCM ciphertext and tag


class SecretKeys:
    """The current secret (which seals) and the previous ones (which still open their rows)."""

    def __init__(self, current: str, previous: Sequence[str] = ()) -> None:
        self._current = _Key.from_secret(current)
        self._keys = {self._current.key_id: self._current}
        for secret in previous:
            key = _Key.from_secret(secret)
            self._keys.setdefault(key.key_id, key)
        for secret in (current, *previous):
            register_secret(secret)

    def __repr__(self) -> str:
        return f"SecretKeys(current={self.key_id!r}, known={sorted(self._keys)!r})"

    @property
    def key_id(self) -> str:
        return self._current.key_id

    @property
    def key_ids(self) -> list[str]:
        return list(self._keys)

    @property
    def sealing_keys(self) -> list[bytes]:
        """The sealing key of each secret, the current one first."""
        return [key.sealing for key in self._keys.values()]

    def seal(self, plaintext: bytes, context: str) -> Sealed:
        nonce = os.urandom(NONCE_BYTES)
        body = self._current.cipher.encrypt(nonce, plaintext, context.encode())
        return Sealed(self._current.key_id, nonce + body)

    def open(self, sealed: Sealed, context: str) -> bytes:
        key = self._keys.get(sealed.key_id)
        if key is None:
            raise UnknownKey(
                f"sealed under key {sealed.key_id}, which is neither INDIGO_SECRET_KEY "
                f"({self.key_id}) nor in INDIGO_PREVIOUS_SECRET_KEYS"
            )
        nonce, body = sealed.ciphertext[:NONCE_BYTES], sealed.ciphertext[NONCE_BYTES:]
        try:
            return key.cipher.decrypt(nonce, body, context.encode())
        except InvalidTag:
            raise DecryptionFailed(f"{context}: the ciphertext does not open") from None

    def api_key_hashes(self, api_key: str) -> dict[str, str]:
        """The key's hash under each known secret, by key id (the current one first)."""
        return {
            key_id: hmac.new(key.api_key_hmac, api_key.encode(), hashlib.sha256).hexdigest()
            for key_id, key in self._keys.items()
        }

    def api_key_hash(self, api_key: str) -> str:
        return hmac.new(self._current.api_key_hmac, api_key.encode(), hashlib.sha256).hexdigest()

    def fingerprint(self, *values: str) -> str:
        """A short, stable name for secret values that reveals nothing of them (an HMAC)."""
        digest = hmac.new(self._current.fingerprint_hmac, digestmod=hashlib.sha256)
        for value in values:
            digest.update(value.encode() + b"\0")
        return "hmac-sha256:" + base64.b32encode(digest.digest()[:10]).decode().lower()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def dev_secret_file() -> Path:
    return state_dir() / DEV_SECRET_FILE


def development_secret(create: bool) -> str | None:
    """``.indigo/secret-key`` (created when ``create`` and missing), or None."""
    path = dev_secret_file()
    try:
        return path.read_text().strip() or None
    except FileNotFoundError:
        if not create:
            return None
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # O_EXCL: two processes starting at once agree on one secret
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as file:
        file.write(new_secret() + "\n")
    return path.read_text().strip()


def _values(secrets_: Iterable[SecretStr]) -> list[str]:
    return [s.get_secret_value() for s in secrets_ if s.get_secret_value()]


def secret_keys(settings: IndigoSettings, *, create: bool = False) -> SecretKeys | None:
    """The configured secrets, or None. In development, ``INDIGO_SECRET_KEY`` unset means
    ``.indigo/secret-key`` (generated when ``create``)."""
    if settings.secret_key is not None:
        current = settings.secret_key.get_secret_value()
    elif settings.environment == "development":
        current = development_secret(create)
    else:
        current = None
    if not current:
        return None
    return SecretKeys(current, _values(settings.previous_secret_keys))


def require_secret_keys(settings: IndigoSettings) -> SecretKeys:
    """The secrets, generated in development when missing; production without one: an error."""
    check_production(settings)
    keys = secret_keys(settings, create=True)
    if keys is None:  # pragma: no cover - development always has one by now
        raise SecretKeyMissing("INDIGO_SECRET_KEY is not set")
    return keys


def check_production(settings: IndigoSettings) -> None:
    """Refuse to run in production without the server secret, saying what to do."""
    if settings.environment == "production" and settings.secret_key is None:
        raise SystemExit(
            "INDIGO_SECRET_KEY is not set and INDIGO_ENV=production: refusing to start. Set it "
            "to a random secret of at least 32 characters (`indigo credentials new-secret` "
            "prints one), the same for every service, kept in your secret store."
        )
