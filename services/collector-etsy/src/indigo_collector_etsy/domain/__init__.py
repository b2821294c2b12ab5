"""Etsy listing mapping: pure functions, no I/O."""
