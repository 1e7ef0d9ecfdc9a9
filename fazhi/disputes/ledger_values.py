"""Reading the cells of a county's 台账: dates, case numbers, names, yes/no and the wordings of
each enumeration, as ledgers really write them.

Everything here is pure (no database): a parser takes one cell and returns the value the model
stores, or raises `CellError` with a Chinese reason. The variant tables map the wordings seen in
real ledgers (决定维持 / 维持原行政行为 / 维持 → 维持 …) to the enumerations of `enums.py`; a
wording that is in no table is an error, never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .enums import (
    ActType,
    HeadAttendance,
    HeadRank,
    Instance,
    LawsuitOutcome,
    PartyKind,
    Procedure,
    ReconOutcome,
    SimpleGround,
)


class CellError(ValueError):
    """A cell that cannot be read; `args[0]` is the Chinese reason."""

    @property
    def message(self) -> str:
        return str(self.args[0])


# ---------------------------------------------------------------------------------------------
# Text

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}  # ！…～ → !…~
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_DIGITS = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}  # ０…９ → 0…9
_WHITESPACE = re.compile(r"\s+")
# Characters that carry no meaning in a wording: spaces, punctuation, brackets, quotes.
_NOISE = re.compile(r"[\s()（）\[\]【】〔〕,，.。、;；:：\"'“”‘’·\-—_/\\]+")


def text(value: Any) -> str:
    """A cell as trimmed text; 3.0 → "3"; a date → 2023-05-06."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip().replace("\u3000", " ").strip()


def half_width(value: str) -> str:
    """Full-width letters, digits and signs as ASCII (ＡＢ１２ → AB12)."""
    return value.translate(_FULLWIDTH)


def key(value: Any) -> str:
    """The form a wording is looked up by: NFKC, upper case, no spaces or punctuation."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text(value))).upper()


def compact(value: Any) -> str:
    """A name as compared: half-width, no spaces at all (“县公安局 ” → “县公安局”)."""
    return _WHITESPACE.sub("", half_width(text(value)))


# ---------------------------------------------------------------------------------------------
# Case numbers

_FULLWIDTH_LETTERS = {
    code: code - 0xFEE0 for code in [*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}
_HAS_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"[\[［【〔(（]\s*(\d{4})\s*[\]］】〕)）]")


def case_number(value: Any, *, court: bool) -> str:
    """A case number with half-width digits, no spaces and the year in the usual brackets:
    〔2022〕 for a 复议 number (示复〔２０２２〕１号 → 示复〔2022〕1号), （2022） for a court's."""
    raw = _WHITESPACE.sub("", text(value).translate(_DIGITS).translate(_FULLWIDTH_LETTERS))
    if not raw:
        return ""
    brackets = "（{}）" if court else "〔{}〕"
    number = _YEAR.sub(lambda m: brackets.format(m.group(1)), raw, count=1)
    if len(number) > 64:
        raise CellError("案号不能超过 64 个字符")
    if not _HAS_DIGIT.search(number):
        raise CellError("案号中没有数字，不像案号")
    return number


# ---------------------------------------------------------------------------------------------
# Dates

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_FIRST_SERIAL, _LAST_SERIAL = 29221, 73051  # 1980-01-01 … 2100-01-01
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*[T ]?\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?)?$"
)
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
DATE_FORMS = "2023-05-06、2023/5/6、2023.5.6、2023年5月6日、20230506 或 Excel 日期"


def date(value: Any) -> dt.date | None:
    """A date written any way ledgers write it, or an Excel date cell or serial number."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(value)
    raw = half_width(text(value))
    if not raw:
        return None
    if raw.isdigit() and len(raw) != 8:
        return _serial(int(raw))
    match = _DATE.match(raw) or _COMPACT_DATE.match(raw)
    if match is None:
        raise CellError(f"无法识别的日期，请写作 {DATE_FORMS}")
    return _ymd(*(int(part) for part in match.groups()))


def _serial(number: float) -> dt.date:
    if number != int(number) or not _FIRST_SERIAL <= number <= _LAST_SERIAL:
        if 19800101 <= number <= 21001231 and number == int(number):
            return date(str(int(number)))  # type: ignore[return-value]  # 20230506 as a number
        raise CellError(f"数字 {text(number)} 不是有效的日期，请写作 {DATE_FORMS}")
    return _EXCEL_EPOCH + dt.timedelta(days=int(number))


def _ymd(year: int, month: int, day: int) -> dt.date:
    if not 1980 <= year <= 2100:
        raise CellError(f"年份 {year} 不合理")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(f"日期不存在：{year}年{month}月{day}日") from None


# ---------------------------------------------------------------------------------------------
# Numbers, yes/no, names

_MONEY = re.compile(r"^(-?\d+(?:\.\d+)?)(万)?(?:元|圆)?$")


def amount(value: Any) -> Decimal | None:
    """An amount in 元: 1234.5, “1,234.50元”, “1.2万元”."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = Decimal(str(value))
    else:
        raw = half_width(text(value)).replace(",", "").replace(" ", "").replace("，", "")
        if not raw:
            return None
        match = _MONEY.match(raw)
        if match is None:
            raise CellError("金额应为数字（单位：元），如 2000 或 1.2万元")
        number = Decimal(match.group(1)) * (10000 if match.group(2) else 1)
    try:
        number = number.quantize(Decimal("0.01"))
    except InvalidOperation:
        raise CellError("金额过大") from None
    if number < 0 or number >= Decimal("1e12"):
        raise CellError("金额应为不小于 0 且小于一万亿的数字")
    return number


def whole_days(value: Any) -> int:
    """A count of days: 30, “30日”, “30天”; empty is 0."""
    raw = half_width(text(value)).removesuffix("日").removesuffix("天").strip()
    if not raw:
        return 0
    if not raw.isdigit():
        raise CellError("应为天数（整数），如 30")
    return int(raw)


YES_WORDS = ("是", "有", "Y", "YES", "TRUE", "1", "√", "✓", "✔", "已")
NO_WORDS = ("否", "无", "没有", "N", "NO", "FALSE", "0", "×", "✗", "未", "不")
_YES = {key(w) for w in YES_WORDS}
_NO = {key(w) for w in NO_WORDS}


def yes_no(value: Any) -> bool:
    """是/否 (also 有/无, √/×, Y/N); empty is 否."""
    k = key(value)
    if not k or k in _NO:
        return False
    if k in _YES:
        return True
    raise CellError("应填写“是”或“否”")


_SEPARATORS = re.compile(r"[、,，;；\n\r]+")
_ORGANISATION = re.compile(
    r"(公司|企业|集团|合作社|联合社|厂|店|商行|超市|酒店|宾馆|门市部|经营部|工作室|中心|协会|商会"
    r"|基金会|银行|学校|幼儿园|医院|卫生院|诊所|事务所|研究院|研究所|委员会|村民小组|农场|俱乐部)"
)


def names(value: Any, limit: int = 100) -> list[str]:
    """Several parties in one cell, separated by 、 , ; or new lines."""
    found = [part.strip() for part in _SEPARATORS.split(text(value)) if part.strip()]
    for name in found:
        if len(name) > limit:
            raise CellError(f"名称“{name[:20]}…”超过 {limit} 个字符")
    return found


def party_kind(name: str) -> str:
    """An applicant or plaintiff whose name reads like a business or body is an organisation."""
    return PartyKind.ORGANISATION if _ORGANISATION.search(name) else PartyKind.PERSON


ID_PLACEHOLDERS = frozenset({"—", "-", "--", "——", "无", "/", "／"})


def id_numbers(value: Any) -> list[str]:
    """ID or credit-code numbers, in the order of the names, half-width and upper case; a
    party without one is written “—” ("" here)."""
    return [
        "" if part in ID_PLACEHOLDERS else half_width(part).upper()
        for part in names(value, limit=30)
    ]


# ---------------------------------------------------------------------------------------------
# Enumerations: one variant table per enumeration


@dataclass(frozen=True)
class Variants:
    """The wordings of one enumeration: its labels and values, plus the variants listed."""

    what: str  # the thing named, for messages: 结案方式, 行为类别 …
    lookup: Mapping[str, str]
    shown: tuple[str, ...]  # the allowed values as the template lists them

    @classmethod
    def of(
        cls,
        what: str,
        choices: Iterable[tuple[str, str]],
        variants: Mapping[str, Iterable[str]],
        shown: Iterable[str] | None = None,
    ) -> Variants:
        lookup: dict[str, str] = {}
        labels = []
        for value, label in choices:
            labels.append(label)
            lookup[key(label)] = value
            if value:
                lookup[key(value)] = value
        for value, words in variants.items():
            for word in words:
                lookup.setdefault(key(word), value)
        return cls(what, lookup, tuple(shown if shown is not None else labels))

    def get(self, value: Any) -> str | None:
        return self.lookup.get(key(value))

    def parse(self, value: Any) -> str:
        found = self.get(value)
        if found is None:
            raise CellError(
                f"无法识别的{self.what}“{text(value)}”，应为 {'、'.join(self.shown)} 之一"
            )
        return found


RO, LO = ReconOutcome, LawsuitOutcome

RECON_OUTCOMES = Variants.of(
    "结案方式",
    ReconOutcome.choices,
    {
        RO.UPHOLD: ["决定维持", "维持原行政行为", "维持原具体行政行为", "复议维持", "予以维持",
                    "维持原决定", "决定维持原行政行为"],
        RO.REJECT_REQUEST: ["驳回", "驳回请求", "决定驳回", "驳回申请人的复议请求",
                            "驳回行政复议请求", "驳回复议申请人请求"],
        RO.DISMISSED: ["驳回申请", "驳回复议申请", "驳回行政复议申请", "受理后驳回申请"],
        RO.CHANGE: ["决定变更", "变更原行政行为", "变更原具体行政行为"],
        RO.REVOKE: ["撤销原行政行为", "撤销原具体行政行为", "决定撤销", "撤销并责令重作",
                    "撤销并责令重新作出", "撤销并责令重新作出行政行为"],
        RO.PARTIAL_REVOKE: ["部分撤销原行政行为", "决定部分撤销"],
        RO.CONFIRM_ILLEGAL: ["决定确认违法", "确认原行政行为违法", "确认违法决定"],
        RO.ORDER_PERFORM: ["责令履行法定职责", "责令被申请人履行法定职责", "责令履职",
                           "决定责令履行"],
        RO.CONFIRM_VOID: ["决定确认无效", "确认原行政行为无效"],
        RO.AGREEMENT: ["行政协议", "责令履行行政协议", "责令承担行政协议责任"],
        RO.COMPENSATION: ["决定赔偿", "责令赔偿", "行政赔偿"],
        RO.MEDIATED: ["调解", "复议调解", "调解书结案", "出具调解书"],
        RO.SETTLED: ["和解", "和解撤回", "和解结案", "和解后撤回", "和解后撤回申请", "达成和解终止",
                     "和解撤回终止"],
        RO.WITHDRAWN: ["撤回", "撤回申请", "撤回申请终止", "撤回终止", "申请人撤回",
                       "申请人撤回申请", "申请人撤回申请，终止审理", "申请人撤回申请终止",
                       "主动撤回", "撤回复议申请"],
        RO.TERMINATED: ["其他终止", "终止(其他)", "终止", "终止审理", "终止复议", "其他原因终止审理"],
        RO.NOT_ACCEPTED: ["决定不予受理", "不予受理决定"],
        RO.ABANDONED: ["视为放弃", "视为放弃申请", "放弃申请", "逾期未补正"],
    },
)  # fmt: skip

LAWSUIT_OUTCOMES = Variants.of(
    "裁判结果",
    LawsuitOutcome.choices,
    {
        LO.REVOKE: ["撤销", "撤销行政行为", "判决撤销行政行为", "撤销并责令重作", "判决撤销并责令重作"],
        LO.PARTIAL_REVOKE: ["部分撤销"],
        LO.PERFORM: ["履行法定职责", "责令履行", "判决责令履行", "责令履行法定职责", "判决履行",
                     "判决被告履行法定职责"],
        LO.PAYMENT: ["给付", "判决给付义务"],
        LO.CONFIRM_ILLEGAL: ["确认违法", "判决确认行政行为违法"],
        LO.CONFIRM_VOID: ["确认无效", "判决确认行政行为无效"],
        LO.CHANGE: ["变更", "判决变更行政行为"],
        LO.AGREEMENT: ["行政协议责任", "判决继续履行协议", "判决承担违约责任"],
        LO.COMPENSATION: ["赔偿", "判决赔偿", "补救", "判决补救", "判决赔偿损失"],
        LO.REJECT_CLAIM: ["驳回诉讼请求", "判决驳回原告诉讼请求", "驳回原告诉讼请求",
                          "驳回原告的诉讼请求", "判决驳回", "判决驳回诉讼请求"],
        LO.DISMISS_SUIT: ["驳回起诉", "裁定驳回原告起诉", "驳回原告起诉"],
        LO.WITHDRAWN: ["准予撤诉", "原告撤诉", "裁定准予撤诉", "撤回起诉", "准许撤诉", "按撤诉处理",
                       "裁定撤诉"],
        LO.MEDIATED: ["调解结案", "行政调解书", "调解书结案"],
        LO.TRANSFERRED: ["裁定移送", "移送管辖"],
        LO.ENDED: ["终结诉讼", "裁定终结诉讼"],
    },
)  # fmt: skip

ACT_TYPES = Variants.of(
    "行为类别",
    ActType.choices,
    {
        ActType.PENALTY: ["处罚", "行政处罚决定"],
        ActType.COERCION: ["强制", "行政强制措施", "行政强制执行"],
        ActType.LICENSING: ["许可", "行政审批"],
        ActType.EXPROPRIATION: ["征收", "征用", "行政征收", "行政征用", "征收补偿"],
        ActType.INFO_DISCLOSURE: ["信息公开", "政府信息公开答复"],
        ActType.NONPERFORMANCE: ["不作为", "行政不作为", "不履职", "履行法定职责"],
        ActType.COMPLAINT: ["举报投诉", "投诉举报", "投诉处理", "举报处理", "投诉举报处理"],
        ActType.CONFIRMATION: ["确认", "工伤认定"],
        ActType.OTHER: ["其它", "其他行政行为"],
    },
)

INSTANCES = Variants.of(
    "审级",
    Instance.choices,
    {
        Instance.FIRST: ["第一审", "初审", "一审程序"],
        Instance.SECOND: ["第二审", "上诉", "二审程序"],
        Instance.RETRIAL: ["申请再审", "再审程序", "审判监督"],
    },
)
# The court's case number says the instance: （2022）浙0999行初1号.
INSTANCE_IN_NUMBER = (
    ("行初", Instance.FIRST),
    ("行终", Instance.SECOND),
    ("行再", Instance.RETRIAL),
)

PROCEDURES = Variants.of(
    "审理程序", Procedure.choices, {Procedure.NORMAL: ["普通"], Procedure.SIMPLE: ["简易"]}
)

SIMPLE_GROUNDS = Variants.of(
    "简易程序适用情形",
    SimpleGround.choices,
    {
        SimpleGround.ON_THE_SPOT: ["当场作出", "当场"],
        SimpleGround.WARNING: ["警告", "通报批评", "警告或通报批评"],
        SimpleGround.SMALL_AMOUNT: ["三千元以下", "3000元以下", "小额", "涉案金额3000元以下"],
        SimpleGround.INFO_DISCLOSURE: ["政府信息公开", "信息公开"],
        SimpleGround.PARTIES_AGREE: ["当事人同意", "各方同意", "当事人各方同意"],
    },
)

HEAD_ATTENDANCE = Variants.of(
    "负责人参加听证情况",
    [c for c in HeadAttendance.choices if c[0]],
    {
        HeadAttendance.ATTENDED: ["是", "参加", "已参加", "出席", "负责人出席"],
        HeadAttendance.EXCUSED: ["委托", "委托参加", "说明理由", "委托工作人员参加"],
        HeadAttendance.ABSENT: ["否", "不参加", "未出席"],
    },
)

# 负责人是否出庭: True, False, or None for a case not heard (未开庭).
NOT_HEARD = "not_heard"
APPEARANCE = Variants.of(
    "负责人是否出庭",
    [("yes", "是"), ("no", "否"), (NOT_HEARD, "未开庭")],
    {
        "yes": ["出庭", "已出庭", "负责人出庭"],
        "no": ["未出庭", "不出庭", "负责人未出庭"],
        NOT_HEARD: ["不开庭", "未开庭审理", "书面审理", "无需开庭", "尚未开庭"],
    },
)

# 出庭负责人职务 → who it was (最高法 2020 规定 第2条). The first pattern found in the position
# decides, so the more specific come first (副局长 before 局长).
HEAD_POSITIONS: tuple[tuple[tuple[str, ...], HeadRank], ...] = (
    (("律师",), HeadRank.LAWYER_ONLY),
    (("受委托",), HeadRank.ENTRUSTED_HEAD),
    (("下级",), HeadRank.LOWER_AGENCY_HEAD),
    (("分管",), HeadRank.IN_CHARGE),
    (("副县长", "副区长", "副市长", "县长", "区长", "市长", "政府负责人"), HeadRank.GOVERNMENT_LEADER),
    (("副科长", "科长", "股长", "科员", "工作人员", "干部", "法制员", "经办人"), HeadRank.STAFF),
    (("副局长", "副镇长", "副乡长", "副主任", "副队长", "副院长", "副书记", "副职"), HeadRank.DEPUTY),
    (("所长",), HeadRank.LOWER_AGENCY_HEAD),
    (("党组成员", "党委委员", "总工程师", "总经济师", "总规划师"), HeadRank.OTHER_IN_CHARGE),
    (("局长", "镇长", "乡长", "主任", "队长", "书记", "院长", "正职", "一把手"), HeadRank.PRINCIPAL),
)  # fmt: skip
_RANK_LABELS = {key(label): value for value, label in HeadRank.choices}
HEAD_POSITION_EXAMPLES = "局长、副局长、分管副局长、县长、副县长、镇长、副镇长、科长、律师"


def head_rank(position: str) -> str:
    """The HeadRank of a position as ledgers write it (局长 → 正职负责人)."""
    k = key(position)
    if not k:
        return ""
    if k in _RANK_LABELS:
        return _RANK_LABELS[k]
    for words, rank in HEAD_POSITIONS:
        if any(word in k for word in words):
            return rank
    labels = "、".join(HeadRank.labels)
    raise CellError(
        f"无法识别出庭负责人职务“{position}”，请写明 {labels} 之一，或常见职务如 {HEAD_POSITION_EXAMPLES}"
    )
