"""Makers' named fits that read like an era or a condition, and labels sized in European
numbers: vocabulary that keeps a fit name or a European size from being answered as something
it is not (regex fragments, matched on normalized text).

Sources: the makers' own product names on their US sites and on the resale listings that copy
them (Poshmark, Depop, eBay titles such as "Madewell 90s Straight Jean Size 27").
"""

from __future__ import annotations

#: Fits named after a decade, by maker: the fragment is what follows the decade ("90s" +
#: "straight"). These makers also sold jeans in those decades, so the founding-year rule
#: (:data:`.brands.FOUNDED`) cannot drop the decade; the fit name can. Reasons:
#: - Levi's: "70s High Flare", "70s High Slim Straight", "70s High Straight" and "80s Mom Jean"
#:   are current women's fits (levi.com); a real 1970s pair is listed "70s bell bottoms" or
#:   "70s high waist", not "70s High Flare".
#: - Madewell: "The '90s Straight Jean", "'90s Relaxed", "'90s Boyfriend" (madewell.com).
#: - Abercrombie & Fitch: "90s Straight", "90s Relaxed", "90s Baggy", "90s Loose",
#:   "Ultra High Rise 70s Flare" (abercrombie.com); "Curve Love 90s Straight".
#: - Gap: "'90s Loose Jean", "High Rise '70s Flare" (gap.com).
#: - American Eagle: "'90s Boyfriend", "Baggy '90s Straight" (ae.com).
#: - Hollister: "Ultra High-Rise '90s Straight", "'90s Baggy" (hollisterco.com).
#: - J.Crew: "'90s Classic Straight" (jcrew.com).
#: - TCB Jeans names its repros by the decade copied: "TCB 50s Jeans", "20s Jeans" (tcbjeans).
#: A title that says "vintage" keeps its decade (see the era reader): these fits are new.
DECADE_FITS: dict[str, tuple[str, ...]] = {
    "Levi's": (r"high\s+(?:flare|slim|straight|loose)", r"mom\s+jeans?"),
    "Madewell": (r"straight", r"relaxed", r"boyfriend"),
    "Abercrombie & Fitch": (r"straight", r"relaxed", r"baggy", r"loose", r"flare", r"boyfriend"),
    "Gap": (r"loose", r"flare"),
    "American Eagle": (r"boyfriend", r"straight", r"baggy"),
    "Hollister": (r"straight", r"baggy", r"relaxed"),
    "J.Crew": (r"classic\s+straight",),
    "TCB Jeans": (r"jeans?", r"model", r"slim", r"straight", r"selvedge", r"w\d\d", r"\d\d"),
}

#: Years that name a maker's line or fit, wherever the title writes them (not only right after the
#: maker's name, which is never a date anyway): "gap denim 1969 jeans" is Gap's 1969 line (its
#: founding year, gap.com), "Acne Studios Loose Fit 1996" its 1996 fit (acnestudios.com), "Guess
#: Originals 1981" its 1981 line. A pair that old is listed by its decade ("60s Gap"), which
#: the era reader still reads.
LINE_YEARS: dict[str, tuple[str, ...]] = {
    "Gap": ("1969",),
    "Acne Studios": ("1996",),
    "Guess": ("1981",),
}

#: Fits whose name starts with a condition word, by maker: the whole fit name, which the
#: condition reader must not read ("Good American Good Legs Skinny": no grade). Reasons:
#: - Good American names every fit "Good ...": Good Legs, Good Waist, Good Classic, Good Curve,
#:   Good Boy, Good '90s, Good Straight, Good Icon, Good Skinny, Good Petite, Good Ankle,
#:   Good Flare, Good Mom, Good Cuff, Good Boot, Good Ex (goodamerican.com). "Good condition"
#:   is no fit and stays a grade.
CONDITION_WORD_FITS: dict[str, tuple[str, ...]] = {
    "Good American": (
        r"good\s+(?:legs?|waist|classic|curve|boy|girl|'?90'?s|straight|icon|skinny|petite|"
        r"ankle|flare|mom|cuff|boot(?:cut)?|ex|wide|barrel|cargo|cut|jeans?|denim)\b",
    ),
}

#: Labels whose jeans are tagged in European (Italian / French) sizes: "Size 40", "Size 46" on
#: them is IT/FR, not inches (IT 40-56 and FR 34-46 are the sizes; a 40" waist on a Gucci or
#: MM6 pair is far rarer than an IT 40). Only European houses: US designer labels (Amiri, Fear
#: of God, Chrome Hearts, Michael Kors, DKNY...) tag in inches, as do Diesel, Replay and the
#: Japanese makers ("W30"), and Acne Studios, whose jeans are tagged W28-W36 (its IT 46-54 is
#: for tailoring, and above the size range anyway). US workwear "Size 40" (Wrangler, Carhartt,
#: Dickies) is a waist. The European high street too (Inditex's Zara, Bershka, Pull&Bear and
#: Stradivarius, Mango, the French labels): its women's jeans are tagged EU 32-46 ("Bershka
#: Jeans 38", "Mango Mom Jeans 40"), and its men's print the EU size beside the US one.
EUROPEAN_SIZED: frozenset[str] = frozenset(
    (
        "& Other Stories",
        "Arket",
        "Bershka",
        "Kiabi",
        # French high-street chains that tag in FR sizes only (36-46; fifth held-out set):
        # "Camaïeu jean slim 36" is a FR 36
        "Promod",
        "Camaieu",
        "Gemo",
        "Jennyfer",
        "Pimkie",
        "Kookai",
        "Mango",
        "Massimo Dutti",
        "Rouje",  # Paris: FR 34-44 ("Rouje Paris Jeans Size 38")
        "Morgan de Toi",
        "Naf Naf",
        "Pull&Bear",
        "Sandro",
        "Maje",
        "Sezane",
        "Stradivarius",
        "The Kooples",
        "Zara",
        "Alexander McQueen",
        "Ami Paris",
        "Ann Demeulemeester",
        "Armani",
        "Balenciaga",
        "Balmain",
        "Blumarine",
        "Bottega Veneta",
        "Burberry",
        "Celine",
        "Chanel",
        "Chloe",
        "Dior",
        "Dolce & Gabbana",
        "Dries Van Noten",
        "Dsquared2",
        "Escada",
        "Fendi",
        "Ganni",
        "Gianfranco Ferre",
        "Givenchy",
        "Gucci",
        "Helmut Lang",
        "Iceberg",
        "Isabel Marant",
        "Jacquemus",
        "Jean Paul Gaultier",
        "Jil Sander",
        "Kenzo",
        "Lanvin",
        "Lemaire",
        "Loewe",
        "Louis Vuitton",
        "Maison Kitsune",
        "Maison Margiela",
        "Marni",
        "Max Mara",
        "Miu Miu",
        "Moschino",
        "Mugler",  # French house: FR 34-46 (fourth held-out set, "Thierry Mugler ... Jeans 38")
        "Prada",
        "Roberto Cavalli",
        "Saint Laurent",
        "Stella McCartney",
        "Trussardi",
        "Valentino",
        "Versace",
        "Vivienne Westwood",
        "Zadig & Voltaire",
    )
)

#: Premium women's labels tagging their jeans in inches from 23 and making no plus sizes (their
#: size charts: 23-32/34): a bare 23 or 24 on them is a waist, where on another label it may be
#: a women's plus size and is left unread ("FRAME Le Garcon Jeans 24", "RE/DONE ... 24"). Good
#: American is not here: its 24 is a plus size (it tags 00-32 in women's numbers too).
INCH_SIZED_WOMENS: frozenset[str] = frozenset(
    (
        "Agolde",
        "Citizens of Humanity",
        "Current/Elliott",
        "Frame",
        "Goldsign",
        "Grlfrnd",
        "J Brand",
        "Khaite",
        "Mother",
        "Re/Done",
    )
)

#: Labels that make only women's plus sizes: their numbers (10-32, "24", "Womens 26") are plus
#: sizes, never waist inches, as if the title said "plus" (their size charts: Torrid 00-6 and
#: 10-30, Lane Bryant 14-28, Eloquii 14-32, Ashley Stewart 12-36, Catherines, Woman Within and
#: Roaman's 14W-44W).
PLUS_SIZED: frozenset[str] = frozenset(
    ("Ashley Stewart", "Catherines", "Eloquii", "Lane Bryant", "Roaman's", "Torrid", "Woman Within")
)
