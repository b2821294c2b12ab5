"""Local stand-ins for the marketplace APIs that speak their real wire formats.

``create_app()`` builds the server (eBay under ``/ebay``); ``indigo sandbox`` runs it; tests start
it with :func:`indigo_sandbox.testing.running_sandbox`.
"""

from indigo_sandbox.app import create_app
from indigo_sandbox.ebay import EbaySandboxConfig

__all__ = ["EbaySandboxConfig", "create_app"]
