"""Wash words: the neighbours that make a shade word something else ("light wear", "black tab")."""

from __future__ import annotations

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

#: Washes written in the continental titles of Vinted, eBay.de/.fr/.it/.es and Marktplaats
#: (wash <- regex fragments, read as whole words): the colour words those sellers use where an
#: English title says "raw", "black", "dark wash" or "light blue". French "brut" is raw denim
#: ("denim brut", "bleu brut"); the black words are the colour itself (DOMAIN.md: black <- black);
#: the shades are the language's "dark blue" and "light blue" (DOMAIN.md: light <- light blue),
#: German "dunkel" alone is "dark" and French "délavé clair" is a faded light wash. "Blau",
#: "bleu", "blu", "azul" alone (blue) and "délavé" alone (washed: any shade) are no wash.
FOREIGN_WASHES: dict[str, tuple[str, ...]] = {
    "rigid": (r"brut",),
    "black": (
        r"noire?s?",  # French
        r"schwarz(?:e[nrs]?)?",  # German
        r"ner[oaie]",  # Italian
        r"negr[oa]s?",  # Spanish
        r"zwarte?",  # Dutch
        r"svarta?",  # Swedish
        r"czarn[eay]",  # Polish
    ),
    "dark": (
        r"bleu\s+fonc[ée]",
        r"fonc[ée]",
        r"dunkel(?:[\s-]?blau)?",
        r"donker(?:[\s-]?blauw)?",
        r"azul\s+oscuro",
        r"blu\s+scuro",
    ),
    "light": (
        r"bleu\s+clair",
        r"délavé\s+clair",
        r"delave\s+clair",
        r"hell[\s-]?blau",
        r"licht[\s-]?blauw",
        r"azul\s+claro",
        r"blu\s+chiaro",
        r"azzurr[oa]",
        r"lavaggio\s+chiaro",
        r"ljusbl[aå]",
    ),
}
#: Every fragment of :data:`FOREIGN_WASHES` holds one of these (lower case, anywhere in a word):
#: a text holding none (an English title) skips those words at the cost of one scan. A unit test
#: holds the list complete.
FOREIGN_WASH_HINTS = (
    "brut noir schwarz nero nera neri nere negr zwart svart czarn fonc dunkel donker scuro "
    "clair hell licht claro chiaro azzurr ljusbl"
).split()
