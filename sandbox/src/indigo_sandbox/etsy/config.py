from __future__ import annotations

from dataclasses import dataclass

# How real Etsy spells the header in its current documentation; the older pages (and many
# clients) say "x-remaining-this-second". The sandbox sends one of them, as configured.
REMAINING_THIS_SECOND = "x-remaining-this-second"
REMAINING_THIS_SECOND_MISSPELT = "x-remaining-this-secon"


@dataclass(frozen=True)
class EtsySandboxConfig:
    keystring: str = "indigo-sandbox-etsy-key"
    shared_secret: str = "indigo-sandbox-etsy-secret"
    seed: int = 1
    # Listing slots: each holds one listing after another, so about 85% are live at any moment.
    catalogue_size: int = 1000
    # The catalogue changes in steps of this many seconds (new listings, sold ones, price cuts).
    catalogue_step_seconds: int = 60
    # Etsy's defaults for a public API key: 10 queries a second, 10,000 in a sliding 24 hours.
    limit_per_second: int = 10
    limit_per_day: int = 10_000
    remaining_this_second_header: str = REMAINING_THIS_SECOND
