"""A webhook receiver for ``make run``: prints each alert it receives, one line each.

    python -m indigo_alerts.demo --port 8950

``indigo dev`` starts it and saves a demo search whose webhook points here, so the alerts of the
sandbox's new listings show up in the log. It checks nothing: a real receiver verifies the
``webhook-signature`` with the secret it was given (see the README).
"""

from __future__ import annotations

import argparse
import json

from aiohttp import web


def describe(body: dict) -> str:
    data = body.get("data", {})
    if body.get("type") == "alert.digest":
        return f"digest of {data.get('total')} for {data['saved_search']['name']}"
    if body.get("type") != "alert.matched":
        return f"{body.get('type')}: {data.get('message', '')}"
    listing = data["listing"]
    price = "no price" if data["price"] is None else f"{data['price']:.2f} {data['currency']}"
    return (
        f"{data['trigger']:<14} {price:<12} {listing['title'][:70]}  "
        f"[{data['saved_search']['name']}] {listing.get('url') or ''}"
    )


async def receive(request: web.Request) -> web.Response:
    body = await request.read()
    try:
        line = describe(json.loads(body))
    except (ValueError, KeyError, TypeError):
        line = f"{len(body)} bytes that are not an Indigo alert"
    print(f"webhook {request.headers.get('webhook-id', '?')[:8]}: {line}", flush=True)
    return web.Response(text="ok")


def main() -> None:
    parser = argparse.ArgumentParser(description="print the alerts webhooks it receives")
    parser.add_argument("--port", type=int, default=8950)
    args = parser.parse_args()
    app = web.Application()
    app.router.add_post("/{tail:.*}", receive)
    web.run_app(app, host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
