"""Finding the figures of a sentence, and setting aside those that are not facts.

A figure is a number with its unit (5万人次, 2.54%, 1.7万余起), a ratio (1.04:1, 比值3.05), a zero
written in words (零发生, 为零), a streak (连续五年), a stated rank (居全市第一) or a bare magnitude
(超万人, 百名). Not facts: dates, ordinals, numbers inside names and quotations, structural counts,
counts of awards, economic figures, national figures quoted for context (samples README).
Offsets are those of the sentence's `scan` text (ASCII digits and punctuation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from fazhi.corpus.numbers import (
    CN_NUMERAL,
    COUNT_UNITS,
    Quantity,
    cn_to_int,
    parse_digits,
    quantity,
)

_UNITS = "|".join(re.escape(u) for u in COUNT_UNITS)
MENTION_RE = re.compile(
    r"(?P<rank>(?:位居|位列|稳居|名列|排名|排在|居|列)"
    r"(?P<scope>全国|全省|全市|全县|全区|[\u4e00-\u9fff]{2,3}?)"
    r"(?:各?县\(市、区\)|县市区|各县区|各地)?"
    r"(?:第(?P<rn>[一二三四五六七八九十\d]{1,3})(?:名|位)?|(?P<rtop>首位|榜首)))"
    r"|(?P<streak>连续(?P<sn>[二两三四五六七八九十]{1,3})(?P<su>个月|年|届|次))"
    r"|(?P<zero>零发生|零增长|零差错|零投诉|零事故|为零|为0(?![\d.]))"
    r"|(?P<ratioword>(?:比值|之比为|比为)\s?(?:为|是|达)?\s?(?P<rv>\d+(?:\.\d+)?)(?![\d.%]|\s?:))"
    r"|(?P<ratio>(?<![\d.])(?P<rl>\d+(?:\.\d+)?)\s?:\s?1(?![\d.]))"
    r"|(?P<mag>(?P<mn>[百千万])(?P<mu>名|人次|人)(?=[,。;、)]))"
    r"|(?P<qty>(?<![\d.A-Za-z+])(?<!\d,)(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?"
    rf"(?P<pre>余|多)?(?P<mul>万|亿)?(?P<mid>余|多)?(?P<unit>{_UNITS})(?P<post>余|多)?"
    r"(?P<tail>以上|以下|左右)?)"
)
CLAUSE_MARKS = ",;:，；：("
LIST_MARKS = CLAUSE_MARKS + "、"
AWARD_RE = re.compile(r"入选|获评|荣获|获得|获批|获奖|被评为|被命名为|被列为|列入|之一")
ECONOMIC_RE = re.compile(
    r"生产总值|GDP|财政收入|一般公共预算|市场主体|增加值|税收|营业收入|固定资产投资|常住人口|户籍人口|"
    r"进出口|社会消费品|居民人均|可支配收入"
)
STRUCTURAL_RE = re.compile(
    r"(?:大|机制|措施|举措|制度|行动|工程|体系|原则|要求|步骤|阶段|方面|专项行动)$"
)
CLASSIFIERS = frozenset("个家名人位件项条份本所座处支批户起")
AFTER_STOP = re.compile(
    r"进行|实现|直达|办理|开展|完成|参与|入选|获评|获得|获|荣获|被|纳入|成功|全部|落实|为|实行|提出|"
    r"建立|得到|接受|参加|作|均|已|达|共|签订|覆盖|配备|[,;:。\d]"
)
OPEN_MARKS = {"“": "”", "《": "》", "「": "」", "【": "】", '"': '"'}


@dataclass
class Mention:
    start: int  # sentence-local
    end: int
    kind: str  # qty, ratio, zero, streak, rank, mag
    quantity: Quantity
    approx: bool = False
    tail: str = ""
    rank_scope: str = ""


def find_mentions(scan: str) -> list[Mention]:
    mentions = []
    for match in MENTION_RE.finditer(scan):
        mention = _mention(match)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _mention(m: re.Match[str]) -> Mention | None:
    if m.group("qty"):
        unit = m.group("unit")
        quantity_ = quantity(parse_digits(m.group("num")), m.group("mul") or "", unit)
        approx = bool(m.group("pre") or m.group("mid") or m.group("post")) or m.group("tail") in (
            "以上",
            "左右",
        )
        return Mention(m.start(), m.end(), "qty", quantity_, approx, m.group("tail") or "")
    if m.group("rank"):
        number = m.group("rn") or "一"
        value = int(number) if number.isdigit() else cn_to_int(number)
        return Mention(m.start(), m.end(), "rank", _plain(value, "名"), rank_scope=m.group("scope"))
    if m.group("streak"):
        return Mention(
            m.start(), m.end(), "streak", _plain(cn_to_int(m.group("sn")), m.group("su"))
        )
    if m.group("zero"):
        return Mention(m.start("zero"), m.end(), "zero", _plain(0, ""))
    if m.group("ratioword") or m.group("ratio"):
        ratio = parse_digits(m.group("rv") or m.group("rl"))
        start = m.start("rv") if m.group("rv") else m.start()
        return Mention(start, m.end(), "ratio", Quantity(ratio, "比值", ratio, "比值"))
    if m.group("mag"):
        # 超万人, 百名: a bare magnitude, not the end of a longer numeral (三百名 is no fact here).
        before = m.string[m.start() - 1 : m.start()]
        if before and (before.isdigit() or before in CN_NUMERAL):
            return None
        unit = "人次" if m.group("mu") == "人次" else "人"
        value = cn_to_int(m.group("mn"))
        return Mention(
            m.start(),
            m.end(),
            "mag",
            _plain(value, unit),
            approx=before != "" and before in "超近逾",
        )
    return None


def _plain(value: int | None, unit: str) -> Quantity:
    number = Decimal(value or 0)
    return Quantity(number, unit, number, unit)


def excluded(scan: str, m: Mention) -> bool:
    """Dates, ordinals, names, quotations, structural and award counts, economic figures."""
    before, after = scan[: m.start], scan[m.end : m.end + 12]
    unit = m.quantity.unit
    if m.kind == "qty":
        if unit == "年" and m.quantity.value >= 1900:
            return True
        if unit in ("日", "天") and re.search(r"月\s*$", before):
            return True
        if before.endswith(("第", "第 ")) or (after[:1].isascii() and after[:1].isalpha()):
            return True
        if m.tail == "以上" and after[:1] not in ("", *LIST_MARKS, "。", ")"):
            return True  # 5名以上“法律明白人”: a threshold inside a name
        if unit[-1:] in CLASSIFIERS and STRUCTURAL_RE.search(after_phrase(scan, m.end)[:8]):
            return True
    if m.kind != "zero" and _inside_quotes(before):
        return True
    clause = clause_before(scan, m.start, LIST_MARKS)
    if ECONOMIC_RE.search(clause) or clause.lstrip().startswith("全国"):
        return True
    return m.kind == "qty" and _awarded(scan, m)


def _inside_quotes(before: str) -> bool:
    depth = 0
    for opening, closing in OPEN_MARKS.items():
        if opening == closing:
            depth += before.count(opening) % 2
        else:
            depth += before.count(opening) - before.count(closing)
    return depth > 0


def _awarded(scan: str, m: Mention) -> bool:
    """1个项目入选…, 入选…指引1个, 列入全国45家试点之一: counts of awards and honours."""
    if m.quantity.unit[-1:] not in CLASSIFIERS:
        return False
    rest = scan[m.end :]
    stop = re.search(r"[,;。，；]", rest)
    clause = (
        clause_before(scan, m.start, CLAUSE_MARKS) + rest[: stop.start() if stop else len(rest)]
    )
    return bool(AWARD_RE.search(clause))


def boundary(scan: str, position: int, marks: str) -> int:
    """Where the clause (or list item) holding `position` starts; marks inside a closed
    parenthesis (镇(街道)、) do not end it, an open one does ((含2022年结转7件))."""
    nearest = max(scan.rfind(mark, 0, position) for mark in marks)
    if ")" not in scan[nearest + 1 : position]:
        return nearest + 1  # the common case, without walking back character by character
    depth = 0
    for index in range(position - 1, -1, -1):
        ch = scan[index]
        if ch == ")":
            depth += 1
        elif ch == "(" and depth:
            depth -= 1
        elif ch in marks and not depth:
            return index + 1
    return 0


def clause_before(scan: str, position: int, marks: str) -> str:
    return scan[boundary(scan, position, marks) : position]


def after_phrase(scan: str, position: int) -> str:
    """The noun a figure counts when it comes after the figure: 对576家「企业」进行…"""
    rest = scan[position : position + 30]
    stop = AFTER_STOP.search(rest)
    return rest[: stop.start() if stop else len(rest)]
