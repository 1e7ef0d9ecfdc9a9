"""The columns of the two 台账 (行政复议, 行政诉讼): the template's header, the other headers
counties write for the same column, how a cell is read, and what the template says about it.

The template, the import and the export all read this one list, so an exported file has the
template's columns and imports again unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from . import ledger_values as values
from .ledger_values import Variants, key

# How a cell is read (see `ledger.read_cell`).
TEXT, NUMBER, COURT_NUMBER, RECON_NUMBER = "text", "number", "court_number", "recon_number"
DATE, BOOL, ENUM, OUTCOME, NAMES, IDS = "date", "bool", "enum", "outcome", "names", "ids"
AMOUNT, DAYS, UNIT, COURT, FIELD = "amount", "days", "unit", "court", "field"
APPEARANCE, POSITION = "appearance", "position"

# Sheets of a workbook that hold no cases: the template's own and common notes sheets.
NOTES_SHEETS = frozenset({"填写说明", "可选值", "导出说明", "说明", "备注", "填报说明"})
# Headers of columns that carry nothing to store.
IGNORED_HEADERS = frozenset(key(h) for h in ("序号", "序", "NO", "No.", "序列号", "行号"))
# A row whose first cells say this is a total, not a case.
TOTAL_WORDS = frozenset({"合计", "总计", "小计", "共计", "合计：", "总计："})


@dataclass(frozen=True)
class Column:
    key: str  # the model attribute, or the name the import knows the value by
    header: str  # as the template writes it
    read: str  # how a cell is read
    aliases: tuple[str, ...] = ()
    required: bool = False
    note: str = ""
    variants: Variants | None = None
    limit: int = 0  # for text: the most characters stored
    width: int = 14

    @property
    def shown_values(self) -> str:
        if self.variants is not None:
            return "、".join(self.variants.shown)
        if self.read == BOOL:
            return "是、否（留空为否）"
        if self.read == DATE:
            return values.DATE_FORMS
        return ""


def _c(key_: str, header: str, read: str, *aliases: str, **kw: object) -> Column:
    return Column(key_, header, read, tuple(aliases), **kw)  # type: ignore[arg-type]


UNIT_NOTE = "写全称、简称或不带县名的名称（如 县公安局、公安局），须能在本县单位中唯一确定"
FIELD_NOTE = (
    "留空时按被申请人（被告）的名称推断，推断不出的记为“其他”；领域及其别名可在配置后台维护"
)
NAMES_NOTE = "多人用顿号（、）或逗号分隔"
IDS_NOTE = "与姓名顺序对应，多个用顿号分隔，某人没有的写“—”"
DATE_NOTE = "日期，如 2023-05-06"

RECON_COLUMNS: tuple[Column, ...] = (
    _c("case_number", "案号", NUMBER, "复议案号", "案件编号", "复议案件编号", "立案编号",
       required=True, note="按案号新增或更新；全角数字自动转为半角", width=22),
    _c("applicants", "申请人", NAMES, "申请人姓名", "申请人名称", "申请人姓名或名称",
       "申请人（姓名/名称）", "复议申请人", required=True, note=NAMES_NOTE, width=16),
    _c("applicant_ids", "申请人证件号码", IDS, "申请人身份证号", "申请人身份证号码", "身份证号",
       "身份证号码", "证件号码", "统一社会信用代码", "申请人证件号", note=IDS_NOTE, width=22),
    _c("respondent", "被申请人", UNIT, "被申请单位", "被申请人名称", "被申请机关",
       "被申请行政机关", "被申请人单位", required=True, note=UNIT_NOTE, width=24),
    _c("act_type", "行为类别", ENUM, "行政行为类别", "行为类型", "案件类别", "案由", "案件类型",
       "被申请行为类别", required=True, variants=values.ACT_TYPES),
    _c("field", "领域", FIELD, "所属领域", "案件领域", "涉及领域", "行政管理领域", "管理领域",
       "涉案领域", note=FIELD_NOTE),
    _c("act_description", "被申请的行政行为", TEXT, "被申请行政行为", "具体行政行为", "行政行为",
       "原行政行为", limit=200, width=24),
    _c("claim", "复议请求", TEXT, "复议请求事项", "申请事项", "请求事项", width=24),
    _c("amount", "涉案金额（元）", AMOUNT, "涉案金额", "罚款金额", "金额", "标的额"),
    _c("applied_on", "申请日期", DATE, "提出申请日期", "申请时间", note=DATE_NOTE),
    _c("received_on", "收到申请日期", DATE, "收案日期", "收到日期", "接收日期", "收件日期",
       "申请收到日期", "收到申请时间", "收案时间", required=True, note=DATE_NOTE),
    _c("correction_requested_on", "通知补正日期", DATE, "补正通知日期", note=DATE_NOTE),
    _c("correction_supplied_on", "补正材料日期", DATE, "补正日期", "收到补正材料日期",
       note=DATE_NOTE),
    _c("accepted_on", "受理日期", DATE, "立案日期", "受理时间", "立案时间",
       note="有受理日期的案件为“审理中”（或已结案）"),
    _c("copy_sent_on", "发送申请书副本日期", DATE, "发送副本日期", "送达副本日期", note=DATE_NOTE),
    _c("reply_received_on", "收到答复日期", DATE, "答复日期", "被申请人答复日期", note=DATE_NOTE),
    _c("procedure", "审理程序", ENUM, "适用程序", "程序", variants=values.PROCEDURES,
       note="留空为普通程序"),
    _c("simple_ground", "简易程序适用情形", ENUM, "简易程序情形", "适用简易程序情形",
       variants=values.SIMPLE_GROUNDS, note="适用简易程序的须填写（行政复议法 第53条）", width=20),
    _c("hearing_held", "是否听证", BOOL, "听证", "是否举行听证", "是否听证审理", "听证情况"),
    _c("hearing_on", "听证日期", DATE, "听证时间",
       note="听证的案件须填写；台账没有此列时不检查"),
    _c("head_attendance", "被申请人负责人参加听证", ENUM, "负责人参加听证", "负责人是否参加听证",
       "负责人参加听证情况", "负责人是否参加", variants=values.HEAD_ATTENDANCE,
       note="听证的案件须填写（行政复议法 第51条）；台账没有此列时不检查", width=20),
    _c("pre_filing_resolved", "立案前化解", BOOL, "是否立案前化解"),
    _c("quick_fine", "小额罚款快速通关", BOOL, "快速通关", "是否快速通关"),
    _c("committee_consulted", "提请复议委员会咨询", BOOL, "复议委员会咨询",
       "是否提请复议委员会咨询", "复议委员会"),
    _c("extension_days", "延期天数", DAYS, "延长天数", "延期", "延长审理期限天数",
       note="不超过 30 日（行政复议法 第62条）"),
    _c("extended_on", "延期批准日期", DATE, "延期日期", note=DATE_NOTE),
    _c("closed_on", "结案日期", DATE, "办结日期", "审结日期", "决定日期", "结案时间", "办结时间",
       note="填写结案方式的须填写"),
    _c("outcome", "结案方式", OUTCOME, "审理结果", "复议结果", "处理结果", "结案情况", "决定结果",
       "复议决定", "复议决定结果", "决定类型", variants=values.RECON_OUTCOMES,
       note="有结案方式的案件为“已结案”", width=18),
    _c("note", "备注", TEXT, "说明", width=24),
)  # fmt: skip

LAWSUIT_COLUMNS: tuple[Column, ...] = (
    _c("case_number", "案号", COURT_NUMBER, "诉讼案号", "法院案号", "案件编号",
       required=True, note="按案号新增或更新；全角数字自动转为半角", width=24),
    _c("instance", "审级", ENUM, "审判程序", "审级程序", variants=values.INSTANCES,
       note="留空时按案号（行初/行终/行再）判断，判断不出的为一审"),
    _c("court", "受理法院", COURT, "法院", "审理法院", "管辖法院", "受案法院", required=True,
       note="本县或上级的人民法院", width=20),
    _c("plaintiffs", "原告", NAMES, "原告姓名", "原告名称", "原告姓名或名称", "起诉人", "原告人",
       required=True, note=NAMES_NOTE, width=16),
    _c("plaintiff_ids", "原告证件号码", IDS, "原告身份证号", "原告身份证号码", "身份证号",
       "身份证号码", "证件号码", "统一社会信用代码", note=IDS_NOTE, width=22),
    _c("defendant", "被告", UNIT, "被告单位", "被告名称", "被告机关", "被诉行政机关", "被诉单位",
       required=True, note=UNIT_NOTE, width=24),
    _c("co_defendant", "共同被告（复议机关）", UNIT, "共同被告", "复议维持共同被告",
       "复议机关共同被告", note="复议维持原行政行为的，复议机关为共同被告（行政诉讼法 第26条）",
       width=20),
    _c("act_type", "案由", ENUM, "行为类别", "案件类别", "行为类型", "被诉行为类别", "案由（行为类别）",
       required=True, variants=values.ACT_TYPES, note="被诉行政行为的类别"),
    _c("field", "领域", FIELD, "所属领域", "案件领域", "涉及领域", "行政管理领域", "管理领域",
       "涉案领域", note=FIELD_NOTE),
    _c("claim", "诉讼请求", TEXT, "原告诉讼请求", "请求事项", width=24),
    _c("amount", "涉案金额（元）", AMOUNT, "涉案金额", "罚款金额", "金额", "标的额"),
    _c("reconsideration", "前置复议案号", RECON_NUMBER, "复议案号", "关联复议案号", "复议案件案号",
       "原复议案号", "经复议案号", note="经复议后起诉的，填写已导入的复议案号", width=22),
    _c("previous_instance", "原审案号", COURT_NUMBER, "一审案号", "原审案件案号",
       note="二审、再审案件填写原审案号（须已导入或在本文件中）", width=24),
    _c("simple_procedure", "简易程序", BOOL, "是否简易程序", "适用简易程序"),
    _c("filed_on", "立案日期", DATE, "立案时间", "收案日期", "受理日期", "立案受理日期",
       required=True, note=DATE_NOTE),
    _c("complaint_received_on", "收到起诉状副本日期", DATE, "收到起诉状日期", "收到应诉通知日期",
       "收到应诉通知书日期", "收到起诉状副本时间", note="应诉答辩期自此起算（行政诉讼法 第67条）",
       width=18),
    _c("answered_on", "提交答辩日期", DATE, "答辩日期", "提交答辩状日期", "答辩时间", note=DATE_NOTE),
    _c("hearing_on", "开庭日期", DATE, "开庭时间", "首次开庭日期", note="开庭的案件填写"),
    _c("head_requested", "法院通知负责人出庭", BOOL, "是否通知负责人出庭", "法院要求负责人出庭",
       "通知出庭", width=18),
    _c("head_appeared", "负责人是否出庭", APPEARANCE, "负责人出庭", "行政机关负责人是否出庭",
       "负责人出庭情况", "出庭情况", "负责人出庭应诉", variants=values.APPEARANCE,
       note="开庭的案件填写是或否；未开庭的填写“未开庭”或留空"),
    _c("head_name", "出庭负责人姓名", TEXT, "出庭负责人", "出庭人员", "出庭人员姓名", "出庭人",
       limit=50, note="负责人出庭的须填写；台账没有此列时不检查"),
    _c("head_position", "出庭负责人职务", POSITION, "出庭人员职务", "负责人职务", "出庭人职务",
       "职务", limit=50, note="如 局长、副局长、分管副局长、副县长；受委托组织或下级机关的负责人、"
       "工作人员、律师不计为负责人出庭（最高法 2020 年规定 第2条）", width=16),
    _c("excuse", "未出庭理由", TEXT, "负责人未出庭理由", "未出庭原因", "负责人未出庭原因", width=20),
    _c("outcome", "裁判结果", OUTCOME, "结案方式", "审理结果", "判决结果", "结果", "判决情况",
       "裁判情况", variants=values.LAWSUIT_OUTCOMES, note="有裁判结果的案件为“已结案”", width=18),
    _c("closed_on", "结案日期", DATE, "裁判日期", "判决日期", "审结日期", "结案时间", "裁判时间",
       note="填写裁判结果的须填写"),
    _c("served_on", "裁判文书送达日期", DATE, "送达日期", "判决送达日期", "文书送达日期",
       note=DATE_NOTE, width=16),
    _c("defendant_changed_act", "被告改变行政行为后撤诉", BOOL, "改变行政行为后撤诉",
       "被告改变行为后撤诉", note="以撤诉结案时填写", width=20),
    _c("appealed", "是否上诉", BOOL, "上诉", "已上诉"),
    _c("note", "备注", TEXT, "说明", width=24),
)  # fmt: skip


@dataclass(frozen=True)
class LedgerKind:
    """One of the two ledgers: its name in URLs, its columns and its wording tables."""

    slug: str  # reconsideration | litigation
    label: str  # 行政复议 | 行政诉讼
    columns: tuple[Column, ...]
    outcomes: Variants
    other_outcomes: Variants  # the other case type's, so that a misplaced one is named
    party_label: str
    unit_label: str

    @property
    def sheet(self) -> str:
        return f"{self.label}台账"

    @property
    def filename(self) -> str:
        return f"{self.label}台账"

    @cached_property
    def by_key(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns}

    @cached_property
    def header_lookup(self) -> dict[str, str]:
        """Header (as `ledger_values.key` reads it) → column key; a header taken twice is a bug."""
        lookup: dict[str, str] = {}
        for column in self.columns:
            for header in (column.header, *column.aliases):
                k = key(header)
                if lookup.setdefault(k, column.key) != column.key:
                    raise ValueError(f"{self.label}台账列名“{header}”同时指向两列")
        return lookup

    def column_key(self, header: str) -> str | None:
        return self.header_lookup.get(key(header).rstrip("*"))

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)


RECONSIDERATION = LedgerKind(
    slug="reconsideration",
    label="行政复议",
    columns=RECON_COLUMNS,
    outcomes=values.RECON_OUTCOMES,
    other_outcomes=values.LAWSUIT_OUTCOMES,
    party_label="申请人",
    unit_label="被申请人",
)
LITIGATION = LedgerKind(
    slug="litigation",
    label="行政诉讼",
    columns=LAWSUIT_COLUMNS,
    outcomes=values.LAWSUIT_OUTCOMES,
    other_outcomes=values.RECON_OUTCOMES,
    party_label="原告",
    unit_label="被告",
)
KINDS = {k.slug: k for k in (RECONSIDERATION, LITIGATION)}


def other_kind(kind: LedgerKind) -> LedgerKind:
    return LITIGATION if kind is RECONSIDERATION else RECONSIDERATION
