"""Etsy Open API v3 access over HTTP."""
