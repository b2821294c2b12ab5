"""What can go wrong talking to eBay, by what the caller should do about it."""

from __future__ import annotations


class EbayError(Exception):
    """Base of every error the Browse client raises."""


class EbayAuthError(EbayError):
    """eBay refused the application's credentials or a token it had just issued. Retrying will not
    help: fix ``EBAY_CLIENT_ID`` / ``EBAY_CLIENT_SECRET`` (or the scope)."""


class EbayRequestError(EbayError):
    """eBay rejected the request itself (4xx other than 401 and 429): retrying it will not help."""

    def __init__(self, status: int, message: str, error_id: int | None = None) -> None:
        super().__init__(f"HTTP {status}: {message}")
        self.status = status
        self.message = message
        self.error_id = error_id


class EbayTransientError(EbayError):
    """eBay stayed unavailable (429, 5xx, connection errors, timeouts) through every retry; a later
    attempt may succeed."""


class EbayUnexpectedResponse(EbayError):
    """A successful status whose body is not the JSON object the Browse API documents."""


class EbayCallBudgetSpent(EbayError):
    """Indigo's count of today's Browse calls reached ``EBAY_DAILY_CALL_BUDGET``: no call was made.
    A sync stops here with what it has (partial results) and the next day's syncs go on."""

    def __init__(self, message: str, *, used: int, limit: int) -> None:
        super().__init__(message)
        self.used = used
        self.limit = limit
