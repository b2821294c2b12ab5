"""Speed of the rule-based extractor beside the previous one, in the same run, on one core.

    .venv/bin/python bench/extract_speed.py [--listings 3000] [--seconds 3] [--baseline REV]

The baseline is the extractor as it was at git revision ``--baseline`` (default ``8de847f``, the
single-module ``rules-2`` extractor before issue 14): its two files are read with ``git show``
into a temporary package and imported beside the current one. Both run over the same generated
listings (titles and descriptions from the sandbox's vintage-jeans generator, as sellers write
them, with an eBay condition), then over the same with shop descriptions (the generator's text
followed by three to seven of the policy paragraphs a store template adds: shipping, returns,
payment, about us..., as real eBay and Etsy descriptions run to thousands of characters), then
over the titles alone. Printed: listings per second, the
CPU time per listing, the speed-up, and on how many listings the two give the same attributes.
"""

from __future__ import annotations

import argparse
import importlib
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from indigo_enricher.domain import EXTRACTOR_VERSION, extract
from indigo_enricher.domain.models import ListingText

sys.path.insert(0, str(Path(__file__).resolve().parent))
from enrich_throughput import generated_listings, listing_texts  # noqa: E402
from revisions import file_at  # noqa: E402

DOMAIN = "services/enricher/src/indigo_enricher/domain"
#: Paragraphs of a shop's description template, after the seller's own notes.
SHOP_POLICIES = (
    "SHIPPING: We ship within 1 business day of cleared payment via USPS Priority Mail with "
    "tracking. International buyers are welcome through the Global Shipping Program; import "
    "duties, taxes and charges are not included in the item price or shipping cost and are the "
    "buyer's responsibility. Please check with your country's customs office first.",
    "RETURNS: Returns are accepted within 30 days of delivery if the item is not as described. "
    "The item must be returned in the same condition it was sent. Buyer pays return shipping "
    "unless the item was misdescribed. Please contact us before opening a case.",
    "PAYMENT: Payment is due within 3 days of the end of the listing. We accept all payment "
    "methods offered by managed payments. Unpaid items will be reported and relisted.",
    "ABOUT US: We are a small family business specializing in vintage clothing since 2009. "
    "Every garment is hand picked, washed and inspected before listing. We photograph every item "
    "in natural light so that colors are as accurate as possible, but monitors differ. Vintage "
    "items may show signs of age and wear consistent with their history.",
    "FEEDBACK: Your satisfaction is our priority. If you are happy with your purchase please "
    "leave positive feedback and we will do the same. If there is any problem at all, message us "
    "first and give us the chance to resolve it.",
    "Please check out our other listings for more vintage denim, workwear, western wear, band "
    "tees and outdoor gear. We offer combined shipping on multiple items: add everything to your "
    "cart and request a total before paying.",
    "All measurements are taken with the garment laid flat and are approximate. Please compare "
    "with a pair you own that fits you well, as vintage sizing runs differently than modern "
    "sizing and tag sizes are often inaccurate after years of washing.",
)


def with_shop_policies(texts: list[ListingText], seed: int = 3) -> list[ListingText]:
    rng = random.Random(seed)
    return [
        t.model_copy(
            update={
                "description": "\n\n".join(
                    [t.description or "", *rng.sample(SHOP_POLICIES, k=rng.randint(3, 7))]
                )
            }
        )
        for t in texts
    ]


def baseline_extractor(revision: str, folder: Path) -> tuple[Callable, str]:
    """``extract`` and ``EXTRACTOR_VERSION`` of the extractor at ``revision``."""
    package = folder / "baseline_extractor"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name in ("extraction.py", "vocabulary.py"):
        source = file_at(revision, f"{DOMAIN}/{name}").replace(
            "from indigo_enricher.domain import vocabulary as v",
            "from baseline_extractor import vocabulary as v",
        )
        (package / name).write_text(source)
    sys.path.insert(0, str(folder))
    module = importlib.import_module("baseline_extractor.extraction")
    return module.extract, module.EXTRACTOR_VERSION


def rates(functions: list[Callable], texts: list[ListingText], seconds: float) -> list[float]:
    """Listings per CPU second of each function. Rounds alternate between the functions, and
    the clock is the process's CPU time, so that other work on a shared machine slows every
    function alike and is not counted."""
    for function in functions:
        for text in texts[:200]:  # warm up
            function(text)
    spent = [0.0] * len(functions)
    done = [0] * len(functions)
    while min(spent) < seconds:
        for n, function in enumerate(functions):
            start = time.process_time()
            for text in texts:
                function(text)
            spent[n] += time.process_time() - start
            done[n] += len(texts)
    return [d / s for d, s in zip(done, spent, strict=True)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=3.0, help="run time of each figure")
    parser.add_argument("--baseline", default="8de847f", help="git revision of the baseline")
    args = parser.parse_args(argv)

    listings = generated_listings(args.listings)
    with_descriptions = listing_texts(listings)
    shop = with_shop_policies(with_descriptions)
    titles = [ListingText(title=x.title) for x in listings]
    with tempfile.TemporaryDirectory(prefix="indigo-extractor-") as folder:
        old_extract, old_version = baseline_extractor(args.baseline, Path(folder))
        same = sum(old_extract(t).attributes == extract(t).attributes for t in with_descriptions)
        print(
            f"{len(listings)} generated listings (title + description, mean "
            f"{sum(len(x.description or '') for x in listings) / len(listings):.0f} characters)"
        )
        print(f"{'':34} {'baseline ' + old_version:>18} {'now ' + EXTRACTOR_VERSION:>18} speed-up")
        shop_length = sum(len(t.description or "") for t in shop) / len(shop)
        for label, texts in (
            ("with descriptions", with_descriptions),
            (f"with shop descriptions ({shop_length:,.0f} ch)", shop),
            ("titles only", titles),
        ):
            old, new = rates([old_extract, extract], texts, args.seconds)
            print(
                f"  {label:32} {old:9,.0f}/s {1e6 / old:5.0f}us {new:9,.0f}/s {1e6 / new:5.0f}us"
                f" {new / old:6.1f}x"
            )
        print(f"same attributes on {same}/{len(listings)} listings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
