"""Alert channel secrets are sealed under the one server secret: previous secrets and the
deprecated separate sealing key still open what they sealed; resealing moves it to the current."""

import pytest
from indigo_shared.sealed import InvalidToken, Sealer, legacy_keys
from indigo_shared.secret_keys import SecretKeys
from indigo_shared.settings import IndigoSettings

OLD = "old-server-secret-" + "o" * 32
NEW = "new-server-secret-" + "n" * 32


def test_the_server_secret_seals_and_only_it_opens():
    sealer = Sealer.from_settings(IndigoSettings(secret_key=NEW))
    sealed = sealer.seal("https://hooks.example.com/x?token=abc")
    assert b"token=abc" not in sealed
    assert Sealer.from_secret_keys(SecretKeys(NEW)).open(sealed).endswith("token=abc")
    with pytest.raises(InvalidToken):
        Sealer.from_secret_keys(SecretKeys(OLD)).open(sealed)


def test_a_previous_secret_opens_and_resealing_moves_to_the_current():
    sealed = Sealer.from_secret_keys(SecretKeys(OLD)).seal("whsec_abc")
    rotating = Sealer.from_settings(IndigoSettings(secret_key=NEW, previous_secret_keys=[OLD]))
    assert rotating.open(sealed) == "whsec_abc"
    resealed = rotating.reseal(sealed)
    assert Sealer.from_secret_keys(SecretKeys(NEW)).open(resealed) == "whsec_abc"


def test_the_deprecated_sealing_key_still_opens(caplog):
    from indigo_shared.sealed import _legacy_fernet

    settings = IndigoSettings(secret_key=NEW, secrets_key="earlier-key")
    assert legacy_keys(settings) == ["earlier-key"]
    assert "deprecated" in caplog.text
    sealed = _legacy_fernet("earlier-key").encrypt(b"apprise://ntfy.sh/topic")
    assert Sealer.from_settings(settings).open(sealed) == "apprise://ntfy.sh/topic"
