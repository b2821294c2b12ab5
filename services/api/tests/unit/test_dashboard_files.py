"""The dashboard's files are served at / beside the API, and the API's own answers are unchanged."""

from __future__ import annotations

import re

import httpx
from indigo_api.main import create_app
from indigo_api.settings import ApiSettings
from indigo_api.web import DASHBOARD


def client() -> httpx.AsyncClient:
    # No lifespan: static files need neither PostgreSQL nor NATS.
    app = create_app(ApiSettings(nats_url="nats://127.0.0.1:1", database_url="postgresql://x@/y"))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://indigo.test")


async def test_the_root_is_the_dashboard_and_its_modules_resolve():
    async with client() as http:
        index = await http.get("/")
        assert index.status_code == 200
        assert index.headers["content-type"].startswith("text/html")
        assert "<title>Indigo" in index.text
        # Every module the page imports, and every module they import, is served.
        pending, seen = ["js/app.js"], set()
        while pending:
            path = pending.pop()
            if path in seen:
                continue
            seen.add(path)
            response = await http.get(f"/{path}")
            assert response.status_code == 200, path
            assert "javascript" in response.headers["content-type"], path
            folder = path.rsplit("/", 1)[0]
            for target in re.findall(r'from "(\.{1,2}/[^"]+)"', response.text):
                parts = f"{folder}/{target}".split("/")
                resolved: list[str] = []
                for part in parts:
                    if part == "..":
                        resolved.pop()
                    elif part != ".":
                        resolved.append(part)
                pending.append("/".join(resolved))
        assert "vendor/uplot/uPlot.esm.js" in seen
        assert {p.relative_to(DASHBOARD).as_posix() for p in DASHBOARD.rglob("*.js")} == seen


async def test_api_paths_still_answer_json_and_the_licence_ships():
    async with client() as http:
        missing = await http.get("/api/marketplace/no-such-thing")
        assert missing.status_code == 404
        assert missing.json() == {"detail": "Not Found"}
        assert (await http.get("/openapi.json")).json()["info"]["title"] == "Indigo API"
        licence = await http.get("/vendor/uplot/LICENSE")
        assert licence.status_code == 200 and "MIT" in licence.text
