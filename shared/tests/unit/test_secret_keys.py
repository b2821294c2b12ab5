"""The server secret: authenticated encryption with a key id per ciphertext, fingerprints,
API-key hashes, the development file and the production refusal."""

from __future__ import annotations

import os
import stat

import pytest
from indigo_shared.logs import redact
from indigo_shared.secret_keys import (
    DecryptionFailed,
    SecretKeys,
    UnknownKey,
    check_production,
    dev_secret_file,
    require_secret_keys,
    secret_keys,
)
from indigo_shared.settings import IndigoSettings

OLD = "old-secret-" + "o" * 40
NEW = "new-secret-" + "n" * 40
SECRET = b"PRD-ebay-cert-id-0f9e8d7c6b5a"
WHERE = "marketplace_credentials:ebay"


def test_ciphertext_differs_from_the_secret_and_from_another_encryption_of_it():
    keys = SecretKeys(NEW)
    first, second = keys.seal(SECRET, WHERE), keys.seal(SECRET, WHERE)
    assert SECRET not in first.ciphertext and SECRET not in second.ciphertext
    assert first.ciphertext != second.ciphertext  # a fresh nonce each time
    assert first.key_id == second.key_id == keys.key_id
    assert keys.open(first, WHERE) == keys.open(second, WHERE) == SECRET


def test_it_decrypts_only_with_the_right_key_in_the_right_place():
    sealed = SecretKeys(OLD).seal(SECRET, WHERE)
    with pytest.raises(UnknownKey, match=sealed.key_id):
        SecretKeys(NEW).open(sealed, WHERE)
    with pytest.raises(DecryptionFailed):  # moved to another row
        SecretKeys(OLD).open(sealed, "marketplace_credentials:etsy")
    tampered = type(sealed)(
        sealed.key_id, sealed.ciphertext[:-1] + bytes([sealed.ciphertext[-1] ^ 1])
    )
    with pytest.raises(DecryptionFailed):
        SecretKeys(OLD).open(tampered, WHERE)
    # A previous secret still opens what it sealed; new rows are sealed under the current one.
    rotated = SecretKeys(NEW, [OLD])
    assert rotated.open(sealed, WHERE) == SECRET
    assert rotated.seal(SECRET, WHERE).key_id == SecretKeys(NEW).key_id != sealed.key_id


def test_fingerprints_and_api_key_hashes_depend_on_the_secret():
    old, new = SecretKeys(OLD), SecretKeys(NEW)
    assert old.fingerprint("a", "b") == SecretKeys(OLD).fingerprint("a", "b")
    assert old.fingerprint("a", "b") != new.fingerprint("a", "b")
    assert old.fingerprint("a", "b") != old.fingerprint("ab", "")
    assert "PRD-cert" not in old.fingerprint("PRD-cert")
    hashes = SecretKeys(NEW, [OLD]).api_key_hashes("indigo_0123456789ab_key")
    assert list(hashes) == [new.key_id, old.key_id]
    assert hashes[old.key_id] == old.api_key_hash("indigo_0123456789ab_key")


def test_a_short_secret_is_refused():
    with pytest.raises(ValueError, match="at least 32"):
        SecretKeys("too short")


def test_the_secrets_are_masked_in_logs():
    SecretKeys(NEW, [OLD])
    assert redact(f"secret {NEW} and {OLD}") == "secret *** and ***"
    assert redact("key indigo_0123456789ab_" + "s" * 43) == "key indigo_0123456789ab_***"


def test_development_generates_the_secret_once_under_indigo_home(tmp_path, monkeypatch):
    monkeypatch.setenv("INDIGO_HOME", str(tmp_path))
    settings = IndigoSettings(secret_key=None)
    assert secret_keys(settings) is None  # not generated unless asked
    keys = require_secret_keys(settings)
    path = dev_secret_file()
    assert path.parent == tmp_path and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert require_secret_keys(settings).key_id == keys.key_id == secret_keys(settings).key_id


def test_production_without_the_secret_refuses_with_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("INDIGO_HOME", str(tmp_path))
    settings = IndigoSettings(secret_key=None, environment="production")
    with pytest.raises(SystemExit, match="INDIGO_SECRET_KEY is not set and INDIGO_ENV=production"):
        check_production(settings)
    with pytest.raises(SystemExit):
        require_secret_keys(settings)
    assert not dev_secret_file().exists()  # never generated in production
    check_production(IndigoSettings(secret_key=NEW, environment="production"))
