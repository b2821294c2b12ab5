"""Security headers on every response (cached answers, errors and static files included).

The dashboard is static ES modules and CSS from the same origin, with no inline script, so its
policy allows scripts from ``'self'`` only; listing photos come from the marketplaces, and charts
set element styles (the policy its own page declares, ``dashboard/index.html``, is the same).
The ``/docs`` page (:mod:`.api_docs`) starts Swagger UI with an inline script: that page alone
gets a policy that allows it. Its files come from this origin too: nothing is loaded from
elsewhere.
"""

from __future__ import annotations

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src * data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
DOCS_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs",)

COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
]


class SecurityHeaders:
    """Pure ASGI (no per-request objects): adds the headers a response does not set itself."""

    def __init__(self, app, *, hsts_seconds: int = 0) -> None:
        self.app = app
        self.common = list(COMMON)
        if hsts_seconds:
            self.common.append((b"strict-transport-security", f"max-age={hsts_seconds}".encode()))

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = scope["path"].startswith(DOCS_PATHS)
        policy = DOCS_CONTENT_SECURITY_POLICY if docs else CONTENT_SECURITY_POLICY
        added = [*self.common, (b"content-security-policy", policy.encode())]

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers.extend(item for item in added if item[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
