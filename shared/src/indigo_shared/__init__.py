"""Indigo's shared library: contracts and plumbing every service uses. It never imports a service."""
