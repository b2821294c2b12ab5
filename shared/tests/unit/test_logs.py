"""JSON log lines parse and carry the context fields; text stays one readable line; no secrets."""

from __future__ import annotations

import io
import json
import logging

import pytest
from indigo_shared.logs import configure_logging, redact, register_secret, secrets_of
from indigo_shared.settings import IndigoSettings
from pydantic import SecretStr


@pytest.fixture
def output():
    stream = io.StringIO()
    yield stream
    configure_logging("WARNING", "text")  # leave no handler on the StringIO for later tests


def lines(stream: io.StringIO) -> list[str]:
    return [line for line in stream.getvalue().splitlines() if line]


def test_json_lines_parse_and_carry_the_context_fields(output):
    configure_logging("INFO", "json", stream=output)
    log = logging.getLogger("indigo.test")
    log.info(
        "enriched %s",
        "v1|123|0",
        extra={
            "job_id": "5f1c",
            "consumer": "enricher",
            "subject": "listings.collected.ebay",
            "listing_id": "9a2e",
        },
    )
    try:
        raise ValueError("price out of range")
    except ValueError:
        log.exception("parked", extra={"consumer": "enricher", "sequence": 42})
    log.debug("not at INFO")
    first, second = (json.loads(line) for line in lines(output))
    assert first["message"] == "enriched v1|123|0"
    assert first["level"] == "INFO" and first["logger"] == "indigo.test"
    assert first["time"]
    assert (first["job_id"], first["consumer"], first["subject"], first["listing_id"]) == (
        "5f1c",
        "enricher",
        "listings.collected.ebay",
        "9a2e",
    )
    assert second["level"] == "ERROR" and second["sequence"] == 42
    assert "ValueError: price out of range" in second["exc_info"]


def test_text_lines_append_the_context_fields(output):
    configure_logging("INFO", "text", stream=output)
    logging.getLogger("indigo.test").warning(
        "sync failed", extra={"job_id": "5f1c", "consumer": "collector-ebay"}
    )
    (line,) = lines(output)
    assert line.endswith("WARNING indigo.test: sync failed [job_id=5f1c consumer=collector-ebay]")


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="INDIGO_LOG_FORMAT"):
        configure_logging("INFO", "yaml")


def test_settings_secrets_urls_and_credentials_never_reach_the_output(output, monkeypatch):
    class Settings(IndigoSettings):
        ebay_client_secret: SecretStr | None = None

    monkeypatch.setenv("EBAY_CLIENT_SECRET", "PRD-b4c0ffee-s3cr3t")
    settings = Settings()
    configure_logging("INFO", "json", stream=output, secrets=secrets_of(settings))
    log = logging.getLogger("indigo.test")
    log.info("token request with %s", settings.ebay_client_secret.get_secret_value())
    log.info("connecting to postgresql://indigo:hunter2@db:5432/indigo")
    log.info("sent Authorization: Bearer v^1.1#i^1#f^0#I^3#p^1 and x-api-key: key123:sec456")
    try:
        raise RuntimeError("login refused for PRD-b4c0ffee-s3cr3t")
    except RuntimeError:
        log.exception("failed")
    text = output.getvalue()
    for secret in ("PRD-b4c0ffee-s3cr3t", "hunter2", "v^1.1#i^1", "key123:sec456"):
        assert secret not in text, secret
    assert "postgresql://indigo:***@db:5432/indigo" in text
    for line in lines(output):
        json.loads(line)  # masking keeps every line valid JSON


def test_redact_leaves_ordinary_text_alone():
    register_secret("abc")  # too short to mask safely: ignored
    text = "fetched 200 listings from https://api.ebay.com/buy/browse/v1 in 1.2 s (abc)"
    assert redact(text) == text


def test_access_log_is_off_by_default_but_errors_pass(output):
    configure_logging("INFO", "text", stream=output)
    access = logging.getLogger("uvicorn.access")
    access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", "/listings", "1.1", 200)
    access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", "/nope", "1.1", 404)
    (line,) = lines(output)
    assert "/nope" in line and "404" in line

    configure_logging("INFO", "text", stream=output, access_log_sample=1.0)
    access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", "/listings", "1.1", 200)
    assert "/listings" in lines(output)[-1]
