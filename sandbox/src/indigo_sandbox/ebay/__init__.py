"""The eBay Browse API sandbox: OAuth client credentials, item search, getItem."""

from indigo_sandbox.ebay.config import EbaySandboxConfig
from indigo_sandbox.ebay.routes import create_ebay_app

__all__ = ["EbaySandboxConfig", "create_ebay_app"]
