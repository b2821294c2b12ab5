"""An OpenAI-compatible Chat Completions server for tests and local runs (no key, no internet).

It checks requests as the real API does and answers in its format, with usage; tests script its
answers and make it fail (429, 500, slow, malformed JSON, refusal, truncated output).
"""

from indigo_sandbox.openai.config import OpenAISandboxConfig
from indigo_sandbox.openai.routes import create_openai_app
from indigo_sandbox.openai.testing import RunningOpenAISandbox, running_openai_sandbox

__all__ = [
    "OpenAISandboxConfig",
    "RunningOpenAISandbox",
    "create_openai_app",
    "running_openai_sandbox",
]
