"""How every Indigo process logs: one line per event, text for people, JSON for machines.

``configure_logging(level, fmt)`` is called once at start-up with ``INDIGO_LOG_LEVEL`` and
``INDIGO_LOG_FORMAT`` (``text``, the default and what ``make run`` shows; ``json`` in
production, one object per line that a log pipeline can index). Context travels as fields passed
with ``extra=``, e.g. ``log.info("sync done", extra={"job_id": job.id, "consumer": "collector-ebay"})``:
JSON lines carry every such field, text lines append the well-known ones (:data:`CONTEXT_FIELDS`).

Secrets never reach the output: every line, traceback included, goes through :func:`redact`,
which masks the values registered with :func:`register_secret` (``configure_logging`` registers
the ``SecretStr`` values of the settings it is given), passwords in URLs, and ``Authorization`` /
``x-api-key`` values and Indigo API keys.

uvicorn's access log is off by default (one line per request is noise at any real rate):
``access_log_sample`` lets that share of successful requests through; errors (4xx/5xx) always
pass. For uvicorn to use these handlers, start it with ``log_config=None``.
"""

from __future__ import annotations

import logging
import random
import re
import sys
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, SecretStr
from pythonjsonlogger.json import JsonFormatter

CONTEXT_FIELDS = ("job_id", "consumer", "subject", "listing_id", "stream", "sequence", "platform")
FORMATS = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
ACCESS_LOGGER = "uvicorn.access"
MASK = "***"

_secrets: set[str] = set()
# user:password@ in any URL; Bearer/Basic credentials; API key headers and query parameters.
_PATTERNS = (
    re.compile(r"(?P<keep>\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s]+(?=@)", re.I),
    re.compile(r"(?P<keep>\b(?:Bearer|Basic)\s+)[^\s\"',]{6,}", re.I),
    # Indigo's own API keys (indigo_<id>_<secret>): the id stays, to tell keys apart.
    re.compile(r"(?P<keep>\bindigo_[0-9a-f]{12}_)[A-Za-z0-9_-]{16,}"),
    re.compile(
        r"(?P<keep>\b(?:x-api-key|api[_-]?key|client_secret|access_token|password)"
        r"[\"']?\s*[:=]\s*[\"']?)[^\s\"',&}]+",
        re.I,
    ),
)


def register_secret(value: str | SecretStr | None) -> None:
    """Mask this exact value wherever it would appear in a log line."""
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    if value and len(value) >= 4:  # shorter ones would mask ordinary words
        _secrets.add(value)


def secrets_of(settings: BaseModel) -> list[str]:
    """The ``SecretStr`` values of a settings object (or any pydantic model)."""
    found = []
    for name in type(settings).model_fields:
        value = getattr(settings, name, None)
        for item in value if isinstance(value, list | tuple) else (value,):
            if isinstance(item, SecretStr):
                found.append(item.get_secret_value())
    return found


def redact(text: str) -> str:
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group("keep") + MASK, text)
    return text


class _TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        context = " ".join(
            f"{name}={getattr(record, name)}"
            for name in CONTEXT_FIELDS
            if getattr(record, name, None) is not None
        )
        if context:
            head, newline, rest = line.partition("\n")
            line = f"{head} [{context}]{newline}{rest}"
        return redact(line)


class _JsonFormatter(JsonFormatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def _json_formatter() -> logging.Formatter:
    return _JsonFormatter(
        "{asctime}{levelname}{name}{message}",
        style="{",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        json_default=str,
        json_ensure_ascii=False,
        datefmt="%Y-%m-%dT%H:%M:%S%z",
    )


class AccessLogSampler(logging.Filter):
    """Lets every failed request through and ``rate`` of the others."""

    def __init__(self, rate: float) -> None:
        super().__init__()
        self.rate = rate

    def filter(self, record: logging.LogRecord) -> bool:
        status = _access_status(record)
        if status is not None and status >= 400:
            return True
        return self.rate > 0 and random.random() < self.rate


def _access_status(record: logging.LogRecord) -> int | None:
    # uvicorn's access record: args = (client, method, path, http version, status code)
    args: Any = record.args
    if isinstance(args, tuple) and len(args) == 5 and isinstance(args[4], int):
        return args[4]
    return None


def configure_logging(
    level: str,
    fmt: str = "text",
    *,
    access_log_sample: float = 0.0,
    secrets: Iterable[str | SecretStr | None] = (),
    stream=None,
) -> None:
    """Send every logger's records to one handler on stderr (or ``stream``), formatted as ``fmt``.

    Calling it again replaces the previous set-up (tests do).
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ValueError(f"INDIGO_LOG_FORMAT must be one of {', '.join(FORMATS)}, not {fmt!r}")
    for secret in secrets:
        register_secret(secret)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(_json_formatter() if fmt == "json" else _TextFormatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # uvicorn's loggers carry their own handlers and level when uvicorn configured them, and a
    # dictConfig elsewhere may have disabled them: hand them to ours.
    for name in ("uvicorn", "uvicorn.error", ACCESS_LOGGER):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
        logger.disabled = False
        logger.setLevel(logging.NOTSET)
    access = logging.getLogger(ACCESS_LOGGER)
    access.filters = [f for f in access.filters if not isinstance(f, AccessLogSampler)]
    access.addFilter(AccessLogSampler(access_log_sample))
    # nats-py and asyncio chatter at DEBUG would drown a service's own lines.
    for name in ("nats", "asyncio", "aiohttp.access"):
        logging.getLogger(name).setLevel(max(root.level, logging.INFO))
