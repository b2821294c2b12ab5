"""eBay Browse API access over HTTP."""
