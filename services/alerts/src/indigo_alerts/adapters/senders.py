"""Sending one alert to one channel: a signed webhook (aiohttp) or an Apprise notification.

A receiver being down, slow or refusing is the receiver's problem, not an outage of ours: the
attempt is logged with its status, latency and error, and the delivery is retried on its schedule
(:mod:`indigo_alerts.domain.retries`). Redirects are not followed, and every address connected to
is checked to be public (unless private targets are allowed): the name was checked when the
channel was saved, but DNS can answer differently now.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import aiohttp
import apprise
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver
from indigo_shared.failures import describe
from indigo_shared.targets import (
    TargetRefused,
    address_problem,
    check_apprise_url,
    check_web_url,
)

from indigo_alerts.adapters.searches import Channel
from indigo_alerts.domain.payloads import chat_message
from indigo_alerts.domain.retries import retry_after
from indigo_alerts.domain.signing import webhook_headers

log = logging.getLogger(__name__)

USER_AGENT = "Indigo-Alerts/1.0 (+standard-webhooks)"
#: Bytes of a failed response's body kept in the delivery log.
ERROR_BODY = 300


@dataclass(frozen=True)
class SendResult:
    outcome: str  # delivered | retry | gone | refused
    started_at: datetime
    latency_ms: int
    status_code: int | None = None
    error: str | None = None
    retry_after: float | None = None


class PublicResolver(AbstractResolver):
    """Resolves as usual, then drops every address that is not public."""

    def __init__(self) -> None:
        self._resolver = DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._resolver.resolve(host, port, family)
        public = [r for r in results if address_problem(r["host"]) is None]
        if not public:
            problem = address_problem(results[0]["host"]) if results else "no address"
            raise OSError(f"refused to connect to {host}: {problem}")
        return public

    async def close(self) -> None:
        await self._resolver.close()


def _elapsed_ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


class WebhookSender:
    def __init__(self, *, timeout: float, allow_private: bool) -> None:
        self.timeout = timeout
        self.allow_private = allow_private
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None:
            connector = aiohttp.TCPConnector(
                resolver=None if self.allow_private else PublicResolver(), limit=100
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=aiohttp.ClientTimeout(total=self.timeout, connect=min(5, self.timeout)),
                headers={"User-Agent": USER_AGENT},
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def send(self, channel: Channel, delivery_id: str, body: str) -> SendResult:
        started_at, started = datetime.now(UTC), time.monotonic()
        try:
            await check_web_url(channel.target, allow_private=self.allow_private)
        except TargetRefused as exc:
            return SendResult("refused", started_at, _elapsed_ms(started), error=str(exc))
        timestamp = int(time.time())
        headers = webhook_headers(list(channel.secrets), delivery_id, timestamp, body)
        headers["Content-Type"] = "application/json"
        try:
            async with self._client().post(
                channel.target, data=body.encode(), headers=headers, allow_redirects=False
            ) as response:
                status = response.status
                if 200 <= status < 300:
                    return SendResult("delivered", started_at, _elapsed_ms(started), status)
                text = (await response.content.read(ERROR_BODY)).decode(errors="replace")
                error = f"HTTP {status} {response.reason or ''}".strip()
                if text.strip():
                    error += f": {' '.join(text.split())}"
                if 300 <= status < 400:
                    error += " (redirects are not followed)"
                outcome = "gone" if status == 410 else "retry"
                return SendResult(
                    outcome,
                    started_at,
                    _elapsed_ms(started),
                    status,
                    error,
                    retry_after(response.headers.get("Retry-After")),
                )
        except TimeoutError:
            error = f"no answer within {self.timeout:g} s"
        except aiohttp.ClientError as exc:
            error = describe(exc)
        return SendResult("retry", started_at, _elapsed_ms(started), error=error)


class AppriseSender:
    """Chat and e-mail channels through Apprise (Discord, Slack, Telegram, ntfy, e-mail, ...).
    Apprise says whether a notification went out and logs why not; it gives no status code."""

    def __init__(self, *, timeout: float, allow_private: bool) -> None:
        self.timeout = timeout
        self.allow_private = allow_private

    async def send(self, channel: Channel, body: dict) -> SendResult:
        started_at, started = datetime.now(UTC), time.monotonic()
        try:
            await check_apprise_url(channel.target, allow_private=self.allow_private)
        except TargetRefused as exc:
            return SendResult("refused", started_at, _elapsed_ms(started), error=str(exc))
        notifier = apprise.Apprise()
        if not notifier.add(channel.target):
            return SendResult("refused", started_at, 0, error="Apprise cannot use this URL")
        title, text = chat_message(body)
        try:
            result = await asyncio.wait_for(
                notifier.async_notify(body=text, title=title, timeout=self.timeout),
                self.timeout + 1,
            )
        except TimeoutError:
            return SendResult(
                "retry",
                started_at,
                _elapsed_ms(started),
                error=f"no answer within {self.timeout:g} s",
            )
        if result:
            return SendResult("delivered", started_at, _elapsed_ms(started))
        problems = [e.message for e in result.logs() if e.level in ("WARNING", "ERROR", "CRITICAL")]
        error = "; ".join(problems)[:500] or "Apprise could not send the notification"
        return SendResult("retry", started_at, _elapsed_ms(started), error=error)


class Senders:
    def __init__(self, *, timeout: float, allow_private: bool) -> None:
        self.webhook = WebhookSender(timeout=timeout, allow_private=allow_private)
        self.apprise = AppriseSender(timeout=timeout, allow_private=allow_private)

    async def send(self, channel: Channel, delivery_id: str, body_text: str, body: dict):
        if channel.kind == "webhook":
            return await self.webhook.send(channel, delivery_id, body_text)
        return await self.apprise.send(channel, body)

    async def close(self) -> None:
        await self.webhook.close()
