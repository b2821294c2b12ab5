from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EbaySandboxConfig:
    client_id: str = "indigo-sandbox-client"
    client_secret: str = "indigo-sandbox-secret"
    token_lifetime_seconds: int = 7200  # eBay's application tokens last two hours
    seed: int = 1
    # Listing slots: each holds one listing after another, so about 85% are live at any moment.
    catalogue_size: int = 1200
    # The catalogue changes in steps of this many seconds (new listings, ended ones, price drops).
    catalogue_step_seconds: int = 60
