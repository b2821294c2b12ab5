"""The dashboard: static files (HTML, ES modules, CSS, vendored libraries) served at ``/``, same
origin as the API. It is built only on the public JSON API; nothing here reads the database."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

DASHBOARD = Path(__file__).parent / "dashboard"


def mount_dashboard(app: FastAPI) -> None:
    """Mount last: routes declared before it (the API, /docs, /healthz) answer first, and any other
    path is a dashboard file (``/`` is ``index.html``) or a JSON 404."""
    app.mount("/", StaticFiles(directory=DASHBOARD, html=True), name="dashboard")
