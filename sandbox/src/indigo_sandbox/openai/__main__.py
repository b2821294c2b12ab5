"""``python -m indigo_sandbox.openai [--port 8901]``: the OpenAI sandbox alone, for a local run
of the enricher with an LLM and no key: ``OPENAI_BASE_URL=http://127.0.0.1:8901/v1
OPENAI_API_KEY=sk-indigo-sandbox``."""

from __future__ import annotations

import argparse

from aiohttp import web

from indigo_sandbox.openai.config import OpenAISandboxConfig
from indigo_sandbox.openai.routes import create_openai_app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8901)
    args = parser.parse_args(argv)
    config = OpenAISandboxConfig()

    def announce(_aiohttp_banner: str) -> None:  # called once the port is bound
        print(
            f"OpenAI sandbox: OPENAI_BASE_URL=http://{args.host}:{args.port}/v1 "
            f"OPENAI_API_KEY={config.api_key} OPENAI_MODEL={config.models[0]}",
            flush=True,
        )

    web.run_app(create_openai_app(config), host=args.host, port=args.port, print=announce)


if __name__ == "__main__":
    main()
