"""Countries of manufacture (``made_in``) and the forms written after "Made in" or alone."""

from __future__ import annotations

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
    "Italy": (r"ital(?:y|ia)",),  # "Made in Italia", as the Italian labels print it
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
