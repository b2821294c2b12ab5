"""The dashboard: static files (HTML, ES modules, CSS, vendored libraries) served at ``/``, same
origin as the API. It is built only on the public JSON API; nothing here reads the database."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

DASHBOARD = Path(__file__).parent / "dashboard"
#: The dashboard's folders, each mounted under its own path: a mount at "/" would take every
#: path the API does not, and answer a wrong method on an API route with its own 405.
FOLDERS = ("css", "js", "vendor")


def mount_dashboard(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    async def dashboard() -> FileResponse:
        return FileResponse(DASHBOARD / "index.html")

    for folder in FOLDERS:
        app.mount(
            f"/{folder}", StaticFiles(directory=DASHBOARD / folder), name=f"dashboard-{folder}"
        )
