"""The interactive API reference: Swagger UI at ``/docs``.

FastAPI's own page loads its script, style and favicon from CDNs (jsdelivr, tiangolo.com), so it
stays blank on a machine without internet: CI, a laptop offline, this sandbox. Here the same
page loads them from this process, from the files the fastapi-offline package ships, and Swagger
UI's online validator (validator.swagger.io) is off for the same reason. There is no ``/redoc``:
ReDoc's page loads its maker's logo from cdn.redoc.ly whatever it is given.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS_URL = "/docs"
ASSETS_URL = "/docs-assets"
ASSETS = files("fastapi_offline") / "static"


def mount_api_docs(app: FastAPI) -> None:
    """For an app made with ``docs_url=None, redoc_url=None``."""
    app.mount(ASSETS_URL, StaticFiles(directory=str(ASSETS)), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get(DOCS_URL, include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_URL}/favicon.png",
            swagger_ui_parameters={"validatorUrl": None, "persistAuthorization": True},
        )
