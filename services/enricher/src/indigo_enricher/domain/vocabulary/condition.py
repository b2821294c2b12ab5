"""Condition grades (eBay's condition strings) and flaws (canonical name <- regex fragments)."""

from __future__ import annotations

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

#: Flaws: canonical name <- regex fragments. Fades ("whiskers", "honeycombs", "stacks") are NOT
#: flaws.
FLAWS: dict[str, tuple[str, ...]] = {
    "crotch blowout": (
        r"crotch\s+blow[\s-]?outs?",
        r"blown(?:[\s-]+out)?\s+crotch",
        r"crotch\s+(?:is\s+)?blown",
        r"crotch\s+holes?",
        r"blow[\s-]?outs?\s+(?:in\s+|on\s+|at\s+)?(?:the\s+)?crotch",  # "Blowout Crotch"
    ),
    "knee blowout": (
        r"knee\s+blow[\s-]?outs?",
        r"blown(?:[\s-]+out)?\s+knees?",
        r"knees?\s+(?:are\s+)?blown",
        r"knee\s+holes?",
        r"blow[\s-]?outs?\s+(?:in\s+|on\s+|at\s+)?(?:the\s+)?knees?",
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

#: Flaws that grade a pair "fair" when the title names one and no grade (DOMAIN.md: fair <-
#: flaws): damage a buyer reads as wear. Not rips, frayed hems, patches, repairs or paint, which
#: the makers sew in as a design ("Ripped Knee Skinny", "Step Fray", "Boro Patchwork", "Paint
#: Denim"), nor a hem or a missing tab, which leave the denim as it was.
FAIR_FLAWS = frozenset(
    {
        "holes",
        "crotch blowout",
        "knee blowout",
        "stains",
        "broken zipper",
        "broken belt loop",
        "missing button",
    }
)

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

#: Grades written in the continental titles of Vinted, eBay.de/.fr/.it/.es and Marktplaats
#: (grade <- regex fragments, whole words, case folded). Vinted's own condition scale is copied
#: into titles in each language: "neuf avec étiquette" / "neu mit Etikett" / "nuovo con
#: cartellino" / "nuevo con etiqueta" / "nieuw met label" (new with tags: deadstock, as NWT),
#: "neuf sans étiquette" / "neu ohne Etikett" (new without tags: deadstock, as NWOT), "très bon
#: état" / "sehr gut" / "muy buen estado" (very good: good, as "very good condition" grades),
#: "bon état" / "guter Zustand" / "buone condizioni" / "buen estado" / "goede staat" (good),
#: "satisfaisant" / "état correct" (Vinted's "satisfactory": fair). "Comme neuf" / "wie neu" /
#: "neuwertig" / "come nuovo" / "como nuevo" / "zo goed als nieuw" (like new) and "ottime
#: condizioni" / "ottimo stato" (excellent condition) are excellent. French "destroy" (a jean
#: destroy is a distressed one), Italian "strappati" and Spanish "rotos" (ripped) are distressed.
FOREIGN_CONDITIONS: dict[str, tuple[str, ...]] = {
    "excellent": (
        r"comme\s+neufs?",
        r"wie\s+neu",
        r"neuwertig",
        r"come\s+nuov[oia]",
        r"como\s+nuev[oa]s?",
        r"zo\s+goed\s+als\s+nieuw",
        r"ottim[eo]\s+(?:condizioni|stato)",
    ),
    "deadstock": (
        r"neu(?:f|fs|ve|ves)?\s+(?:avec|sans|mit|ohne)\s+(?:[ée]tiquettes?|etikett(?:en)?)",
        r"nuov[oia]\s+con\s+(?:cartellino|etichett[ae])",
        r"nuev[oa]s?\s+(?:con|sin)\s+etiquetas?",
        r"nieuw\s+met\s+(?:label|kaartje|prijskaartje)",
        r"nowe\s+z\s+metk[aą]",
    ),
    "good": (
        r"très\s+bon\s+[ée]tat",
        r"tres\s+bon\s+[ée]tat",
        r"bon\s+[ée]tat",
        r"sehr\s+gut(?:er)?\s+zustand",
        r"gut(?:er)?\s+zustand",
        r"buon[eo]\s+(?:condizioni|stato)",
        r"muy\s+buen\s+estado",
        r"buen\s+estado",
        r"goede\s+staat",
    ),
    "fair": (r"satisfaisant", r"état\s+correct", r"etat\s+correct"),
    "distressed": (r"destroy", r"strappat[io]", r"rotos"),
}
#: Every phrase of :data:`FOREIGN_CONDITIONS` holds one of these (lower case, anywhere in a
#: word): a text holding none (an English title) skips those phrases at the cost of one scan.
#: A unit test holds the list complete.
FOREIGN_CONDITION_HINTS = (
    "neu nieuw nowe nuev nuov zustand tat condizioni stato estado staat satisf destroy strappat "
    "rotos"
).split()
