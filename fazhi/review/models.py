"""合法性审查 (catalog, matters, documents, opinions, adoption), the 应审事项台账, and the
行政规范性文件 registry with its 备案 (filing) and 备案审查 results.

Rules with a legal source are cited where they are enforced (services, deadlines); the models
hold data and single-row rules only.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.urls import reverse

from fazhi.core.models import TimeStampedModel, TransitionEvent, VersionedModel, user_fk
from fazhi.org.models import RegionLevel
from fazhi.org.scoping import RegionListQuerySet, ScopedQuerySet
from fazhi.rectify.models import StoredFile
from fazhi.review.workflow import Status


class MatterType(models.TextChoices):
    # RULES.md §11.C: the four Zhejiang object types, plus local 会议议题, 其他 and 村级事务.
    NORMATIVE = "normative", "行政规范性文件"
    DECISION = "decision", "重大行政决策"
    ENFORCEMENT = "enforcement", "重大行政执法决定"
    CONTRACT = "contract", "行政协议/合同"
    MEETING = "meeting", "政府常务会议议题"
    OTHER = "other", "其他涉法事务"
    VILLAGE = "village", "村级涉法事务"


class Level(models.TextChoices):
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡镇（街道）"
    VILLAGE = "village", "村（社区）"


LEVEL_OF_REGION = {
    RegionLevel.COUNTY: Level.COUNTY,
    RegionLevel.TOWNSHIP: Level.TOWNSHIP,
    RegionLevel.VILLAGE: Level.VILLAGE,
}


class Conclusion(models.TextChoices):
    LEGAL = "legal", "合法"
    LEGAL_IF_AMENDED = "amend", "修改后合法"
    ILLEGAL = "illegal", "不合法"


class IssueCategory(models.TextChoices):
    SUBJECT = "subject", "主体"
    AUTHORITY = "authority", "权限"
    PROCEDURE = "procedure", "程序"
    CONTENT = "content", "内容"
    FAIR_COMPETITION = "competition", "公平竞争"


class Adoption(models.TextChoices):
    PENDING = "pending", "待反馈"
    ADOPTED = "adopted", "采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"


class DocKind(models.TextChoices):
    DRAFT = "draft", "送审稿"
    MATERIAL = "material", "送审材料"
    FINAL = "final", "正式文本（签署稿）"


class ConsultKind(models.TextChoices):
    COUNSEL = "counsel", "法律顾问"
    LAWYER = "lawyer", "公职律师"
    EXPERT = "expert", "专家"


# --- the expert pool (专家库) ----------------------------------------------------------------


class ExpertQuerySet(RegionListQuerySet["Expert"]):
    """A county's pool is read by everyone working in that county or below (as the catalog)."""

    def available(self) -> ExpertQuerySet:
        return self.filter(is_active=True)


class Expert(VersionedModel):
    """A member of a county's 专家库: consulted in 合法性审查 (《浙江省行政合法性审查工作规定》)
    and in 重大行政决策 专家论证 (条例 第19–21条). An expert's declared interests are kept per
    matter or decision, where they exclude the expert; the pool holds who they are."""

    region = models.ForeignKey(
        "org.Region", on_delete=models.PROTECT, related_name="+", verbose_name="所属区划"
    )
    name = models.CharField("姓名", max_length=50)
    specialty = models.CharField("专业领域", max_length=100)
    employer = models.CharField("工作单位", max_length=100, blank=True)
    title = models.CharField("职称或职务", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    is_active = models.BooleanField("在库", default=True)

    objects = ExpertQuerySet.as_manager()
    # Stored masked in the audit trail (fazhi.core.audit.snapshot; SECURITY.md §2.3).
    personal_fields = {"phone": "phone"}

    class Meta:
        verbose_name = "专家"
        verbose_name_plural = "专家库"
        ordering = ["region", "specialty", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name", "employer"], name="review_expert_region_name_employer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.specialty}）"


# --- the catalog (审查事项目录清单) ---------------------------------------------------------


class CatalogQuerySet(RegionListQuerySet["CatalogEntry"]):
    """A county's catalog is read by everyone working in that county (its own region or an
    ancestor of the user's region)."""


class CatalogEntry(VersionedModel):
    """One line of a county's catalog: a kind of matter that must be reviewed at a level."""

    region = models.ForeignKey(
        "org.Region", on_delete=models.PROTECT, related_name="+", verbose_name="所属县(市、区)"
    )
    level = models.CharField("审查层级", max_length=10, choices=Level.choices)
    matter_type = models.CharField("事项类型", max_length=12, choices=MatterType.choices)
    name = models.CharField("事项名称", max_length=100)
    description = models.TextField("范围说明", blank=True)
    time_limit = models.PositiveSmallIntegerField(
        "审查时限（工作日）", null=True, blank=True, help_text="留空则按期限规则的默认值"
    )
    is_contract = models.BooleanField("属于合同类事项", default=False)
    mandatory = models.BooleanField("应审事项", default=True)
    is_active = models.BooleanField("在用", default=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    objects = CatalogQuerySet.as_manager()

    class Meta:
        verbose_name = "审查事项目录"
        verbose_name_plural = "审查事项目录"
        ordering = ["region", "level", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "level", "name"], name="review_catalog_region_level_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}·{self.name}"


class CatalogMaterial(TimeStampedModel):
    """A material the submitting unit must (or may) provide for a catalog entry."""

    entry = models.ForeignKey(
        CatalogEntry, on_delete=models.CASCADE, related_name="materials", verbose_name="目录事项"
    )
    name = models.CharField("材料名称", max_length=100)
    required = models.BooleanField("必备", default=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "送审材料要求"
        verbose_name_plural = "送审材料要求"
        ordering = ["entry", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


# --- review matters ---------------------------------------------------------------------


class MatterQuerySet(ScopedQuerySet["ReviewMatter"]):
    # A matter belongs to its submitting unit. Its reviewers see it from above: the township's
    # post and the county centre sit at units that oversee their region (Unit.oversees_region),
    # so the unit's other staff (a 司法局 clerk) do not see every matter sent to the centre.
    unit_fields = ("unit",)


class ReviewMatter(VersionedModel):
    """One matter sent for 合法性审查, from submission to adoption feedback."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="送审单位"
    )
    review_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="审查单位"
    )
    catalog_entry = models.ForeignKey(
        CatalogEntry, on_delete=models.PROTECT, related_name="+", verbose_name="目录事项"
    )
    level = models.CharField("审查层级", max_length=10, choices=Level.choices)
    matter_type = models.CharField("事项类型", max_length=12, choices=MatterType.choices)
    is_contract = models.BooleanField("合同类事项", default=False)
    title = models.CharField("事项名称", max_length=200)
    legal_basis = models.TextField("法律依据", blank=True)
    procedure_note = models.TextField("已履行程序说明", blank=True)
    description = models.TextField("送审说明", blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    time_limit = models.PositiveSmallIntegerField("审查时限（工作日）", null=True, blank=True)
    submitted_on = models.DateField("送审日期", null=True, blank=True)
    due_on = models.DateField("审查期限", null=True, blank=True)
    returned_on = models.DateField("退回补正日期", null=True, blank=True)
    return_count = models.PositiveSmallIntegerField("退回补正次数", default=0)
    missing_note = models.TextField("补正要求", blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    reviewer = user_fk("承办法审员")
    conclusion = models.CharField("审查结论", max_length=10, choices=Conclusion.choices, blank=True)
    opinion = models.TextField("审查意见", blank=True)
    opinion_on = models.DateField("意见拟定日期", null=True, blank=True)
    signed_on = models.DateField("意见书签发日期", null=True, blank=True)
    signed_by = user_fk("签发人")
    letter_year = models.PositiveSmallIntegerField("意见书年度", null=True, blank=True)
    letter_seq = models.PositiveIntegerField("意见书序号", null=True, blank=True)
    is_problem_contract = models.BooleanField("问题合同", default=False)
    feedback_note = models.TextField("采纳情况说明", blank=True)
    decided_on = models.DateField("决定（签订）日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    submitted_by = user_fk("送审人")

    objects = MatterQuerySet.as_manager()

    class Meta:
        verbose_name = "合法性审查事项"
        verbose_name_plural = "合法性审查事项"
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["unit", "signed_on"], name="review_matter_unit_signed"),
            models.Index(fields=["review_unit", "status"], name="review_matter_rev_status"),
            models.Index(fields=["status", "due_on"], name="review_matter_status_due"),
            models.Index(fields=["unit", "submitted_on"], name="review_matter_unit_subm"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["review_unit", "letter_year", "letter_seq"],
                name="review_matter_letter_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        return f"SC{self.created_at:%Y}-{self.pk:05d}" if self.pk else "（未编号）"

    @property
    def letter_number(self) -> str:
        if not self.letter_seq:
            return ""
        return f"{self.review_unit.name}法审〔{self.letter_year}〕{self.letter_seq}号"

    def get_absolute_url(self) -> str:
        return reverse("review:matter", kwargs={"matter_id": self.pk})


class DocumentQuerySet(ScopedQuerySet["MatterDocument"]):
    unit_fields = ("matter__unit",)


class MatterDocument(StoredFile):
    """A file of a matter: the draft (送审稿), a required material, or the final signed text."""

    matter = models.ForeignKey(
        ReviewMatter, on_delete=models.CASCADE, related_name="documents", verbose_name="审查事项"
    )
    kind = models.CharField("材料类别", max_length=10, choices=DocKind.choices)
    material = models.ForeignKey(
        CatalogMaterial,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="对应材料要求",
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "审查材料"
        verbose_name_plural = "审查材料"
        ordering = ["uploaded_at", "pk"]


class Consultation(TimeStampedModel):
    """An opinion asked of a 法律顾问, 公职律师 or expert during review (条例 第28条); an
    expert of the 专家库 is named by `expert` (after an `ExpertDeclaration` without interest)."""

    matter = models.ForeignKey(
        ReviewMatter,
        on_delete=models.CASCADE,
        related_name="consultations",
        verbose_name="审查事项",
    )
    kind = models.CharField("类别", max_length=10, choices=ConsultKind.choices)
    name = models.CharField("姓名或机构", max_length=100)
    opinion = models.TextField("意见")
    given_on = models.DateField("出具日期")
    recorded_by = user_fk("记录人")
    expert = models.ForeignKey(
        Expert,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review_consultations",
        verbose_name="专家库专家",
    )

    class Meta:
        verbose_name = "征求意见记录"
        verbose_name_plural = "征求意见记录"
        ordering = ["given_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["matter", "expert"],
                condition=models.Q(expert__isnull=False),
                name="review_consultation_matter_expert",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class Interest(models.TextChoices):
    """An expert's answer to the 利害关系声明 for one matter."""

    NONE = "none", "无利害关系"
    UNIT = "unit", "与送审单位有利害关系"
    MATTER = "matter", "与审查事项有利害关系"


class DeclarationQuerySet(ScopedQuerySet["ExpertDeclaration"]):
    unit_fields = ("matter__unit",)


class ExpertDeclaration(TimeStampedModel):
    """A pool expert picked for a matter, with the expert's 利害关系声明.

    重大行政决策程序暂行条例 第20条: an expert with a direct interest in the matter takes no part
    (回避); the declaration is kept either way, so an exclusion stays on the record.
    """

    matter = models.ForeignKey(
        ReviewMatter,
        on_delete=models.CASCADE,
        related_name="expert_declarations",
        verbose_name="审查事项",
    )
    expert = models.ForeignKey(
        Expert, on_delete=models.PROTECT, related_name="review_declarations", verbose_name="专家"
    )
    interest = models.CharField("利害关系声明", max_length=10, choices=Interest.choices)
    interest_note = models.CharField("利害关系说明", max_length=300, blank=True)
    declared_on = models.DateField("声明日期")
    recorded_by = user_fk("记录人")

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        verbose_name = "专家利害关系声明"
        verbose_name_plural = "专家利害关系声明"
        ordering = ["matter", "declared_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["matter", "expert"], name="review_declaration_matter_expert"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert.name}：{self.get_interest_display()}"

    @property
    def excluded(self) -> bool:
        """Whether the expert must stay out of this matter (回避)."""
        return self.interest != Interest.NONE


class IssueQuerySet(ScopedQuerySet["ReviewIssue"]):
    unit_fields = ("matter__unit",)


class ReviewIssue(TimeStampedModel):
    """One problem the review found, its category, the suggested fix, and the unit's answer."""

    matter = models.ForeignKey(
        ReviewMatter, on_delete=models.CASCADE, related_name="issues", verbose_name="审查事项"
    )
    seq = models.PositiveSmallIntegerField("序号")
    category = models.CharField("问题类别", max_length=12, choices=IssueCategory.choices)
    description = models.TextField("问题")
    suggestion = models.TextField("修改建议", blank=True)
    adoption = models.CharField(
        "采纳情况", max_length=12, choices=Adoption.choices, default=Adoption.PENDING
    )
    reason = models.TextField("未采纳理由", blank=True)
    answered_on = models.DateField("反馈日期", null=True, blank=True)
    answered_by = user_fk("反馈人")

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = "审查意见"
        verbose_name_plural = "审查意见"
        ordering = ["matter", "seq"]
        indexes = [models.Index(fields=["answered_on"], name="review_issue_answered")]

    def __str__(self) -> str:
        return f"第{self.seq}条 {self.description[:30]}"

    def get_absolute_url(self) -> str:
        return f"{self.matter.get_absolute_url()}#issue-{self.pk}"


class MatterEvent(TransitionEvent):
    """One line of a matter's timeline."""

    matter = models.ForeignKey(
        ReviewMatter, on_delete=models.CASCADE, related_name="events", verbose_name="审查事项"
    )

    class Meta:
        verbose_name = "审查流转记录"
        verbose_name_plural = "审查流转记录"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.matter_id} {self.action_label}"


# --- 应审事项台账: what was decided, and whether it was reviewed first ---------------------


class LedgerQuerySet(ScopedQuerySet["LedgerEntry"]):
    unit_fields = ("unit",)


class LedgerEntry(VersionedModel):
    """A matter of a catalog type that a unit decided or signed (应审事项台账).

    A closed review adds its own line; a matter decided without review (found in 督察 or
    抽查, or reported) is entered by hand with no review. 审查覆盖率 = reviewed lines ÷ lines.
    """

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="决策（签订）单位"
    )
    level = models.CharField("审查层级", max_length=10, choices=Level.choices)
    matter_type = models.CharField("事项类型", max_length=12, choices=MatterType.choices)
    title = models.CharField("事项名称", max_length=200)
    decided_on = models.DateField("决定（签订）日期")
    matter = models.OneToOneField(
        ReviewMatter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entry",
        verbose_name="合法性审查",
    )
    note = models.CharField("备注", max_length=300, blank=True)
    recorded_by = user_fk("登记人")

    objects = LedgerQuerySet.as_manager()

    class Meta:
        verbose_name = "应审事项台账"
        verbose_name_plural = "应审事项台账"
        ordering = ["-decided_on", "-pk"]
        indexes = [models.Index(fields=["unit", "decided_on"], name="review_ledger_unit_date")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.matter_id:
            return reverse("review:matter", kwargs={"matter_id": self.matter_id})
        return reverse("review:ledger") + f"#ledger-{self.pk}"

    @property
    def reviewed(self) -> bool:
        return self.matter_id is not None


# --- 行政规范性文件 registry and 备案 ------------------------------------------------------


class DocStatus(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"
    AMENDED = "amended", "修订"


class NormativeQuerySet(ScopedQuerySet["NormativeDocument"]):
    unit_fields = ("unit",)

    def expiring(self, today: dt.date) -> NormativeQuerySet:
        """Valid documents whose 有效期 ends within the evaluation horizon (届满前评估), as
        `NormativeDocument.is_expiring` decides for one."""
        from fazhi.review.deadlines import expiry_horizon  # deadlines imports these models

        return self.filter(status=DocStatus.VALID, expires_on__lte=expiry_horizon(today))


class NormativeDocument(VersionedModel):
    """A 行政规范性文件 adopted and published (统一登记、统一编号、统一印发)."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="制定机关"
    )
    title = models.CharField("文件名称", max_length=200)
    doc_number = models.CharField("文号", max_length=60)
    matter = models.ForeignKey(
        ReviewMatter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="合法性审查",
    )
    published_on = models.DateField("发布日期")
    effective_on = models.DateField("实施日期")
    expires_on = models.DateField("有效期至", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=DocStatus.choices, default=DocStatus.VALID
    )
    status_on = models.DateField("状态变更日期", null=True, blank=True)
    status_note = models.CharField("状态说明", max_length=300, blank=True)
    filing_due_on = models.DateField("报备期限", null=True, blank=True)
    filed_on = models.DateField("报备完成日期", null=True, blank=True)
    filed_timely = models.BooleanField("按时报备", null=True, blank=True)

    objects = NormativeQuerySet.as_manager()

    class Meta:
        verbose_name = "行政规范性文件"
        verbose_name_plural = "行政规范性文件"
        ordering = ["-published_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "published_on"], name="review_normdoc_unit_pub"),
            models.Index(fields=["status", "expires_on"], name="review_normdoc_status_exp"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["unit", "doc_number"], name="review_normdoc_number"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.doc_number}）"

    def get_absolute_url(self) -> str:
        return reverse("review:normdoc", kwargs={"normdoc_id": self.pk})

    def is_expiring(self, today: dt.date) -> bool:
        """One document's `NormativeQuerySet.expiring`."""
        from fazhi.review.deadlines import expiry_horizon

        if self.status != DocStatus.VALID or self.expires_on is None:
            return False
        return self.expires_on <= expiry_horizon(today)


class FilingRecipient(models.TextChoices):
    CONGRESS = "congress", "本级人大常委会"
    UPPER_GOVERNMENT = "upper_gov", "上一级人民政府"
    GOVERNMENT = "government", "本级人民政府"


class FilingResult(models.TextChoices):
    PENDING = "pending", "待审查"
    PASSED = "passed", "审查通过"
    CORRECTED = "corrected", "纠错"


class FilingQuerySet(ScopedQuerySet["Filing"]):
    unit_fields = ("document__unit",)


class Filing(VersionedModel):
    """One 备案 of a document to one recipient, and the recipient's 备案审查 result."""

    document = models.ForeignKey(
        NormativeDocument, on_delete=models.CASCADE, related_name="filings", verbose_name="文件"
    )
    recipient = models.CharField("报备机关类别", max_length=12, choices=FilingRecipient.choices)
    recipient_name = models.CharField("报备机关", max_length=100)
    due_on = models.DateField("报备期限", null=True, blank=True)
    filed_on = models.DateField("报备日期", null=True, blank=True)
    timely = models.BooleanField("按时报备", null=True, blank=True)
    result = models.CharField(
        "备案审查结果", max_length=10, choices=FilingResult.choices, default=FilingResult.PENDING
    )
    result_on = models.DateField("审查结果日期", null=True, blank=True)
    result_note = models.TextField("审查意见", blank=True)

    objects = FilingQuerySet.as_manager()

    class Meta:
        verbose_name = "规范性文件备案"
        verbose_name_plural = "规范性文件备案"
        ordering = ["document", "recipient"]
        indexes = [models.Index(fields=["result_on"], name="review_filing_result_on")]

    def __str__(self) -> str:
        return f"{self.document.title} → {self.recipient_name}"

    def get_absolute_url(self) -> str:
        return self.document.get_absolute_url()
