"""Vocabularies of the rule-based extractor: brands and their forms, lot numbers, washes,
countries, conditions, flaws, styles and feature tags.

Facts come from ``DOMAIN.md`` (the denim facts shared by the team). Patterns here are regex
*fragments*; :mod:`indigo_enricher.domain.extraction` wraps them in word boundaries and compiles
them once at import time. Text reaching them is already normalized (curly quotes and primes folded
to ``'`` and ``"``, dashes to ``-``, ``×`` to ``x``), so fragments only need the ASCII forms.
"""

from __future__ import annotations

from dataclasses import dataclass

# --------------------------------------------------------------------------------------------
# Brands
# --------------------------------------------------------------------------------------------

#: Brand forms that are safe to match case-insensitively anywhere (inside word boundaries):
#: nobody writes "wrangler" or "jordache" meaning anything else. Canonical name -> fragments.
#: A bigger set than DOMAIN.md's on purpose: unseen titles carry other brands, and an unknown
#: brand is better named than dropped (the canonical spelling is the brand's own).
BRANDS: dict[str, tuple[str, ...]] = {
    "Levi's": (
        r"levi'?s?",  # Levi's, Levis, LEVI'S, Levi (curly forms are normalized before)
        r"levi'?s\s+vintage\s+clothing",
        r"levi\s+strauss(?:\s*(?:&|and)\s*co\.?)?",
        r"lvc",
        r"big\s?e",  # the capital-E tab is a Levi's mark ("Big E")
        r"(?:red|orange|silver|white)\s?tab",  # Levi's tab lines
    ),
    "Lee": (r"lee\s+riders?", r"lee\s+storm\s+riders?", r"storm\s+rider", r"riders\s+by\s+lee"),
    "Lee Cooper": (r"lee\s+cooper",),  # a different (UK) brand: must not become "Lee"
    "Wrangler": (
        r"wrangler'?s?",
        r"blue\s+bell",
        r"rustler",
        r"cowboy\s+cut",
        r"\d{2,3}\s?mw[zj]?[a-z]{0,3}",  # 13MWZ, 11MW, 47MWZ, 13MWZPW: Wrangler lot codes
        r"936\s?(?:den|dsd)",
    ),
    "Calvin Klein": (r"calvin\s+klein(?:\s+jeans)?", r"calvins", r"ckj"),
    "Tommy Hilfiger": (r"tommy\s+hilfiger", r"tommy\s+jeans", r"hilfiger(?:\s+denim)?"),
    "Ralph Lauren": (
        r"polo\s+jeans(?:\s+co\.?)?",
        r"polo\s+ralph\s+lauren",
        r"ralph\s+lauren",
        r"polo\s+sport",
        r"polo\s+country",
        r"lauren\s+jeans(?:\s+co\.?)?",
        r"rrl",
        r"double\s+rl",
    ),
    "Guess": (r"georges\s+marciano", r"guess\s+jeans", r"guess\?"),
    "Gap": (r"gapkids", r"gap\s+kids", r"baby\s?gap"),
    "Carhartt": (r"carhartt",),
    "Dickies": (r"dickies",),
    "Gloria Vanderbilt": (r"gloria\s+vanderbilt", r"vanderbilt"),
    "Jordache": (r"jordache",),
    "Sasson": (r"sasson",),
    "Gitano": (r"gitano",),
    "Lawman": (r"lawman",),
    "Bugle Boy": (r"bugle\s?boy",),
    "Eddie Bauer": (r"eddie\s+bauer",),
    "L.L.Bean": (r"l\.?\s?l\.?\s?bean", r"llbean"),
    "OshKosh B'gosh": (r"osh\s?kosh(?:\s+b'?\s?gosh)?",),
    "Big Smith": (r"big\s+smith",),
    "Big Yank": (r"big\s+yank",),
    "Evisu": (r"evisu", r"evis"),
    "Big John": (r"big\s+john",),
    "Momotaro": (r"momotaro",),
    "Pure Blue Japan": (r"pure\s+blue\s+japan",),
    "Iron Heart": (r"iron\s+heart",),
    "Diesel": (r"diesel",),
    "Pepe Jeans": (r"pepe\s+jeans", r"pepe\s+london"),
    "Armani": (r"armani(?:\s+jeans)?", r"giorgio\s+armani", r"emporio\s+armani"),
    "Moschino": (r"moschino",),
    "Versace": (r"versace(?:\s+jeans(?:\s+couture)?)?",),
    "Paper Denim & Cloth": (r"paper\s+denim(?:\s*(?:&|and)\s*cloth)?", r"pd\s?&\s?c"),
    "True Religion": (r"true\s+religion",),
    "7 For All Mankind": (r"(?:7|seven)\s+for\s+all\s+man\s?kind", r"7fam"),
    "Seven7": (r"seven\s?7",),
    "Lucky Brand": (r"lucky\s+brand",),
    "Marithé François Girbaud": (
        r"marith[eé]\s*(?:\+|&|and)?\s*fran[cç]ois\s+girbaud",
        r"girbaud",
    ),
    "Z. Cavaricci": (r"z\.?\s?cavaricci", r"cavaricci"),
    "Mossimo": (r"mossimo",),
    "JNCO": (r"jnco",),
    "Silver Jeans": (r"silver\s+jeans\s+co\.?",),
    "Rocky Mountain Clothing": (r"rocky\s+mountain\s+(?:clothing|jeans|denim)",),
    "Cruel Girl": (r"cruel\s+girl",),
    "Bill Blass": (r"bill\s+blass",),
    "Jones New York": (r"jones\s+new\s+york",),
    "Liz Claiborne": (r"liz\s+claiborne", r"lizwear"),
    "St. John's Bay": (r"st\.?\s?john'?s\s+bay",),
    "Arizona Jean Co": (r"arizona\s+jeans?(?:\s+co\.?|\s+company)?",),
    "Old Navy": (r"old\s+navy",),
    "Abercrombie & Fitch": (r"abercrombie(?:\s*(?:&|and)\s*fitch)?",),
    "American Eagle": (r"american\s+eagle(?:\s+outfitters)?", r"aeo"),
    # Beyond DOMAIN.md: brands common in vintage and Japanese denim titles.
    "Faded Glory": (r"faded\s+glory",),
    "Sergio Valente": (r"sergio\s+valente",),
    "Bongo": (r"bongo",),
    "Mudd": (r"mudd",),
    "Esprit": (r"esprit",),
    "Benetton": (r"benetton",),
    "Nautica": (r"nautica",),
    "Banana Republic": (r"banana\s+republic",),
    "J.Crew": (r"j\.?\s?crew",),
    "Madewell": (r"madewell",),
    "Nudie Jeans": (r"nudie(?:\s+jeans)?",),
    "A.P.C.": (r"a\.p\.c\.?",),
    "Acne Studios": (r"acne\s+(?:studios|jeans)",),
    "Kapital": (r"kapital",),
    "Sugar Cane": (r"sugar\s?cane",),
    "The Flat Head": (r"the\s+flat\s?head", r"flat\s?head(?=\s+(?:jeans|denim|selvedge))"),
    "Studio D'Artisan": (r"studio\s+d'?\s?artisan",),
    "Naked & Famous": (r"naked\s*(?:&|and)\s*famous",),
    "Citizens of Humanity": (r"citizens\s+of\s+humanity",),
    "Rock & Republic": (r"rock\s*(?:&|and)\s*republic",),
    "Joe's Jeans": (r"joe'?s\s+jeans",),
    "AG Adriano Goldschmied": (r"adriano\s+goldschmied",),
    "Miss Me": (r"miss\s+me(?=\s+(?:jeans|denim))",),
    "BKE": (r"bke",),
    "Apple Bottoms": (r"apple\s+bottoms?",),
    "Baby Phat": (r"baby\s+phat",),
    "Rocawear": (r"rocawear",),
    "Sean John": (r"sean\s+john",),
    "Ecko Unltd": (r"ecko(?:\s+unltd\.?)?",),
    "FUBU": (r"fubu",),
    "Karl Kani": (r"karl\s+kani",),
    "Phat Farm": (r"phat\s+farm",),
    "Enyce": (r"enyce",),
    "Akademiks": (r"akademiks",),
    "Southpole": (r"south\s?pole",),
    "Cross Colours": (r"cross\s+colou?rs",),
    "Tripp NYC": (r"tripp\s+nyc",),
    "Stüssy": (r"st[uü]ssy",),
    "Bape": (r"bape", r"a\s+bathing\s+ape"),
    "Dolce & Gabbana": (r"dolce\s*(?:&|and)\s*gabbana", r"d\s?&\s?g"),
    "Gucci": (r"gucci",),
    "Prada": (r"prada",),
    "Helmut Lang": (r"helmut\s+lang",),
    "Maison Margiela": (r"(?:maison\s+)?margiela",),
    "Vivienne Westwood": (r"vivienne\s+westwood",),
    "Jean Paul Gaultier": (r"jean[\s-]paul\s+gaultier", r"gaultier"),
    "Dsquared2": (r"dsquared2?",),
    "Balmain": (r"balmain",),
    "Agolde": (r"agolde",),
    "Re/Done": (r"re/done",),
    "Orslow": (r"orslow",),
    "Samurai Jeans": (r"samurai\s+jeans",),
    "Warehouse & Co": (r"warehouse\s*(?:&|and)\s*co\.?",),
    "Big Mac": (r"big\s+mac(?=\s+(?:jeans|denim|overalls|carpenter|work))",),
    "Roebucks": (r"roebucks",),
    "Hercules": (r"hercules(?=\s+(?:jeans|denim|overalls|work))",),
    "Sears": (r"sears\s+roebuck",),
}


@dataclass(frozen=True)
class ContextBrand:
    """A brand whose name is also an everyday word, matched only with context.

    ``pattern`` is compiled case-sensitively unless ``ignore_case``. ``after`` (if given) must
    match right after the form (e.g. ``\\s+jeans``); ``bad_before`` / ``bad_after`` are the
    previous / next words that veto the match. ``at_start`` accepts a form opening the title
    even without ``after`` (titles lead with the brand).
    """

    canonical: str
    pattern: str
    confidence: float
    ignore_case: bool = False
    after: str | None = None
    at_start: bool = False
    bad_before: frozenset[str] = frozenset()
    bad_after: frozenset[str] = frozenset()


_GAP_BAD_BEFORE = frozenset(
    {
        "thigh",
        "waist",
        "waistband",
        "small",
        "no",
        "a",
        "the",
        "big",
        "tiny",
        "slight",
        "back",
        "little",
        "some",
        "any",
        "with",
        "mind",
        "generation",
        "wage",
        "leg",
        "knee",
        "crotch",
    }
)

_JEANISH = (
    r"\s+(?:jeans?|denim|pants|trousers|overalls?|shorts|jacket|carpenters?|dungarees|work\w*|"
    r"brand|co\b|company|industries|imperial|by\b)"
)

#: Brands that are also common words. Each needs a reason to be read as a brand:
#: - "Lee": a surname too ("Bruce Lee", "Tommy Lee"); word boundaries keep "Leeds"/"Ashlee" out,
#:   and a first name right before it vetoes. Any case: "lee riders" is written in lower case.
#: - "Gap": "gap in hem", "thigh gap", "waist gap". Only "Gap"/"GAP" as written (never "gap"),
#:   and not before in/at/between/on or after words that make it a noun phrase.
#: - "Guess": "I guess", "my guess", "guess what". Only "Guess"/"GUESS", vetoed by pronouns.
#: - "Chic": "boho chic", "chic style". Only "Chic"/"CHIC", and it must be followed by a
#:   garment word ("Chic Jeans") or open the title; style adjectives before it veto.
#: - "Key": "Key Feature", "key ring". Only with a garment/brand word after ("Key Imperial").
#: - "Pointer", "Replay", "Edwin", "Zena", "Bonjour", "Arizona", "Silver", "Lucky": words or
#:   first names or places; they need the capitalized form and (mostly) a garment word after.
CONTEXT_BRANDS: tuple[ContextBrand, ...] = (
    ContextBrand(
        "Lee",
        r"lee",
        0.85,
        ignore_case=True,
        bad_before=frozenset(
            {
                "bruce",
                "spike",
                "stan",
                "tommy",
                "harper",
                "robert",
                "general",
                "christopher",
                "brenda",
                "jet",
                "jason",
                "ang",
                "peggy",
                "annabel",
                "sheryl",
                "pamela",
                "john",
            }
        ),
        bad_after=frozenset({"cooper", "majors", "marvin", "harvey", "harris"}),
    ),
    ContextBrand(
        "Gap",
        r"Gap|GAP",
        0.8,
        bad_before=_GAP_BAD_BEFORE,
        bad_after=frozenset(
            {
                "in",
                "at",
                "between",
                "on",
                "of",
                "where",
                "near",
                "by",
                "to",
                "from",
                "around",
                "inside",
                "under",
                "behind",
            }
        ),
    ),
    ContextBrand(
        "Guess",
        r"Guess|GUESS",
        0.8,
        bad_before=frozenset(
            {
                "i",
                "my",
                "your",
                "best",
                "wild",
                "good",
                "to",
                "a",
                "can't",
                "cant",
                "never",
                "you'll",
                "youll",
                "just",
                "we",
                "they",
                "would",
                "gonna",
                "lucky",
                "educated",
            }
        ),
        bad_after=frozenset(
            {
                "what",
                "who",
                "which",
                "how",
                "why",
                "i",
                "so",
                "you",
                "we",
                "the",
                "my",
                "not",
                "again",
                "work",
            }
        ),
    ),
    ContextBrand(
        "Chic",
        r"Chic|CHIC",
        0.75,
        after=_JEANISH + r"|\s+(?:by\s+)?h\.?i\.?s\b",
        at_start=True,
        bad_before=frozenset(
            {
                "boho",
                "bohemian",
                "shabby",
                "street",
                "urban",
                "so",
                "very",
                "hippie",
                "hippy",
                "western",
                "cowgirl",
                "grunge",
                "preppy",
                "effortless",
                "casual",
                "retro",
                "rocker",
                "glam",
                "parisian",
                "french",
                "beach",
                "country",
                "farmhouse",
                "minimalist",
                "modern",
                "classic",
                "cool",
                "ultra",
                "super",
                "y2k",
                "90s",
                "80s",
                "70s",
                "60s",
                "ranch",
                "rustic",
                "boho-chic",
                "radical",
                "geek",
                "effortlessly",
            }
        ),
        bad_after=frozenset({"style", "look", "vibe", "vibes", "aesthetic", "outfit", "fit"}),
    ),
    ContextBrand("Key", r"Key|KEY", 0.75, after=_JEANISH),
    ContextBrand("Pointer", r"Pointer|POINTER", 0.75, after=_JEANISH + r"|\s+chore"),
    ContextBrand("Replay", r"Replay|REPLAY", 0.75, after=_JEANISH, at_start=True),
    ContextBrand("Edwin", r"Edwin|EDWIN", 0.85),
    ContextBrand("Zena", r"Zena|ZENA", 0.7, after=_JEANISH, at_start=True),
    ContextBrand("Bonjour", r"Bonjour|BONJOUR", 0.7, after=_JEANISH, at_start=True),
    ContextBrand("Arizona Jean Co", r"Arizona|ARIZONA", 0.7, after=_JEANISH),
    ContextBrand("Silver Jeans", r"Silver|SILVER", 0.75, after=r"\s+(?:jeans|JEANS)\b"),
    ContextBrand(
        "Gap",
        r"gap",
        0.75,
        ignore_case=True,
        after=r"\s+(?:jeans|denim)\b",
        bad_before=_GAP_BAD_BEFORE,
    ),
    ContextBrand("Calvin Klein", r"CK", 0.75, bad_before=frozenset({"&"})),
)

#: Levi's lots that name the maker when no brand is written ("Vintage 501 Jeans 32x30" is a pair
#: of Levi's; the brand is then set with low confidence). Only lots no other maker is known by.
LEVIS_ONLY_LOTS = frozenset(
    {
        "501",
        "501XX",
        "501Z",
        "501ZXX",
        "502",
        "505",
        "517",
        "550",
        "560",
        "569",
        "646",
        "606",
        "701",
        "201",
        "506XX",
        "507XX",
        "557XX",
        "70505",
    }
)

# --------------------------------------------------------------------------------------------
# Lot numbers (model)
# --------------------------------------------------------------------------------------------

#: Levi's three-digit lots (jeans and a few jackets). A bare three-digit number in this set is a
#: lot; any other bare number is not (sizes are two digits, years four). "555" is left out on
#: purpose: in vintage titles it is the Valencia Street factory's button stamp.
LEVIS_LOTS = frozenset(
    {
        "501",
        "502",
        "503",
        "504",
        "505",
        "506",
        "507",
        "508",
        "509",
        "510",
        "511",
        "512",
        "513",
        "514",
        "515",
        "516",
        "517",
        "518",
        "519",
        "520",
        "522",
        "525",
        "527",
        "529",
        "534",
        "540",
        "541",
        "545",
        "550",
        "551",
        "552",
        "556",
        "557",
        "558",
        "559",
        "560",
        "562",
        "565",
        "567",
        "568",
        "569",
        "570",
        "577",
        "580",
        "585",
        "595",
        "599",
        "606",
        "608",
        "619",
        "620",
        "630",
        "639",
        "641",
        "642",
        "645",
        "646",
        "647",
        "648",
        "654",
        "656",
        "659",
        "674",
        "684",
        "701",
        "702",
        "706",
        "711",
        "712",
        "714",
        "715",
        "717",
        "720",
        "721",
        "724",
        "725",
        "726",
        "751",
        "752",
        "753",
        "754",
        "795",
        "901",
        "902",
        "912",
        "915",
        "917",
        "921",
        "941",
        "951",
        "955",
        "960",
        "965",
        "966",
        "201",
        "217",
    }
)
#: Lee lots (DOMAIN.md: 101Z zip, 101B button, 200).
LEE_LOTS = frozenset({"101", "200", "220", "191"})
#: Wrangler numeric lots (the MW/MJ codes are matched by their own pattern).
WRANGLER_LOTS = frozenset({"936", "945", "947"})

#: Plausible Levi's lot range for an *unknown* three-digit number written right after "Levi's".
UNKNOWN_LEVIS_LOT_RANGE = (500, 999)

# --------------------------------------------------------------------------------------------
# Washes (canonical <- forms, DOMAIN.md)
# --------------------------------------------------------------------------------------------

#: Words after "light" that make it a wear/flaw description, not a wash ("light wear").
LIGHT_NOT_WASH = (
    "wear",
    "worn",
    "use",
    "used",
    "usage",
    "weight",
    "weighted",
    "distress",
    "distressed",
    "distressing",
    "fade",
    "fading",
    "fades",
    "faded",
    "stain",
    "stains",
    "staining",
    "spot",
    "spots",
    "mark",
    "marks",
    "damage",
    "pilling",
    "soil",
    "soiling",
    "discolor",
    "discoloration",
    "discolouration",
    "flaw",
    "flaws",
    "repair",
    "repairs",
    "hole",
    "holes",
    "thread",
    "threads",
    "rip",
    "rips",
    "whisker",
    "whiskers",
    "whiskering",
    "honeycomb",
    "honeycombs",
    "sign",
    "signs",
    "ware",
    "fray",
    "fraying",
    "marks",
    "wrinkle",
    "wrinkles",
    "scuff",
    "scuffs",
    "paint",
    "rise",
    # colours: "light pink jeans" are pink, not a light wash
    "pink",
    "green",
    "grey",
    "gray",
    "brown",
    "tan",
    "khaki",
    "beige",
    "yellow",
    "purple",
    "red",
    "olive",
    "cream",
    "orange",
    "lavender",
)
#: Words after "dark" that do not describe the wash.
DARK_NOT_WASH = (
    "stain",
    "stains",
    "spot",
    "spots",
    "mark",
    "marks",
    "tab",
    "academia",
    "brown",
    "green",
    "grey",
    "gray",
    "red",
    "olive",
    "purple",
    "khaki",
    "tan",
    "burgundy",
)
#: Words after "black" that name a part, not the colour of the denim.
BLACK_NOT_WASH = (
    "tab",
    "label",
    "patch",
    "stitch",
    "stitching",
    "stitched",
    "thread",
    "threads",
    "leather",
    "button",
    "buttons",
    "rivet",
    "rivets",
    "friday",
    "owned",
    "tag",
    "belt",
    "lining",
)
#: Words around "medium" that make it a letter size or a rise, not a wash.
MEDIUM_NOT_WASH_AFTER = (
    "rise",
    "weight",
    "wt",
    "tall",
    "petite",
    "length",
    "long",
    "short",
    "regular",
    "fit",
    "size",
    "waist",
    "jacket",
    "shirt",
)
MEDIUM_NOT_WASH_BEFORE = (
    "size",
    "sz",
    "men's",
    "mens",
    "women's",
    "womens",
    "ladies",
    "tagged",
    "tag",
    "a",
    "youth",
    "kids",
    "boys",
    "girls",
    "small",
    "large",
    "or",
    "/",
)

# --------------------------------------------------------------------------------------------
# Countries (made_in)
# --------------------------------------------------------------------------------------------

#: Canonical country <- the forms written after "Made in" (regex fragments).
COUNTRIES: dict[str, tuple[str, ...]] = {
    "USA": (
        r"u\.?\s?s\.?\s?a\.?",
        r"u\.\s?s\.?",
        r"us",
        r"united\s+states(?:\s+of\s+america)?",
        r"america",
    ),
    "Mexico": (r"m[eé]xico",),
    "Japan": (r"japan",),
    "Canada": (r"canada",),
    "Italy": (r"italy",),
    "Hong Kong": (r"hong\s?kong",),
    "Turkey": (r"turkey", r"t[uü]rkiye"),
    "China": (r"china", r"p\.?r\.?c\.?"),
    "Tunisia": (r"tunisia",),
    "Egypt": (r"egypt",),
    "Bangladesh": (r"bangladesh",),
    "Pakistan": (r"pakistan",),
    "India": (r"india",),
    "Sri Lanka": (r"sri\s+lanka",),
    "Vietnam": (r"viet\s?nam",),
    "Cambodia": (r"cambodia",),
    "Indonesia": (r"indonesia",),
    "Thailand": (r"thailand",),
    "Malaysia": (r"malaysia",),
    "Philippines": (r"(?:the\s+)?philippines",),
    "Korea": (r"(?:south\s+)?korea",),
    "Taiwan": (r"taiwan",),
    "Macau": (r"maca[ou]",),
    "Dominican Republic": (r"(?:the\s+)?dominican\s+republic",),
    "Costa Rica": (r"costa\s+rica",),
    "Honduras": (r"honduras",),
    "Guatemala": (r"guatemala",),
    "El Salvador": (r"el\s+salvador",),
    "Haiti": (r"haiti",),
    "Colombia": (r"colombia",),
    "Brazil": (r"brazil",),
    "Morocco": (r"morocco",),
    "Lesotho": (r"lesotho",),
    "South Africa": (r"south\s+africa",),
    "Poland": (r"poland",),
    "Portugal": (r"portugal",),
    "Spain": (r"spain",),
    "France": (r"france",),
    "Germany": (r"(?:west\s+)?germany",),
    "Belgium": (r"belgium",),
    "Hungary": (r"hungary",),
    "Romania": (r"romania",),
    "Bulgaria": (r"bulgaria",),
    "Greece": (r"greece",),
    "UK": (r"u\.?k\.?", r"england", r"great\s+britain", r"united\s+kingdom", r"scotland"),
    "Australia": (r"australia",),
    "Israel": (r"israel",),
    "Jamaica": (r"jamaica",),
}

#: Countries accepted when written bare in a title ("... light wash mexico", "... USA"): the
#: usual countries of denim manufacture. Bare "US" is not accepted (it is also a pronoun and a
#: Reddit location prefix), nor countries that are common words or place adjectives.
BARE_COUNTRIES: dict[str, tuple[str, ...]] = {
    "USA": (r"usa", r"u\.s\.a\.?"),
    "Mexico": (r"m[eé]xico",),
    "Japan": (r"japan",),
    "Canada": (r"canada",),
    "Italy": (r"italy",),
    "Hong Kong": (r"hong\s?kong",),
    "Tunisia": (r"tunisia",),
    "Egypt": (r"egypt",),
    "Poland": (r"poland",),
    "Macau": (r"macau",),
}

#: "<adjective> made" -> country ("USA made", "Japanese made").
MADE_ADJECTIVES: dict[str, tuple[str, ...]] = {
    "USA": (r"u\.?s\.?a\.?", r"u\.?s\.?", r"american", r"america"),
    "Japan": (r"japan(?:ese)?",),
    "Italy": (r"ital(?:y|ian)",),
    "Canada": (r"canad(?:a|ian)",),
    "Mexico": (r"mexic(?:o|an)",),
}

# --------------------------------------------------------------------------------------------
# Condition
# --------------------------------------------------------------------------------------------

#: eBay condition strings -> (condition, confidence). "Pre-owned" / "Used" say nothing about the
#: grade and map to nothing.
EBAY_CONDITIONS: dict[str, tuple[str, float]] = {
    "new with tags": ("deadstock", 0.9),
    "new": ("deadstock", 0.7),
    "brand new": ("deadstock", 0.7),
    "new without tags": ("deadstock", 0.65),
    "new with box": ("deadstock", 0.7),
    "new without box": ("deadstock", 0.65),
    "new with defects": ("fair", 0.5),
    "like new": ("excellent", 0.7),
    "pre-owned - excellent": ("excellent", 0.75),
    "pre-owned excellent": ("excellent", 0.75),
    "pre-owned - good": ("good", 0.75),
    "pre-owned good": ("good", 0.75),
    "pre-owned - fair": ("fair", 0.75),
    "pre-owned fair": ("fair", 0.75),
    "used - excellent": ("excellent", 0.75),
    "used - good": ("good", 0.75),
    "used - fair": ("fair", 0.75),
}

# --------------------------------------------------------------------------------------------
# Flaws (canonical <- pattern). Fades ("whiskers", "honeycombs", "stacks") are NOT flaws.
# --------------------------------------------------------------------------------------------

FLAWS: dict[str, tuple[str, ...]] = {
    "crotch blowout": (
        r"crotch\s+blow[\s-]?outs?",
        r"blown(?:[\s-]+out)?\s+crotch",
        r"crotch\s+(?:is\s+)?blown",
        r"crotch\s+holes?",
    ),
    "knee blowout": (
        r"knee\s+blow[\s-]?outs?",
        r"blown(?:[\s-]+out)?\s+knees?",
        r"knees?\s+(?:are\s+)?blown",
        r"knee\s+holes?",
    ),
    "holes": (r"(?<!button\s)(?<!button-)(?<!key)(?<!pin\s)holes?", r"holey", r"pinholes?"),
    "rips": (r"rips?", r"ripped", r"tears?(?!\s+drop)", r"torn"),
    "stains": (
        r"stain(?:s|ed|ing)?",
        r"spots?",
        r"discolou?r(?:ation|ed)",
        r"bleach\s+(?:marks?|spots?)",
    ),
    # "paint" is a flaw; "painted" alone is a design ("Evisu painted gulls").
    "paint": (
        r"paint(?:[\s-]+(?:splatter(?:s|ed)?|stains?|spots?|marks?|specks?|drips?))?",
        r"paint[\s-]splattered",
        r"splattered\s+paint",
    ),
    "frayed hem": (
        r"fray(?:ed|ing)?\s+(?:at\s+(?:the\s+)?)?(?:hems?|cuffs?|bottoms?)",
        r"(?:hems?|cuffs?|bottoms?)\s+(?:are\s+|is\s+)?fray(?:ed|ing)?",
        r"hem\s+wear",
    ),
    "broken belt loop": (
        r"(?:broken|missing|torn|ripped|loose)\s+belt\s+loops?",
        r"belt\s+loops?\s+(?:broken|missing|torn)",
    ),
    "repairs": (r"repair(?:s|ed)?", r"mend(?:s|ed|ing)?", r"darn(?:s|ed|ing)", r"re-?sewn"),
    "patches": (r"patched", r"patch(?:es)?"),
    "missing tab": (
        r"(?:missing|no|cut|removed)\s+(?:red\s+|orange\s+)?tab",
        r"tab\s+(?:missing|cut|removed)",
    ),
    "hemmed": (r"hemmed", r"cut\s+hems?", r"hem(?:s)?\s+(?:cut|altered|shortened)", r"altered"),
    "broken zipper": (r"(?:broken|busted)\s+zip(?:per)?", r"zip(?:per)?\s+(?:is\s+)?broken"),
    "missing button": (r"missing\s+buttons?", r"buttons?\s+missing"),
}

#: Words right before "patch" that make it a label, not a repair (the leather patch of a 501).
PATCH_NOT_FLAW = frozenset(
    {
        "leather",
        "paper",
        "card",
        "cardboard",
        "jacron",
        "horse",
        "horses",
        "back",
        "brand",
        "logo",
        "label",
        "wavy",
        "waistband",
        "tag",
        "leatherette",
        "two-horse",
        "suede",
        "lee",
        "levi's",
        "levis",
        "original",
        "intact",
        "arcuate",
        "red",
        "orange",
        "oe",
        "tab",
    }
)
#: Words right before "paint" that make it art, not a flaw.
PAINT_NOT_FLAW = frozenset({"hand", "hand-painted", "custom", "artist", "art"})

# --------------------------------------------------------------------------------------------
# Style (fit / rise) and feature tags
# --------------------------------------------------------------------------------------------

STYLES: dict[str, tuple[str, ...]] = {
    "straight": (r"straight(?:[\s-]+(?:leg|fit|cut))?",),
    "slim": (r"slim(?:[\s-]+fit)?",),
    "skinny": (r"skinny",),
    "relaxed": (r"relaxed(?:[\s-]+fit)?",),
    "loose": (r"loose(?:[\s-]+fit)?(?![\s-]+(?:threads?|buttons?|stitch\w*|seams?|belt))",),
    "baggy": (r"baggy", r"baggies"),
    "boot cut": (r"boot[\s-]?cut", r"boot[\s-]?leg"),
    "bell bottom": (r"bell[\s-]?bottoms?",),
    "flare": (r"flared?", r"flares"),
    "tapered": (r"taper(?:ed)?(?:[\s-]+leg)?",),
    "wide leg": (r"wide[\s-]+leg(?:ged)?",),
    "carpenter": (r"carpenters?",),
    "painter": (r"painters?'?",),
    "mom": (r"mom(?:[\s-]+(?:jeans?|fit))?", r"mum\s+jeans?"),
    "dad": (r"dad\s+jeans?",),
    "boyfriend": (r"boyfriend",),
    "high rise": (r"high[\s-]+(?:rise|waist(?:ed)?)", r"hi[\s-]rise"),
    "mid rise": (r"mid[\s-]+rise", r"medium[\s-]+rise"),
    "low rise": (r"low[\s-]+(?:rise|waist(?:ed)?)",),
    "cowboy cut": (r"cowboy\s+cut",),
    "original fit": (r"original\s+fit",),
    "regular fit": (r"regular\s+fit",),
    "cropped": (r"cropped",),
}

#: Feature keywords (short, lower case) -> patterns. Condition "deadstock" and selvedge add
#: their own tag.
TAGS: dict[str, tuple[str, ...]] = {
    "big e": (r"big\s?e",),
    "small e": (r"small\s?e",),
    "redline": (r"red\s?lines?", r"redlined"),
    "red tab": (r"red\s?tab",),
    "orange tab": (r"orange\s?tab",),
    "silver tab": (r"silver\s?tab",),
    "white tab": (r"white\s?tab",),
    "button fly": (r"button[\s-]?fly", r"btn\s+fly"),
    "zip fly": (r"zip(?:per)?[\s-]?fly",),
    "lvc": (r"lvc", r"levi'?s\s+vintage\s+clothing"),
    "shrink to fit": (r"stf", r"shrink[\s-]*to[\s-]*fit"),
    "hidden rivets": (r"hidden\s+rivets?",),
    "leather patch": (r"leather\s+patch",),
    "paper patch": (r"(?:paper|card(?:board)?)\s+patch",),
    "talon zipper": (r"talon(?:\s+\d{2})?(?:\s+zip(?:per)?)?",),
    "scovill zipper": (r"scovill(?:\s+zip(?:per)?)?",),
    "cone mills": (r"cone\s+mills?", r"cone\s+denim"),
    "single stitch": (r"single[\s-]stitch(?:ed)?",),
    "chain stitch": (r"chain[\s-]?stitch(?:ed)?",),
    "union made": (r"union\s+made",),
    "care tag": (r"care\s+(?:tag|label)",),
    "orange overlock": (r"orange\s+overlock",),
    "white overlock": (r"white\s+overlock",),
    "555": (r"555", r"valencia(?:\s+st(?:reet)?)?"),
    "batwing": (r"batwing",),
    "whiskers": (r"whisker(?:s|ing)?",),
    "honeycombs": (r"honey\s?combs?",),
    "stacks": (r"stacks",),
    "western": (r"western",),
    "workwear": (r"work\s?wear",),
    "zip ankle": (r"zip(?:per)?\s+ankles?",),
    "reissue": (r"reissue", r"re-issue", r"repro(?:duction)?", r"replica", r"anniversary"),
    "jacket": (r"jacket", r"trucker"),
    "overalls": (r"overalls?", r"bib\s+overalls?"),
    "shorts": (r"shorts", r"jorts", r"cut[\s-]?offs"),
    "skirt": (r"skirt",),
    "patchwork": (r"patchwork",),
}
