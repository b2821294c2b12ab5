"""The two baselines bench/api_throughput.py measures the API against, each a bare Starlette app
served by uvicorn exactly as the API is (one process, same loop and HTTP parser):

    python bench/http_baselines.py floor PAGE_FILE PORT       # a rendered page, from memory
    python bench/http_baselines.py sql DATABASE_URL PORT      # SELECT * page + exact count(*)

``floor`` answers every request with the bytes of one 50-listing page: what HTTP alone costs.
``sql`` runs the naive endpoint: the newest 50 rows with ``SELECT *`` and an exact ``count(*)``,
serialized with the standard library.
"""

from __future__ import annotations

import json
import sys
from contextlib import asynccontextmanager
from pathlib import Path

import uvicorn
from indigo_shared.db import create_pool
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route


def floor_app(page: bytes) -> Starlette:
    async def serve(request):
        return Response(page, media_type="application/json")

    return Starlette(routes=[Route("/page", serve)])


def sql_app(database_url: str) -> Starlette:
    state = {}

    @asynccontextmanager
    async def lifespan(app):
        state["pool"] = await create_pool(database_url, max_size=10)
        yield
        await state["pool"].close()

    async def serve(request):
        async with state["pool"].acquire() as conn:
            rows = await conn.fetch(
                "SELECT * FROM marketplace_listings ORDER BY created_at DESC, id DESC LIMIT 50"
            )
            total = await conn.fetchval("SELECT count(*) FROM marketplace_listings")
        items = [
            {k: v for k, v in dict(r).items() if k not in ("search_vector", "raw_data")}
            for r in rows
        ]
        body = json.dumps({"items": items, "total": total, "limit": 50, "offset": 0}, default=str)
        return Response(body.encode(), media_type="application/json")

    return Starlette(routes=[Route("/page", serve)], lifespan=lifespan)


def main() -> None:
    mode, source, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    app = floor_app(Path(source).read_bytes()) if mode == "floor" else sql_app(source)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
