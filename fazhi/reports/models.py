"""The annual 法治政府建设年度报告: a report per reporter and year, its sections, the units'
contributions, every revision, the figures pinned at sign-off, and a county's templates.

A section's body is plain text, one paragraph per line, in which a figure is a live reference to
a registered indicator (`{{disputes.litigation_loss_rate}}`, see `fazhi.reports.figures`).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse

from fazhi.core.models import TimeStampedModel, TransitionEvent, VersionedModel, user_fk
from fazhi.org.scoping import ScopedQuerySet
from fazhi.rectify.models import StoredFile
from fazhi.reports.workflow import ContributionStatus, Status


class ReporterKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    TOWNSHIP = "township", "乡镇人民政府（街道办事处）"
    DEPARTMENT = "department", "政府部门"


class ReportTemplate(VersionedModel):
    """A county's outline (data it can change) and, optionally, its own Word template.

    Without a row the statutory default applies (`fazhi.reports.outline.DEFAULT_OUTLINE` and the
    built-in Word template).
    """

    region = models.OneToOneField(
        "org.Region", on_delete=models.PROTECT, related_name="+", verbose_name="区划"
    )
    title_pattern = models.CharField("标题格式", max_length=100)
    outline = models.JSONField("提纲", default=list)
    # The storage name under MEDIA_ROOT (a plain string: the audit trail records it as is).
    docx = models.CharField("Word 模板文件", max_length=255, blank=True)
    docx_name = models.CharField("Word 模板文件名", max_length=200, blank=True)
    docx_sha256 = models.CharField("Word 模板 SHA-256", max_length=64, blank=True)
    docx_uploaded_at = models.DateTimeField("Word 模板上传时间", null=True, blank=True)
    docx_uploaded_by = user_fk("Word 模板上传人")

    class Meta:
        verbose_name = "年度报告模板"
        verbose_name_plural = "年度报告模板"

    def __str__(self) -> str:
        return f"{self.region} 年度报告模板"


class ReportQuerySet(ScopedQuerySet["Report"]):
    unit_fields = ("reporter",)


class Report(VersionedModel):
    """One reporter's 法治政府建设年度报告 on one year (the year reported on, not of publication)."""

    reporter = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="报告单位"
    )
    year = models.PositiveSmallIntegerField("报告年度")
    kind = models.CharField("报告主体类型", max_length=12, choices=ReporterKind.choices)
    title = models.CharField("标题", max_length=200)
    recipients = models.JSONField("主送", default=list)
    copies = models.JSONField("抄送", default=list)
    recipients_basis = models.CharField("报送依据", max_length=300, blank=True)
    submission_due = models.DateField("报送期限")
    publication_due = models.DateField("公开期限")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    drafted_by = user_fk("起草人")
    signed_off_by = user_fk("签发人")
    signed_off_at = models.DateTimeField("签发时间", null=True, blank=True)
    signer_title = models.CharField("签发人职务", max_length=50, blank=True)
    submitted_on = models.DateField("报送日期", null=True, blank=True)
    submitted_to = models.CharField("报送对象", max_length=300, blank=True)
    receipt = models.CharField("报送回执", max_length=200, blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True)
    published_where = models.CharField("公开渠道", max_length=200, blank=True)
    published_url = models.URLField("公开网址", max_length=300, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = "法治政府建设年度报告"
        verbose_name_plural = "法治政府建设年度报告"
        ordering = ["-year", "reporter__region__path", "reporter__sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["reporter", "year"], name="reports_reporter_year_uniq"),
        ]
        indexes = [models.Index(fields=["status", "submission_due"], name="reports_status_due")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", kwargs={"annual_id": self.pk})

    @property
    def is_editable(self) -> bool:
        from fazhi.reports.workflow import EDITABLE

        return self.status in EDITABLE

    @property
    def is_signed(self) -> bool:
        from fazhi.reports.workflow import SIGNED_STATES

        return self.status in SIGNED_STATES


class SectionQuerySet(ScopedQuerySet["Section"]):
    unit_fields = ("report__reporter",)


class Section(VersionedModel):
    """One heading of the outline and the text under it.

    `part` is the statutory part (1–5; 0 for the opening paragraph before part 1), `level` 1 for
    a part's heading (一、), 2 for a sub-heading (（一）); `module` names the app whose
    registered indicators the drafted paragraph summarises.
    """

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="sections", verbose_name="年度报告"
    )
    order = models.PositiveSmallIntegerField("顺序")
    part = models.PositiveSmallIntegerField("法定部分")
    level = models.PositiveSmallIntegerField("层级")
    heading = models.CharField("标题", max_length=200, blank=True)
    module = models.CharField("数据模块", max_length=40, blank=True)
    body = models.TextField("正文", blank=True)

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = "报告章节"
        verbose_name_plural = "报告章节"
        ordering = ["report", "order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "order"], name="reports_section_order_uniq"),
        ]

    def __str__(self) -> str:
        return self.heading or "开篇"

    def get_absolute_url(self) -> str:
        return reverse(
            "reports:section", kwargs={"annual_id": self.report_id, "section_id": self.pk}
        )

    @property
    def label(self) -> str:
        return self.heading or "开篇导语"


class ContributionQuerySet(ScopedQuerySet["Contribution"]):
    # The contributing unit sees its own; whoever sees the report sees every contribution to it.
    unit_fields = ("unit", "report__reporter")

    def open(self) -> ContributionQuerySet:
        return self.exclude(status=ContributionStatus.MERGED)


class Contribution(VersionedModel):
    """A unit's 工作亮点 for one section, with its evidence, written for the editor to merge."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="contributions", verbose_name="年度报告"
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="contributions", verbose_name="章节"
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="供稿单位"
    )
    request = models.TextField("材料要求", blank=True)
    due_on = models.DateField("提交期限")
    status = models.CharField(
        "状态",
        max_length=12,
        choices=ContributionStatus.choices,
        default=ContributionStatus.ASSIGNED,
    )
    body = models.TextField("工作亮点", blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = user_fk("提交人")
    merged_at = models.DateTimeField("合并时间", null=True, blank=True)
    merged_by = user_fk("合并人")

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = "报告供稿"
        verbose_name_plural = "报告供稿"
        ordering = ["report", "section__order", "unit__sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "unit"], name="reports_contribution_section_unit_uniq"
            ),
        ]
        indexes = [models.Index(fields=["unit", "status"], name="reports_contrib_unit_status")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.section}"

    def get_absolute_url(self) -> str:
        return reverse("reports:contribution", kwargs={"contribution_id": self.pk})

    @property
    def is_open(self) -> bool:
        from fazhi.reports.workflow import CONTRIBUTION_OPEN

        return self.status in CONTRIBUTION_OPEN


class AttachmentQuerySet(ScopedQuerySet["ContributionAttachment"]):
    unit_fields = ("contribution__unit", "contribution__report__reporter")


class ContributionAttachment(StoredFile):
    """Evidence for a contribution's highlights (a document, a photo), checked by content."""

    contribution = models.ForeignKey(
        Contribution,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name="报告供稿",
    )
    note = models.CharField("说明", max_length=200, blank=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = "供稿佐证材料"
        verbose_name_plural = "供稿佐证材料"
        ordering = ["uploaded_at", "pk"]


class Revision(TimeStampedModel):
    """One saved state of a section or a contribution: who wrote it, when, and the whole text."""

    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name="章节",
    )
    contribution = models.ForeignKey(
        Contribution,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name="报告供稿",
    )
    number = models.PositiveIntegerField("版本号")
    heading = models.CharField("标题", max_length=200, blank=True)
    body = models.TextField("正文", blank=True)
    author = user_fk("修改人")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "修改版本"
        verbose_name_plural = "修改版本"
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(section__isnull=False, contribution__isnull=True)
                | Q(section__isnull=True, contribution__isnull=False),
                name="reports_revision_one_owner",
            ),
            models.UniqueConstraint(
                fields=["section", "number"],
                condition=Q(section__isnull=False),
                name="reports_revision_section_number_uniq",
            ),
            models.UniqueConstraint(
                fields=["contribution", "number"],
                condition=Q(contribution__isnull=False),
                name="reports_revision_contribution_number_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"第 {self.number} 版"


class PinnedFigure(TimeStampedModel):
    """An indicator's figures frozen when the report was signed off (key: code or code@variant).

    When the text refers to the indicator's `|rank`, the row also keeps the reporter's placing
    in the latest frozen assessment run at sign-off (`rank`…`run_title`). The row keyed
    `assessment.score` keeps the overall result: the score in `value`, the placing, the colour.
    A pinned report renders these; a later change in the underlying records or a newer frozen
    run is flagged by the checks, never copied into the signed text.
    """

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="pinned_figures", verbose_name="年度报告"
    )
    key = models.CharField("指标", max_length=120)
    value = models.DecimalField("数值", max_digits=20, decimal_places=6, null=True, blank=True)
    previous_value = models.DecimalField(
        "上年数值", max_digits=20, decimal_places=6, null=True, blank=True
    )
    change = models.DecimalField("增减", max_digits=20, decimal_places=6, null=True, blank=True)
    numerator = models.DecimalField("分子", max_digits=20, decimal_places=6, default=0)
    denominator = models.DecimalField(
        "分母", max_digits=20, decimal_places=6, null=True, blank=True
    )
    rank = models.PositiveIntegerField("考核排名", null=True, blank=True)
    rank_among = models.PositiveIntegerField("考核对象数", null=True, blank=True)
    rank_within = models.CharField("考核区划名称", max_length=100, blank=True)
    rank_level = models.CharField("考核对象层级", max_length=12, blank=True)
    run = models.ForeignKey(
        "indicators.AssessmentRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="考核测评",
    )
    # The run's title as it was at sign-off (the run may be deleted later).
    run_title = models.CharField("考核测评名称", max_length=200, blank=True)
    colour = models.CharField("考核三色", max_length=6, blank=True)

    class Meta:
        verbose_name = "冻结数值"
        verbose_name_plural = "冻结数值"
        ordering = ["report", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "key"], name="reports_pinned_report_key_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


class ReportEvent(TransitionEvent):
    """One line of a report's timeline."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="events", verbose_name="年度报告"
    )

    class Meta:
        verbose_name = "年度报告流转记录"
        verbose_name_plural = "年度报告流转记录"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.action_label}"

    @property
    def to_status_label(self) -> Any:
        return Status(self.to_status).label if self.to_status in Status.values else ""


class ContributionEvent(TransitionEvent):
    """One line of a contribution's timeline."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="events", verbose_name="报告供稿"
    )

    class Meta:
        verbose_name = "供稿流转记录"
        verbose_name_plural = "供稿流转记录"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.contribution_id} {self.action_label}"

    @property
    def to_status_label(self) -> Any:
        values = ContributionStatus.values
        return ContributionStatus(self.to_status).label if self.to_status in values else ""
