"""Japanese words of resale titles: Yahoo! Auctions, Mercari JP, Rakuten and the proxies that
resell them (Buyee, Zenmarket, FromJapan), whose titles often keep the Japanese beside or instead
of the Latin ("BIG JOHN ビッグジョン", "リーバイス 501 赤耳 W32 USA製").

Japanese is written without spaces, so these are plain substrings, found as they are (no word
boundaries: "USA製" and "赤耳W32" have none); only a text that is not ASCII is searched for them.
Each form is a maker's name or a fixed term of the trade, which the Japanese resale sites and the
proxies' translations agree on: ``製`` "made (in)", ``赤耳`` "red ear" (the redline selvedge),
``年代`` "decade" (read by the era reader), ``美品`` "beautiful item" (Mercari's "excellent"),
``デッドストック`` "dead stock", ``未使用`` "unused", ``ダメージ加工`` "damage finish" (distressed).
Short katakana that occur inside other words are left out: ``リー`` (Lee) is part of
``リーバイス`` and of ``シリーズ`` (series), ``ギャップ`` (Gap) is also the word "gap".
"""

from __future__ import annotations

#: Katakana and kanji names -> the canonical brand (:mod:`.brands`), longest forms first.
JAPANESE_BRANDS: dict[str, str] = {
    "リーバイス": "Levi's",
    "エドウィン": "Edwin",
    "エドウイン": "Edwin",
    "ラングラー": "Wrangler",
    "ビッグジョン": "Big John",
    "ボブソン": "Bobson",
    "ベティスミス": "Betty Smith",
    "エヴィス": "Evisu",
    "エビス": "Evisu",
    "桃太郎ジーンズ": "Momotaro",
    "ステュディオダルチザン": "Studio D'Artisan",
    "ステュディオ・ダ・ルチザン": "Studio D'Artisan",
    "ダルチザン": "Studio D'Artisan",
    "サムライジーンズ": "Samurai Jeans",
    "フルカウント": "Fullcount",
    "ウエアハウス": "Warehouse & Co",
    "ウェアハウス": "Warehouse & Co",
    "ドゥニーム": "Denime",
    "鬼デニム": "Oni Denim",
    "アイアンハート": "Iron Heart",
    "ピュアブルージャパン": "Pure Blue Japan",
    "シュガーケーン": "Sugar Cane",
    "フラットヘッド": "The Flat Head",
    "リアルマッコイズ": "The Real McCoy's",
    "リゾルト": "Resolute",
    "オアスロウ": "Orslow",
    "キャピタル": "Kapital",
    "ヒステリックグラマー": "Hysteric Glamour",
    "ディーゼル": "Diesel",
    "カルバンクライン": "Calvin Klein",
    "ユニクロ": "Uniqlo",
}

#: "<country>製" (made in <country>) -> the canonical country (:mod:`.countries`).
JAPANESE_MADE_IN: dict[str, str] = {
    "日本製": "Japan",
    "国産": "Japan",
    "USA製": "USA",
    "アメリカ製": "USA",
    "米国製": "USA",
    "メキシコ製": "Mexico",
    "カナダ製": "Canada",
    "中国製": "China",
    "イタリア製": "Italy",
    "トルコ製": "Turkey",
}

#: Selvedge: "赤耳" (red ear: the redline selvedge), "耳付き" (with the ear), the loanwords.
JAPANESE_SELVEDGE: tuple[str, ...] = ("赤耳", "耳付き", "セルビッジ", "セルビッチ", "セルヴィッジ")

#: Wash words: "ケミカルウォッシュ" (chemical wash: the Japanese name of acid wash), "濃紺" (deep
#: indigo: a dark wash), "ワンウォッシュ" (one wash: dark, DOMAIN.md), "リジッド" / "ノンウォッシュ"
#: / "未洗い" (rigid, non-wash, unwashed), "ブラック" (black), "ブリーチ" (bleach: light,
#: DOMAIN.md). Finishes before shades, as for the English words.
JAPANESE_WASHES: dict[str, str] = {
    "ケミカルウォッシュ": "acid",
    "ストーンウォッシュ": "stonewash",
    "リジッド": "rigid",
    "ノンウォッシュ": "rigid",
    "未洗い": "rigid",
    "ブラック": "black",
    "ワンウォッシュ": "dark",
    "濃紺": "dark",
    "ブリーチ": "light",
}

#: Condition words (Mercari JP's grades among them), longest first where one holds another:
#: "未使用に近い" (close to unused) is excellent, "未使用" (unused) deadstock.
JAPANESE_CONDITIONS: dict[str, str] = {
    "未使用に近い": "excellent",
    "新品同様": "excellent",
    "デッドストック": "deadstock",
    "新品未使用": "deadstock",
    "未使用": "deadstock",
    "美品": "excellent",
    "ダメージ加工": "distressed",
    "クラッシュ加工": "distressed",
    "ダメージ": "distressed",  # not before "なし" / "無し" (none): see the reader
}
