"""The Etsy Open API v3 sandbox: API-key access with rate limits, active listings, batches."""

from indigo_sandbox.etsy.config import EtsySandboxConfig
from indigo_sandbox.etsy.routes import create_etsy_app

__all__ = ["EtsySandboxConfig", "create_etsy_app"]
