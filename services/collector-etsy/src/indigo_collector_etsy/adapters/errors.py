"""What can go wrong talking to Etsy, by what the caller should do about it."""

from __future__ import annotations


class EtsyError(Exception):
    """Base of every error the Etsy client raises."""


class EtsyAuthError(EtsyError):
    """Etsy refused the API key (401, 403). Retrying will not help: fix ``ETSY_API_KEY`` /
    ``ETSY_SHARED_SECRET``."""


class EtsyRequestError(EtsyError):
    """Etsy rejected the request itself (a 4xx other than 401, 403 and 429)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"HTTP {status}: {message}")
        self.status = status
        self.message = message


class EtsyTransientError(EtsyError):
    """Etsy stayed unavailable (429, 5xx, connection errors, timeouts) through every retry; a later
    attempt may succeed."""


class EtsyQuotaExhausted(EtsyError):
    """The application's daily quota is spent: no request will succeed for a while (``retry_after``
    seconds when Etsy said). What was fetched before is good."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class EtsyUnexpectedResponse(EtsyError):
    """A successful status whose body is not the JSON object the Open API documents."""
