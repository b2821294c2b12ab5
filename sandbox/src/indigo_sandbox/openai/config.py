from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OpenAISandboxConfig:
    """``api_key``: the bearer key it accepts (None: any); ``models``: the model names it serves
    (None: any name)."""

    api_key: str | None = "sk-indigo-sandbox"
    models: tuple[str, ...] | None = ("gpt-4o-mini",)
