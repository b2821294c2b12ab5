"""What a failure means: the message's fault for good, the message's fault for now, or nobody's
(a dependency is down). :mod:`indigo_shared.delivery` acts on these."""

from __future__ import annotations

import asyncpg
from pydantic import ValidationError

#: The longest error text kept (in a header, a job row, a log line).
MAX_ERROR_LENGTH = 2000
#: PostgreSQL out of reach: the connection refused, lost or timed out. Nobody's fault; what
#: waits on the database reads these (each caller adds what else its own work may meet).
DATABASE_UNREACHABLE: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
)


class PermanentError(Exception):
    """An input that no retry can fix: parked at once instead of retried."""


class MessageTooLarge(PermanentError):
    """An event that, with its headers, exceeds the server's max payload: it cannot be published."""


class Unavailable(Exception):  # noqa: N818 - reads as "the LLM is unavailable"
    """Something the service depends on cannot answer now (an outage, a rate limit): the message
    is not at fault. ``retry_after``: seconds the dependency asked us to wait, if it said."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ServiceStopping(Exception):  # noqa: N818
    """Raised inside work that was waiting out an outage when the service is asked to stop: the
    message stays unacknowledged and is redelivered, without being counted as its failure."""


def is_permanent(exc: BaseException) -> bool:
    """True for a failure that the same message would meet on every attempt."""
    return isinstance(
        exc,
        (
            PermanentError,
            ValidationError,
            UnicodeError,
            # Class 22 (a value PostgreSQL refuses: numeric overflow, NUL in text, bad encoding)
            # and class 23 (a constraint the row breaks).
            asyncpg.DataError,
            asyncpg.IntegrityConstraintViolationError,
        ),
    )


def describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return " ".join(text.split())[:MAX_ERROR_LENGTH]
