"""Numbers as reports write them: digits, Chinese numerals, multipliers and units.

`SCAN` maps full-width digits and punctuation to their ASCII forms one character for one, so a
regular expression can run on `text.translate(SCAN)` and its offsets still point into `text`.
Normalisation follows the samples README: 万 and 亿 are multiplied out (5万人次 → 50000 人次),
money is compared in 万元, 名 counts people (人).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

_FULL = "０１２３４５６７８９．％，：；（）！？"
_HALF = "0123456789.%,:;()!?"
SCAN = str.maketrans(_FULL, _HALF)

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
CN_NUMERAL = "零〇一二两三四五六七八九十百千万"

MULTIPLIERS = {"万": Decimal(10000), "亿": Decimal(100000000)}
# Money is compared in 万元 (samples README).
MONEY = {
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "万元": Decimal(1),
    "亿元": Decimal(10000),
}
# The unit a comparison uses for a unit as written.
SAME_AS = {"名": "人", "天": "天", "日": "天", "个工作日": "工作日", "工作日": "工作日"}

# Units, longest first so that 人次 wins over 人 and 个工作日 over 个.
COUNT_UNITS = (
    "个百分点",
    "个工作日",
    "工作日",
    "平方米",
    "人次",
    "件次",
    "户次",
    "家次",
    "场次",
    "批次",
    "个月",
    "小时",
    "分钟",
    "课时",
    "学时",
    "公里",
    "千元",
    "万元",
    "亿元",
    "元",
    "%",
    "‰",
    "件",
    "次",
    "个",
    "人",
    "名",
    "位",
    "项",
    "份",
    "条",
    "家",
    "场",
    "起",
    "本",
    "年",
    "天",
    "日",
    "户",
    "篇",
    "期",
    "所",
    "座",
    "处",
    "支",
    "台",
    "套",
    "宗",
    "笔",
    "亩",
    "部",
    "批",
    "轮",
    "张",
    "册",
    "类",
    "例",
    "辆",
    "届",
    "堂",
    "节",
)
RATE_UNITS = frozenset({"%", "‰", "个百分点"})
MONEY_UNITS = frozenset(MONEY)
TIME_UNITS = frozenset({"个工作日", "工作日", "天", "日", "年", "个月", "小时", "分钟"})
PEOPLE_UNITS = frozenset({"人", "名", "位"})
VISIT_UNITS = frozenset({"人次", "件次", "户次", "家次"})
SESSION_UNITS = frozenset({"次", "场", "场次", "批次", "轮", "期", "届", "堂", "节"})


@dataclass(frozen=True)
class Quantity:
    """A value and unit as written, and the same for comparison."""

    value: Decimal
    unit: str
    normalized_value: Decimal
    normalized_unit: str


def cn_to_int(text: str) -> int | None:
    """A Chinese numeral as an integer: 五 → 5, 十三 → 13, 二十 → 20, 百 → 100, 两 → 2.

    Small on purpose: reports write statistics in digits (GB/T 15835), so only counts like
    连续五年, 第二名, 百名 and 超万人 reach this; None when the text is not a numeral.
    """
    if not text or any(ch not in CN_NUMERAL for ch in text):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
            continue
        unit = CN_UNITS[ch]
        total += (1 if digit is None else digit) * unit
        digit = None
    return total + (digit or 0)


def parse_digits(text: str) -> Decimal:
    """Digits as written, thousands separators allowed: "12,955" → 12955, "2.54" → 2.54."""
    if not text.isascii():
        text = text.translate(SCAN)
    return Decimal(text.replace(",", "").replace(" ", ""))


def quantity(value: Decimal, multiplier: str, unit: str) -> Quantity:
    """The written value and unit (5, 万人次) and the normalised pair (50000, 人次)."""
    written_unit = f"{multiplier}{unit}"
    if unit == "名":
        written_unit = f"{multiplier}人"
    factor = MULTIPLIERS.get(multiplier, Decimal(1))
    if unit in MONEY:
        return Quantity(value, written_unit, _tidy(value * factor * MONEY[unit]), "万元")
    base = SAME_AS.get(unit, unit)
    return Quantity(value, written_unit, _tidy(value * factor), base)


def _tidy(number: Decimal) -> Decimal:
    """Drop trailing zeros a multiplication left (2.54 × 10000 → 25400, not 25400.00)."""
    normal = number.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def format_number(value: Decimal) -> str:
    """A value as people write it: 2.54, 12955, never 1.2955E+4 or 12955.000000."""
    return f"{_tidy(value):f}"


def json_number(number: Decimal) -> int | float:
    """Whole numbers as integers, the rest as floats (JSON has no decimals)."""
    return int(number) if number == number.to_integral_value() else float(number)
