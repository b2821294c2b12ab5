"""Japanese resale titles: the terms of :mod:`..vocabulary.japanese`, found as substrings.

Japanese is written without spaces ("リーバイス501赤耳W32"), so these terms are looked up with
``str.find``, not with word-bounded regexes; ASCII text (almost every title) holds none and is
answered at once.
"""

from __future__ import annotations

from indigo_enricher.domain import vocabulary as v
from indigo_enricher.domain.extraction.text import Found

#: Katakana after "ブラック" (black) that make it a name, not the denim's colour ("ブラック
#: レーベル" Black Label, "ブラックタグ" black tag, "ブラックパッチ" black patch).
_BLACK_NOT_WASH_AFTER = ("レーベル", "タグ", "パッチ", "ボタン", "ステッチ")
#: After "ダメージ" words saying there is none ("ダメージなし", "ダメージ無し"): no grade.
_NONE_AFTER = ("なし", "無し", "ない", "無")


def _find(text: str, form: str) -> int:
    p = text.find(form)
    while p >= 0:
        after = text[p + len(form) : p + len(form) + 4]
        if form == "ブラック" and after.startswith(_BLACK_NOT_WASH_AFTER):
            p = text.find(form, p + 1)
            continue
        if after.startswith(_NONE_AFTER):
            p = text.find(form, p + 1)
            continue
        return p
    return -1


def japanese_brand(text: str) -> Found[str] | None:
    """The maker named first in katakana or kanji ("エドウィン 505", "桃太郎ジーンズ")."""
    if text.isascii():
        return None
    best: tuple[int, int, str] | None = None
    for form, brand in v.JAPANESE_BRANDS.items():
        p = text.find(form)
        if p >= 0 and (best is None or p < best[0]):
            best = (p, p + len(form), brand)
    if best is None:
        return None
    return Found(best[2], 0.9, (best[0], best[1]))


def _first_of_table(text: str, table: dict[str, str], confidence: float) -> Found[str] | None:
    if text.isascii():
        return None
    for form, value in table.items():  # the table's order is the priority
        if _find(text, form) >= 0:
            return Found(value, confidence)
    return None


def japanese_made_in(text: str) -> Found[str] | None:
    return _first_of_table(text, v.JAPANESE_MADE_IN, 0.9)


def japanese_wash(text: str) -> Found[str] | None:
    return _first_of_table(text, v.JAPANESE_WASHES, 0.85)


def japanese_condition(text: str) -> Found[str] | None:
    return _first_of_table(text, v.JAPANESE_CONDITIONS, 0.85)


def japanese_selvedge(text: str) -> Found[bool] | None:
    if text.isascii():
        return None
    return Found(True, 0.9) if any(f in text for f in v.JAPANESE_SELVEDGE) else None
