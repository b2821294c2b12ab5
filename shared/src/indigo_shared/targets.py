"""Where alert channels may send: public internet addresses only, unless
``INDIGO_ALERTS_ALLOW_PRIVATE_TARGETS`` (development, tests). A webhook URL is a request the server
makes on a user's behalf, so without this check a user could make it reach the cluster's own
services, the cloud metadata endpoint or a database (SSRF). The API checks a target when it is
saved; the alerts service checks again at every delivery, on the addresses it actually connects to
(a name can resolve elsewhere later)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")


class TargetRefused(ValueError):
    """A target that alerts must not be sent to; the message says why."""


def address_problem(address: str) -> str | None:
    """Why an IP address is not a public one, or None when it is."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, flag in (
        ("loopback", ip.is_loopback),
        ("private", ip.is_private),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("unspecified", ip.is_unspecified),
        ("shared (carrier-grade NAT)", ip in ipaddress.ip_network("100.64.0.0/10")),
    ):
        if flag:
            return f"{address} is a {kind} address"
    return None


async def resolve(host: str, port: int | None) -> list[str]:
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port or 443, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise TargetRefused(f"{host} does not resolve ({exc.strerror})") from None
    return sorted({info[4][0] for info in infos})


async def check_host(host: str, port: int | None, *, allow_private: bool) -> None:
    """Refuse a host any of whose addresses is not public (a name that resolves to one public
    and one private address could be made to pick either)."""
    if allow_private:
        return
    for address in await resolve(host, port):
        if problem := address_problem(address):
            raise TargetRefused(f"{host}: {problem}; alert targets must be public")


def web_host(url: str) -> tuple[str, int | None]:
    """The host and port of an http(s) URL; refuses anything else."""
    parts = urlsplit(url)
    if parts.scheme not in WEB_SCHEMES:
        raise TargetRefused("the URL must start with http:// or https://")
    try:
        port = parts.port
    except ValueError:
        raise TargetRefused("the URL's port is not a number from 1 to 65535") from None
    if not parts.hostname:
        raise TargetRefused("the URL has no host")
    return parts.hostname, port


async def check_web_url(url: str, *, allow_private: bool) -> None:
    host, port = web_host(url)
    await check_host(host, port, allow_private=allow_private)


# Apprise services that post to a host named in the URL (generic webhooks and self-hosted
# servers); the others reach their own service's fixed host, and their URL's "host" part is an
# id or a token.
APPRISE_SELF_HOSTED = {
    "NotifyJSON",
    "NotifyForm",
    "NotifyXML",
    "NotifyNtfy",
    "NotifyGotify",
    "NotifyMattermost",
    "NotifyRocketChat",
    "NotifyMatrix",
    "NotifyAppriseAPI",
    "NotifyEmail",
}


def apprise_plugin(url: str):
    """The Apprise service an Apprise URL names; refuses a URL Apprise does not understand."""
    import apprise

    plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    if plugin is None:
        raise TargetRefused(
            "not an Apprise URL this server supports (see the Apprise wiki: discord://, "
            "slack://, tgram://, ntfy://, mailto://, json://, ...)"
        )
    return plugin


def apprise_host(url: str) -> tuple[str, int | None] | None:
    """The host an Apprise URL makes us connect to, when the URL chooses it; None otherwise."""
    plugin = apprise_plugin(url)
    name = type(plugin).__name__
    if name not in APPRISE_SELF_HOSTED or getattr(plugin, "mode", None) == "cloud":
        return None
    host = getattr(plugin, "smtp_host", None) or getattr(plugin, "host", None)
    return (host, getattr(plugin, "port", None)) if host else None


def redacted_apprise(url: str) -> str:
    """The URL as Apprise prints it with its secrets starred (``discord://1...4/a...n/``)."""
    return apprise_plugin(url).url(privacy=True).split("?", 1)[0]


async def check_apprise_url(url: str, *, allow_private: bool) -> None:
    target = apprise_host(url)
    if target is not None:
        await check_host(*target, allow_private=allow_private)
