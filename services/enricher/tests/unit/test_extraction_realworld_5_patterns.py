"""The general patterns rules-8 reads, from the misses on ``titles-realworld-5.jsonl``.

Each case lists only the fields it checks; ``None`` there means "must stay unknown". Every pattern
has its neighbours that must not change (the precision side of the same rule). The titles are not
the set's own: they are other listings written the same way.
"""

from __future__ import annotations

import pytest
from indigo_enricher.domain import ListingText, extract

CASES: list[tuple[str, dict]] = [
    # --- continental size words: an even size from 34 is European, else an inch waist --------
    ("Jean Levi's 501 homme taille 44", {"waist": None}),
    ("Levis 505 Damen Größe 36 blau", {"waist": None}),
    ("Jeans Herren Gr. 50 Stretch", {"waist": None}),
    ("Jeans Diesel uomo taglia 48", {"waist": None}),
    ("Vaqueros mom talla 40", {"waist": None}),
    ("Spijkerbroek maat 42 dames", {"waist": None}),
    ("Jeansy damskie rozmiar 36", {"waist": None}),
    ("Jean Levi's 501 taille 29", {"waist": 29}),
    ("Jeans Dondup uomo taglia 31", {"waist": 31}),
    ("Jeans Replay tg 33", {"waist": 33}),
    ("Vaqueros Levi's talla 30 hombre", {"waist": 30}),
    ("Jean Levi's 505 taille US 34", {"waist": 34}),  # "US": inches whatever the number
    ("Jean Levi's 501 taille 40 (W31)", {"waist": 31}),  # the W marker first
    ("Levis Jeans Gr. 31/34", {"waist": 31, "inseam": 34}),
    ("Kinder Jeans Gr. 152", {"waist": None}),  # a child's height
    ("Jean Levi's 501 femme T 38", {"waist": None}),  # "T": taille
    ("Jean fille 12 ans Levi's", {"waist": None}),
    ("Wrangler Herren Größe 36 Länge 34", {"waist": 36, "inseam": 34}),  # a length: W/L
    ("Wrangler Herren Größe 35 Länge 34", {"waist": 35, "inseam": 34}),
    ("Jean Lee taille 30 longueur 32", {"waist": 30, "inseam": 32}),
    ("Jeans Lee taglia 31 lunghezza 34", {"waist": 31, "inseam": 34}),
    # --- words for an inch waist: German "Weite", Japanese "インチ", "ウエスト", "サイズ" ------
    ("Levis 501 Weite 33 Länge 32", {"waist": 33, "inseam": 32}),
    ("Jeans Bundweite 42 cm", {"waist": None}),
    ("リーバイス 505 31インチ", {"waist": 31}),
    ("デニム ウエスト 30", {"waist": 30}),
    ("デニム ウエスト76cm", {"waist": None}),
    # --- a women's waist with its length written out; "long" after an inseam is no waist ------
    ("Gap Girlfriend Jeans 26 Long", {"waist": 26}),
    ("Abercrombie Curve Love Jeans 30 Long", {"waist": 30}),
    ("Levis 501 34 Long", {"waist": None}),  # a "long" inseam
    ("Jeans Size 10 Long", {"waist": None}),
    # --- W after the number before a spaced slash ----------------------------------------------
    ('baggy jorts // 31w // 9" inseam', {"waist": 31, "inseam": 9}),
    ("Torrid Jeans 18w // Plus", {"waist": None}),
    # --- a women's size by its inseam -------------------------------------------------------
    ("Wrangler Riding Jeans 7/8 x 36", {"waist": None, "inseam": 36}),
    ("Levis 501 12/14 Womens", {"waist": None, "inseam": None}),
    # --- measured: "fits more like" -------------------------------------------------------
    ("Levis 550 tagged 36 fits more like 34", {"waist": 36, "measured_waist": 34}),
    ("Relaxed Fit More Room Jeans 34", {"waist": 34, "measured_waist": None}),
    # --- bundles: no maker of two, but the size written once is the bundle's -------------------
    ("Bundle Levis and Wrangler Jeans 32x30 Lot of 2", {"brand": None, "waist": 32}),
    ("Lot de 4 jeans Levi's Lee W30", {"brand": None, "waist": 30}),
    ("Konvolut Jeans Levis Diesel W32 L32", {"brand": None, "waist": 32, "inseam": 32}),
    ("Lot 2 Levis 501 Jeans 34x32", {"brand": "Levi's", "model": "501", "waist": 34}),
    ("Warehouse Lot 1001 Jeans 33", {"brand": "Warehouse & Co", "waist": 33}),  # a style number
    ("[WTS] Bundle of 2 Iron Heart Momotaro 33", {"brand": None, "waist": None}),
    ("Lot de 3 jeans femme Zara Mango Bershka", {"brand": None}),  # word brands count here
    ("Lot of 2 Gap Jeans 30x30", {"brand": "Gap", "waist": 30}),
    # --- decades written in other languages; "style" after them is no date --------------------
    ("Jean vintage années 80 taille 28", {"era": "1980s", "waist": 28}),
    ("Jeans anni '90 vita alta", {"era": "1990s"}),
    ("Vaqueros años 2000 low rise", {"era": "2000s"}),
    ("Spijkerbroek jaren 70 flared", {"era": "1970s"}),
    ("Levis Jeans 80er Jahre W30", {"era": "1980s"}),
    ("Jeans 1990er W32", {"era": "1990s"}),
    ("Jeans 30er Weite", {"era": None, "waist": None}),  # "30er" alone may be a size
    ("Levi's 501er Jeans W32", {"era": None, "model": None}),
    ("Jean années 90 style W30", {"era": None}),
    ("80年代 ビンテージ デニム W31", {"era": "1980s", "waist": 31}),
    ("Junya Watanabe CDG Denim AD2005", {"era": "2000s"}),
    ("Levis BAD2005 Jeans", {"era": None}),
    # --- washes in other languages; blue alone and "délavé" alone are no wash ----------------
    ("Jean Levi's 501 noir W32", {"wash": "black"}),
    ("Levis Jeans schwarz W34 L32", {"wash": "black"}),
    ("Jeans Diesel nero W31", {"wash": "black"}),
    ("Jean brut selvedge W31", {"wash": "rigid"}),
    ("Jean bleu clair taille 38", {"wash": "light"}),
    ("Jeans hellblau Gr. 38", {"wash": "light"}),
    ("Jeans dunkelblau W33 L32", {"wash": "dark"}),
    ("Spijkerbroek donkerblauw maat 31/32", {"wash": "dark"}),
    ("Levis 501 blau W32 L32", {"wash": None}),
    ("Jean délavé W30", {"wash": None}),
    ("Designer Jeans Inner Lining W32", {"wash": None}),
    # --- grades in other languages --------------------------------------------------------
    ("Jean Levi's neuf avec étiquette W30", {"condition": "deadstock"}),
    ("Levis Jeans neu mit Etiketten W32", {"condition": "deadstock"}),
    ("Jeans nuovo con etichetta tg 30", {"condition": "deadstock"}),
    ("Vaqueros nuevos sin etiqueta talla 27", {"condition": "deadstock"}),
    ("Jean comme neuf W29", {"condition": "excellent"}),
    ("Jeans wie neu W31 L32", {"condition": "excellent"}),
    ("Jean bon état taille 38", {"condition": "good"}),
    ("Jeans guter Zustand W33", {"condition": "good"}),
    ("Vaqueros buen estado talla 40", {"condition": "good"}),
    ("Jean état satisfaisant W32", {"condition": "fair"}),
    ("Jean destroy W28", {"condition": "distressed"}),
    ("Jean neuf W30", {"condition": None}),  # "new" alone: no tags said
    # --- ripped and destroyed: distressed; a ripped belt loop is a flaw -----------------------
    ("Levis 501 Ripped Knees 32x30", {"condition": "distressed"}),
    ("Represent Destroyer Denim 30", {"condition": "distressed"}),
    ("Levis 501 Ripped Belt Loop 32x32", {"condition": None}),
    ("depop baggy jeans 30 nwot", {"condition": "deadstock"}),
    ("jeans size 30 ds nos", {"condition": None}),  # lower case "ds", "nos" are words
    # --- Japanese resale titles ---------------------------------------------------------------
    ("リーバイス 505 W33 USA製", {"brand": "Levi's", "model": "505", "made_in": "USA"}),
    ("ビッグジョン デニム W30 日本製", {"brand": "Big John", "made_in": "Japan"}),
    ("ラングラー ジーンズ W32 メキシコ製", {"brand": "Wrangler", "made_in": "Mexico"}),
    ("エドウィン 503 W31", {"brand": "Edwin"}),
    ("リーバイス501赤耳W31", {"brand": "Levi's", "selvedge": True}),
    ("セルビッジ デニム W32", {"selvedge": True}),
    ("ケミカルウォッシュ ジーンズ W28", {"wash": "acid"}),
    ("ブラックデニム W30", {"wash": "black"}),
    ("ブラックレーベル デニム W30", {"wash": None}),  # Black Label: a name
    ("デッドストック デニム W32", {"condition": "deadstock"}),
    ("未使用に近い デニム W30", {"condition": "excellent"}),
    ("ダメージ加工 デニム W29", {"condition": "distressed"}),
    ("デニム ダメージなし W29", {"condition": None}),  # "no damage"
    ("シリーズ デニム W30", {"brand": None}),  # "リー" (Lee) inside a word is no maker
    # --- makers: the continental word order, Depop's lower case, style-numbered Unbranded -----
    ("Jean Zara taille 36", {"brand": "Zara"}),
    ("Jeans Mango mom fit W27", {"brand": "Mango"}),
    ("Vintage Jeans Zara Dancing 28", {"brand": None}),
    ("zara straight leg jeans 6", {"brand": "Zara"}),
    ("gap carpenter jeans 34x30", {"brand": "Gap"}),
    ("mind the gap jeans 30", {"brand": None}),
    ("Unbranded UB401 Tapered Selvedge 33", {"brand": "Unbranded Brand"}),
    ("Unbranded Vintage Jeans 33", {"brand": None}),
    ("Wrangler Style Jeans Unbranded 32", {"brand": None}),
    ("Jean Celio homme W32", {"brand": "Celio"}),
    ("Camel Active Houston Jeans W36 L32", {"brand": "Camel Active"}),
    ("Cross Jeans Dylan W30 L32", {"brand": "Cross Jeans"}),
    ("Cross Stitch Jeans 30", {"brand": None}),
    ("MAC Jeans Dream Skinny W29 L32", {"brand": "MAC Jeans", "waist": 29}),
    ("Vintage Big Mac Jeans 34x30", {"brand": "Big Mac"}),
    ("Garcia Jeans Rachelle W27", {"brand": "Garcia"}),
    ("Jeans from Garcia's Closet 28", {"brand": None}),
    ("Rifle Jeans vintage W30", {"brand": "Rifle"}),
    ("Camaïeu jean slim 38", {"brand": "Camaieu", "waist": None}),  # a FR size
    # --- Levi's five-digit jacket lots; other five-digit numbers are none ---------------------
    ("Levi's Trucker Jacket 70506-0216 Size 40", {"model": "70506"}),
    ("Levis 72334 Trucker Jacket Size M", {"model": "72334"}),
    ("Levi's Jacket 70123 Size M", {"model": None}),
    # --- a lot before a spaced slash; a slash right after it is a size -----------------------
    ("levis 505 / 32x30 / dark wash", {"model": "505", "waist": 32}),
    ("Levis 550/32", {"model": None}),
]


@pytest.mark.parametrize(("title", "expected"), CASES, ids=[c[0][:60] for c in CASES])
def test_case(title: str, expected: dict) -> None:
    got = extract(ListingText(title=title)).attributes.model_dump()
    assert {k: got[k] for k in expected} == expected
