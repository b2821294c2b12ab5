"""Application-only access tokens, and the per-client request budget Reddit meters in windows."""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from indigo_sandbox.clock import Clock, utc_now


class TokenStore:
    def __init__(self, *, lifetime_seconds: int, clock: Clock) -> None:
        self.lifetime_seconds = lifetime_seconds
        self.issued = 0
        self._clock = clock
        self._expiry: dict[str, datetime] = {}

    def issue(self) -> str:
        now = utc_now(self._clock)
        self._expiry = {token: at for token, at in self._expiry.items() if at > now}
        # Shaped like Reddit's 2026 tokens (a signed JWT), and as opaque to the client.
        token = "eyJhbGciOiJSUzI1NiIsImtpZCI6IlNIQTI1NjpzS3dsMnlsV0VtMjVmcXhwTU40cWY4MXE2OWFF"
        token += "dWFyMnpLMUdhVGxjdWNZIiwidHlwIjoiSldUIn0." + secrets.token_urlsafe(96)
        self._expiry[token] = now + timedelta(seconds=self.lifetime_seconds)
        self.issued += 1
        return token

    def is_valid(self, token: str) -> bool:
        expiry = self._expiry.get(token)
        return expiry is not None and utc_now(self._clock) < expiry

    def expire_all(self) -> None:
        self._expiry.clear()


@dataclass(frozen=True)
class Budget:
    used: int
    remaining: int  # negative once the client is past its budget
    reset_seconds: int

    @property
    def exceeded(self) -> bool:
        return self.remaining < 0

    def headers(self) -> dict[str, str]:
        """Reddit's headers: remaining as a float string, used and reset as whole numbers."""
        return {
            "x-ratelimit-remaining": f"{max(self.remaining, 0):.1f}",
            "x-ratelimit-used": str(self.used),
            "x-ratelimit-reset": str(self.reset_seconds),
        }


class RateLimiter:
    """Counts every API request in fixed windows of the sandbox clock."""

    def __init__(self, *, requests: int, window_seconds: int, clock: Clock) -> None:
        self.requests = requests
        self.window_seconds = window_seconds
        self._clock = clock
        self._window = -1
        self._used = 0

    def spend(self) -> Budget:
        now = utc_now(self._clock).timestamp()
        window = math.floor(now / self.window_seconds)
        if window != self._window:
            self._window, self._used = window, 0
        self._used += 1
        reset = max(1, math.ceil((window + 1) * self.window_seconds - now))
        return Budget(used=self._used, remaining=self.requests - self._used, reset_seconds=reset)
