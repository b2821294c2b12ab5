"""Application access tokens from the client-credentials grant: opaque, expiring, revocable."""

from __future__ import annotations

import secrets
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
        # Shaped like eBay's ("v^1.1#i^1#p^1#r^0#I^3#f^0#t^H4sI..."), and as opaque.
        token = f"v^1.1#i^1#p^1#r^0#I^3#f^0#t^{secrets.token_urlsafe(96)}"
        self._expiry[token] = now + timedelta(seconds=self.lifetime_seconds)
        self.issued += 1
        return token

    def is_valid(self, token: str) -> bool:
        expiry = self._expiry.get(token)
        return expiry is not None and utc_now(self._clock) < expiry

    def expire_all(self) -> None:
        self._expiry.clear()
