"""行政复议 and 行政诉讼 cases, their parties, hearings and the 争议化解 records.

Dates are stored as the ledgers know them; what follows from them (due dates, 纠错, 败诉,
办案天数, 负责人出庭) is derived by the services in one place and stored, so that lists and
indicators filter and aggregate in the database.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from fazhi.core.models import TimeStampedModel, VersionedModel
from fazhi.org.scoping import ScopedQuerySet

from .enums import (
    LAWSUIT_LOSSES,
    LAWSUIT_MEDIATED_OR_WITHDRAWN,
    QUALIFYING_HEAD_RANKS,
    RECON_CORRECTIONS,
    RECON_MEDIATED_OR_WITHDRAWN,
    ActType,
    HeadAttendance,
    HeadRank,
    Instance,
    LawsuitOutcome,
    LawsuitStatus,
    PartyKind,
    Procedure,
    ProgressKind,
    ReconOutcome,
    ReconStatus,
    SimpleGround,
    SuspensionReason,
)

PERSONAL = {"id_number": "id_number", "phone": "phone", "address": "address"}


class DisputeField(models.Model):
    """A field of administration (领域) a dispute belongs to; a county edits the list in admin.

    `aliases` lists the other names ledgers use for it, one per line or separated by 、 or ,.
    """

    code = models.SlugField("编码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=30, unique=True)
    aliases = models.TextField(
        "别名", blank=True, help_text="台账中的其他写法，每行一个或用顿号分隔"
    )
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "争议领域"
        verbose_name_plural = "争议领域"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    def alias_list(self) -> list[str]:
        parts = self.aliases.replace("、", "\n").replace(",", "\n").replace("，", "\n")
        return [part.strip() for part in parts.splitlines() if part.strip()]


class Risk(models.Model):
    """The 争议化解 fields both case types share: 高败诉风险, 包案领导, responsible unit."""

    high_risk = models.BooleanField("高败诉风险", default=False, db_index=True)
    risk_reason = models.TextField("风险原因", blank=True)
    risk_marked_on = models.DateField("标记日期", null=True, blank=True)
    lead_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="包案领导",
    )
    risk_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="化解责任单位",
    )

    class Meta:
        abstract = True

    @property
    def answering_unit(self) -> Any:
        """The unit answering the case: the 被申请人 of a 复议 case, the 被告 of a lawsuit."""
        raise NotImplementedError

    @property
    def responsible_unit(self) -> Any:
        """化解责任单位: the unit named for it, else the unit answering the case."""
        return self.risk_unit or self.answering_unit


# ---------------------------------------------------------------------------------------------
# 行政复议


class ReconsiderationQuerySet(ScopedQuerySet["Reconsideration"]):
    # Seen by the respondent, by the body that handles the case, and by the unit charged with
    # resolving it.
    unit_fields = ("respondent", "handling_unit", "risk_unit")

    def open(self) -> ReconsiderationQuerySet:
        return self.exclude(status=ReconStatus.CLOSED)


class Reconsideration(VersionedModel, Risk):
    """One 行政复议 case (行政复议法 2023)."""

    case_number = models.CharField("案号", max_length=64, unique=True)
    organ = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="复议机关"
    )
    handling_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="复议机构",
        help_text="办理复议事项的机构，县级一般为司法局",
    )
    respondent = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="被申请人"
    )
    act_type = models.CharField("行为类别", max_length=20, choices=ActType.choices)
    field = models.ForeignKey(
        DisputeField, on_delete=models.PROTECT, related_name="+", verbose_name="领域"
    )
    act_description = models.CharField("被申请的行政行为", max_length=200, blank=True)
    claim = models.TextField("复议请求", blank=True)
    amount = models.DecimalField(
        "涉案金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )

    applied_on = models.DateField("申请日期", null=True, blank=True)
    received_on = models.DateField("收到申请日期")
    correction_requested_on = models.DateField("通知补正日期", null=True, blank=True)
    correction_supplied_on = models.DateField("补正材料日期", null=True, blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    deemed_accepted = models.BooleanField(
        "视为受理", default=False, help_text="受理审查期满未作不予受理决定（第30条）"
    )
    copy_sent_on = models.DateField("发送申请书副本日期", null=True, blank=True)
    reply_received_on = models.DateField("收到答复日期", null=True, blank=True)

    procedure = models.CharField(
        "审理程序", max_length=10, choices=Procedure.choices, default=Procedure.NORMAL
    )
    simple_ground = models.CharField(
        "简易程序适用情形", max_length=20, choices=SimpleGround.choices, blank=True
    )
    quick_fine = models.BooleanField("小额罚款快速通关", default=False)
    pre_filing_resolved = models.BooleanField("立案前化解", default=False)
    hearing_held = models.BooleanField("听证", default=False)
    hearing_on = models.DateField("听证日期", null=True, blank=True)
    head_attendance = models.CharField(
        "被申请人负责人参加听证",
        max_length=10,
        choices=HeadAttendance.choices,
        blank=True,
        default=HeadAttendance.NOT_APPLICABLE,
    )
    committee_consulted = models.BooleanField("提请复议委员会咨询", default=False)

    extension_days = models.PositiveSmallIntegerField("延期天数", default=0)
    extended_on = models.DateField("延期批准日期", null=True, blank=True)
    suspended_days = models.PositiveIntegerField("中止天数合计", default=0)
    due_on = models.DateField("决定期限", null=True, blank=True, db_index=True)

    status = models.CharField(
        "状态", max_length=12, choices=ReconStatus.choices, default=ReconStatus.RECEIVED
    )
    outcome = models.CharField("结案方式", max_length=20, choices=ReconOutcome.choices, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    corrected = models.BooleanField("纠错", default=False, editable=False)
    handling_days = models.PositiveIntegerField("办案天数", null=True, blank=True, editable=False)
    note = models.TextField("备注", blank=True)

    objects = ReconsiderationQuerySet.as_manager()

    class Meta:
        verbose_name = "行政复议案件"
        verbose_name_plural = "行政复议案件"
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["respondent", "received_on"]),
            models.Index(fields=["respondent", "closed_on"]),
            models.Index(fields=["status", "due_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("received_on")),
                name="disputes_recon_closed_after_received",
            ),
            models.CheckConstraint(
                condition=Q(extension_days__lte=30), name="disputes_recon_extension_max_30"
            ),
        ]

    def __str__(self) -> str:
        return self.case_number

    def get_absolute_url(self) -> str:
        return reverse("disputes:recon-detail", kwargs={"recon_id": self.pk})

    @property
    def answering_unit(self) -> Any:
        return self.respondent

    @property
    def is_closed(self) -> bool:
        return self.status == ReconStatus.CLOSED

    @property
    def is_mediated_or_withdrawn(self) -> bool:
        return self.outcome in RECON_MEDIATED_OR_WITHDRAWN

    def derive(self) -> None:
        """Set the stored derived fields from the record's own values."""
        self.corrected = self.outcome in RECON_CORRECTIONS
        start = self.accepted_on or self.received_on
        self.handling_days = (
            (self.closed_on - start).days if self.closed_on and self.accepted_on else None
        )


class Party(TimeStampedModel):
    """An applicant or a plaintiff. Names and ID numbers are stored in full; lists and exports
    mask them for roles without Perm.VIEW_PERSONAL_DATA, and the audit trail stores them masked."""

    kind = models.CharField(
        "类型", max_length=12, choices=PartyKind.choices, default=PartyKind.PERSON
    )
    name = models.CharField("姓名或名称", max_length=100)
    id_number = models.CharField("身份证号或统一社会信用代码", max_length=30, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    personal_fields: ClassVar[dict[str, str]] = PERSONAL

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class Applicant(Party):
    case = models.ForeignKey(
        Reconsideration,
        on_delete=models.CASCADE,
        related_name="applicants",
        verbose_name="复议案件",
    )

    class Meta:
        verbose_name = "复议申请人"
        verbose_name_plural = "复议申请人"
        ordering = ["case", "sort_order", "pk"]


class Suspension(TimeStampedModel):
    """One 中止 of a 复议 case (第39条) and its 恢复; the days suspended do not run."""

    case = models.ForeignKey(
        Reconsideration,
        on_delete=models.CASCADE,
        related_name="suspensions",
        verbose_name="复议案件",
    )
    reason = models.PositiveSmallIntegerField("中止情形", choices=SuspensionReason.choices)
    suspended_on = models.DateField("中止日期")
    resumed_on = models.DateField("恢复日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "中止记录"
        verbose_name_plural = "中止记录"
        ordering = ["case", "suspended_on"]


# ---------------------------------------------------------------------------------------------
# 行政诉讼


class LawsuitQuerySet(ScopedQuerySet["Lawsuit"]):
    unit_fields = ("defendant", "co_defendant", "risk_unit")

    def open(self) -> LawsuitQuerySet:
        return self.exclude(status=LawsuitStatus.CLOSED)


class Lawsuit(VersionedModel, Risk):
    """One instance (一审, 二审 or 再审) of a 行政诉讼 case (行政诉讼法 2017)."""

    case_number = models.CharField("案号", max_length=64, unique=True)
    instance = models.CharField(
        "审级", max_length=10, choices=Instance.choices, default=Instance.FIRST
    )
    court = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="受理法院"
    )
    defendant = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="被告"
    )
    co_defendant = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="共同被告（复议机关）",
        help_text="复议维持原行政行为的，复议机关为共同被告（行政诉讼法 第26条）",
    )
    act_type = models.CharField("案由（行为类别）", max_length=20, choices=ActType.choices)
    field = models.ForeignKey(
        DisputeField, on_delete=models.PROTECT, related_name="+", verbose_name="领域"
    )
    claim = models.TextField("诉讼请求", blank=True)
    amount = models.DecimalField(
        "涉案金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    reconsideration = models.ForeignKey(
        Reconsideration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lawsuits",
        verbose_name="前置复议案件",
    )
    previous_instance = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_instances",
        verbose_name="原审案件",
    )
    simple_procedure = models.BooleanField("简易程序", default=False)

    filed_on = models.DateField("立案日期")
    complaint_received_on = models.DateField("收到起诉状副本日期", null=True, blank=True)
    answer_due_on = models.DateField("答辩期限", null=True, blank=True, db_index=True)
    answered_on = models.DateField("提交答辩日期", null=True, blank=True)

    # Derived from the hearings by the services (fazhi/disputes/services.py).
    hearing_held = models.BooleanField("已开庭", default=False, editable=False)
    first_hearing_on = models.DateField("首次开庭日期", null=True, blank=True, editable=False)
    head_requested = models.BooleanField("法院通知负责人出庭", default=False, editable=False)
    head_appeared = models.BooleanField("负责人出庭", default=False, editable=False)

    status = models.CharField(
        "状态", max_length=12, choices=LawsuitStatus.choices, default=LawsuitStatus.FILED
    )
    outcome = models.CharField(
        "裁判结果", max_length=20, choices=LawsuitOutcome.choices, blank=True
    )
    closed_on = models.DateField("裁判日期", null=True, blank=True)
    served_on = models.DateField("裁判文书送达日期", null=True, blank=True)
    defendant_changed_act = models.BooleanField(
        "被告改变行政行为后撤诉", default=False, help_text="撤诉结案时记录（RULES.md §5 隐性败诉）"
    )
    appealed = models.BooleanField("已上诉", default=False)
    lost = models.BooleanField("败诉", default=False, editable=False)
    note = models.TextField("备注", blank=True)

    objects = LawsuitQuerySet.as_manager()

    class Meta:
        verbose_name = "行政诉讼案件"
        verbose_name_plural = "行政诉讼案件"
        ordering = ["-filed_on", "-pk"]
        indexes = [
            models.Index(fields=["defendant", "filed_on"]),
            models.Index(fields=["defendant", "closed_on"]),
            models.Index(fields=["co_defendant", "closed_on"]),
            models.Index(fields=["defendant", "first_hearing_on"]),
            # The 共同被告's part of every dispute indicator reads its own (unit, date) index
            # (fazhi/indicators/counting.py), as the 被告's does.
            models.Index(fields=["co_defendant", "filed_on"]),
            models.Index(fields=["co_defendant", "first_hearing_on"]),
            models.Index(fields=["status", "answer_due_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("filed_on")),
                name="disputes_lawsuit_closed_after_filed",
            ),
        ]

    def __str__(self) -> str:
        return self.case_number

    def get_absolute_url(self) -> str:
        return reverse("disputes:lawsuit-detail", kwargs={"lawsuit_id": self.pk})

    @property
    def answering_unit(self) -> Any:
        return self.defendant

    @property
    def is_closed(self) -> bool:
        return self.status == LawsuitStatus.CLOSED

    @property
    def is_mediated_or_withdrawn(self) -> bool:
        return self.outcome in LAWSUIT_MEDIATED_OR_WITHDRAWN

    def derive(self) -> None:
        self.lost = self.outcome in LAWSUIT_LOSSES


class Plaintiff(Party):
    case = models.ForeignKey(
        Lawsuit, on_delete=models.CASCADE, related_name="plaintiffs", verbose_name="诉讼案件"
    )

    class Meta:
        verbose_name = "原告"
        verbose_name_plural = "原告"
        ordering = ["case", "sort_order", "pk"]


class Hearing(TimeStampedModel):
    """One court hearing and the 负责人出庭 record (最高法 2020 规定)."""

    case = models.ForeignKey(
        Lawsuit, on_delete=models.CASCADE, related_name="hearings", verbose_name="诉讼案件"
    )
    held_on = models.DateField("开庭日期")
    notice_served_on = models.DateField("出庭通知送达日期", null=True, blank=True)
    head_requested = models.BooleanField("法院要求负责人出庭", default=False)
    head_appeared = models.BooleanField("负责人出庭", default=False)
    head_name = models.CharField("出庭人员姓名", max_length=50, blank=True)
    head_position = models.CharField("出庭人员职务", max_length=50, blank=True)
    head_rank = models.CharField(
        "出庭人员身份", max_length=20, choices=HeadRank.choices, blank=True
    )
    counts = models.BooleanField(
        "计为负责人出庭", default=False, editable=False, help_text="依最高法 2020 规定第2条判断"
    )
    excuse = models.TextField("未出庭理由", blank=True)
    excuse_documented = models.BooleanField("理由已书面说明", default=False)

    class Meta:
        verbose_name = "开庭记录"
        verbose_name_plural = "开庭记录"
        ordering = ["case", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.held_on:%Y-%m-%d}"

    def derive(self) -> None:
        """Whether the person who appeared counts as the 负责人 (规定 第2条)."""
        self.counts = self.head_appeared and self.head_rank in QUALIFYING_HEAD_RANKS


# ---------------------------------------------------------------------------------------------
# 争议化解


class ProgressEntry(TimeStampedModel):
    """One line of a high-risk case's progress log (研商, 措施, 提示函, 结果)."""

    reconsideration = models.ForeignKey(
        Reconsideration,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="progress",
        verbose_name="复议案件",
    )
    lawsuit = models.ForeignKey(
        Lawsuit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="progress",
        verbose_name="诉讼案件",
    )
    kind = models.CharField("类型", max_length=10, choices=ProgressKind.choices)
    happened_on = models.DateField("日期")
    content = models.TextField("内容")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="记录人"
    )

    class Meta:
        verbose_name = "化解进展"
        verbose_name_plural = "化解进展"
        ordering = ["-happened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reconsideration__isnull=False, lawsuit__isnull=True)
                | Q(reconsideration__isnull=True, lawsuit__isnull=False),
                name="disputes_progress_one_case",
            )
        ]

    @property
    def case(self) -> Any:
        return self.reconsideration or self.lawsuit


class RiskNotice(TimeStampedModel):
    """A 败诉风险提示函 issued to a unit about a case; the Word letter is rendered on download."""

    reconsideration = models.ForeignKey(
        Reconsideration,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name="复议案件",
    )
    lawsuit = models.ForeignKey(
        Lawsuit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name="诉讼案件",
    )
    number = models.CharField("文号", max_length=64, unique=True)
    to_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="致送单位"
    )
    issued_on = models.DateField("发函日期")
    risks = models.TextField("风险点")
    suggestions = models.TextField("工作建议")
    reply_by = models.DateField("反馈期限", null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="拟稿人"
    )

    class Meta:
        verbose_name = "败诉风险提示函"
        verbose_name_plural = "败诉风险提示函"
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reconsideration__isnull=False, lawsuit__isnull=True)
                | Q(reconsideration__isnull=True, lawsuit__isnull=False),
                name="disputes_notice_one_case",
            )
        ]

    @property
    def case(self) -> Any:
        return self.reconsideration or self.lawsuit
