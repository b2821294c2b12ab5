"""eBay item mapping: pure functions, no I/O."""
