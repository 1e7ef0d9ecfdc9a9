"""重大行政决策: the annual catalog, its editions and adjustments, and each decision with the
records of its stages (公众参与, 听证, 专家论证, 风险评估, 执行情况, 调整) and their materials.

A catalog item *is* its decision: the row the catalog lists (序号, 事项名称, 承办单位, 履行程序要求,
细化完成时间) carries the procedure's status and the dates each stage was completed. Rules with a
legal source are enforced in services and guards; the models hold data and single-row rules.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse

from fazhi.core.models import TimeStampedModel, TransitionEvent, VersionedModel, user_fk
from fazhi.decisions.workflow import (
    AdjustmentKind,
    AdjustmentStatus,
    CatalogStatus,
    Stage,
    Status,
)
from fazhi.org.scoping import RegionListQuerySet, ScopedQuerySet
from fazhi.rectify.models import StoredFile

# --- the catalog (决策事项目录) ---------------------------------------------------------------


class CatalogQuerySet(RegionListQuerySet["DecisionCatalog"]):
    """A county's catalog (a published list) is read by everyone working in that county or
    below it; which of its decisions they see is `Decision.objects.visible_to`."""


class DecisionCatalog(VersionedModel):
    """A county government's 重大行政决策事项目录 for one year."""

    region = models.ForeignKey(
        "org.Region", on_delete=models.PROTECT, related_name="+", verbose_name="所属县(市、区)"
    )
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField(
        "状态", max_length=10, choices=CatalogStatus.choices, default=CatalogStatus.DRAFT
    )
    approved_on = models.DateField("党委同意日期", null=True, blank=True)
    approval_body = models.CharField("审定机关", max_length=100, blank=True)
    approval_ref = models.CharField("审定会议或文号", max_length=100, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    channel = models.CharField("公布渠道", max_length=200, blank=True)
    edition = models.PositiveSmallIntegerField("公布版次", default=0)

    objects = CatalogQuerySet.as_manager()

    class Meta:
        verbose_name = "重大行政决策事项目录"
        verbose_name_plural = "重大行政决策事项目录"
        ordering = ["region", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="decisions_catalog_year"),
        ]

    def __str__(self) -> str:
        return f"{self.region.name}{self.year}年度重大行政决策事项目录"

    def get_absolute_url(self) -> str:
        return reverse("decisions:catalog-year", kwargs={"year": self.year})


class CatalogEdition(TimeStampedModel):
    """A published version of a catalog: what was published, when and where (a snapshot)."""

    catalog = models.ForeignKey(
        DecisionCatalog, on_delete=models.CASCADE, related_name="editions", verbose_name="目录"
    )
    number = models.PositiveSmallIntegerField("版次")
    published_on = models.DateField("公布日期")
    channel = models.CharField("公布渠道", max_length=200)
    note = models.CharField("说明", max_length=300, blank=True)
    items = models.JSONField("公布的事项", default=list)
    published_by = user_fk("发布人")

    class Meta:
        verbose_name = "目录公布版本"
        verbose_name_plural = "目录公布版本"
        ordering = ["catalog", "number"]
        constraints = [
            models.UniqueConstraint(fields=["catalog", "number"], name="decisions_edition_number"),
        ]

    def __str__(self) -> str:
        return f"{self.catalog} 第{self.number}版"


class AdjustmentQuerySet(models.QuerySet["CatalogAdjustment"]):
    def visible_to(self, user: Any) -> AdjustmentQuerySet:
        catalogs = DecisionCatalog.objects.visible_to(user)
        return self.filter(catalog__in=catalogs)


class CatalogAdjustment(VersionedModel):
    """A change to a published catalog (增补, 调整 or 调出 an item) and its approval."""

    catalog = models.ForeignKey(
        DecisionCatalog,
        on_delete=models.CASCADE,
        related_name="adjustments",
        verbose_name="目录",
    )
    kind = models.CharField("调整类型", max_length=10, choices=AdjustmentKind.choices)
    decision = models.ForeignKey(
        "Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adjustments",
        verbose_name="决策事项",
    )
    proposal = models.JSONField("调整内容", default=dict, blank=True)
    reason = models.TextField("调整理由")
    status = models.CharField(
        "状态", max_length=10, choices=AdjustmentStatus.choices, default=AdjustmentStatus.PROPOSED
    )
    proposed_on = models.DateField("提出日期")
    approved_on = models.DateField("批准日期", null=True, blank=True)
    approval_body = models.CharField("批准机关", max_length=100, blank=True)
    approval_ref = models.CharField("批准会议或文号", max_length=100, blank=True)
    proposed_by = user_fk("提出人")

    objects = AdjustmentQuerySet.as_manager()

    class Meta:
        verbose_name = "目录调整"
        verbose_name_plural = "目录调整"
        ordering = ["catalog", "proposed_on", "pk"]

    def __str__(self) -> str:
        decision = self.decision
        title = decision.title if decision is not None else self.proposal.get("title", "")
        return f"{self.get_kind_display()}：{title}"


# --- decisions --------------------------------------------------------------------------------


class Category(models.TextChoices):
    # 条例 第3条 (RULES.md §3): the five categories of 决策事项.
    POLICY = "policy", "重大公共政策和措施"
    PLAN = "plan", "重要规划"
    RESOURCES = "resources", "重要自然和文化资源开发利用保护"
    PROJECT = "project", "重大公共建设项目"
    OTHER = "other", "其他重大事项"


class Origin(models.TextChoices):
    CATALOG = "catalog", "年度目录"
    ADJUSTMENT = "adjustment", "目录调整增补"
    UNLISTED = "unlisted", "目录外事项"


class ProposalSource(models.TextChoices):
    # 条例 第10–11条: who may propose a decision matter.
    LEADER = "leader", "决策机关领导人员提出"
    DEPARTMENT = "department", "政府部门或下级政府提出"
    DEPUTY = "deputy", "人大代表、政协委员建议或提案"
    PUBLIC = "public", "公民、法人或其他组织书面建议"


class Channel(models.TextChoices):
    # 条例 第32条: the government gazette, its website and the local press (and new media).
    GAZETTE = "gazette", "政府公报"
    WEBSITE = "website", "政府网站"
    NEWSPAPER = "newspaper", "本地报刊"
    NEW_MEDIA = "new_media", "政务新媒体"


class EvaluationTrigger(models.TextChoices):
    # 条例 第36条: when a 决策后评估 is organised.
    MISSED_GOALS = "missed_goals", "实施后明显未达到预期效果"
    MUCH_COMMENT = "much_comment", "公民、法人或者其他组织提出较多意见"
    NECESSARY = "necessary", "决策机关认为有必要"


class DecisionQuerySet(ScopedQuerySet["Decision"]):
    # A decision belongs to its 承办单位 and to its 决策机关 (the county government): a unit sees
    # its own; the government's staff, and the county's region-wide users, see the county's.
    unit_fields = ("host_unit", "decision_unit")

    def listed(self) -> DecisionQuerySet:
        return self.exclude(origin=Origin.UNLISTED)


class Decision(VersionedModel):
    """One 重大行政决策事项: its catalog line and its procedure, stage by stage."""

    catalog = models.ForeignKey(
        DecisionCatalog, on_delete=models.PROTECT, related_name="decisions", verbose_name="目录"
    )
    seq = models.PositiveSmallIntegerField("序号")
    title = models.CharField("事项名称", max_length=200)
    category = models.CharField(
        "决策类别", max_length=10, choices=Category.choices, default=Category.POLICY
    )
    decision_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="决策主体"
    )
    host_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="承办单位"
    )
    legal_basis = models.TextField("法律政策依据", blank=True)
    origin = models.CharField("来源", max_length=12, choices=Origin.choices, default=Origin.CATALOG)
    listed_on = models.DateField("列入目录日期", null=True, blank=True)
    # 履行程序要求: which of the optional stages the catalog requires.
    needs_participation = models.BooleanField("公众参与", default=True)
    needs_hearing = models.BooleanField("听证", default=False)
    needs_expert = models.BooleanField("专家论证", default=False)
    needs_risk = models.BooleanField("风险评估", default=False)
    # 细化完成时间: the last day of each stage's planned month.
    plan_launch = models.DateField("计划启动", null=True, blank=True)
    plan_participation = models.DateField("计划完成公众参与", null=True, blank=True)
    plan_expert = models.DateField("计划完成专家论证", null=True, blank=True)
    plan_risk = models.DateField("计划完成风险评估", null=True, blank=True)
    plan_legality = models.DateField("计划完成合法性审查", null=True, blank=True)
    plan_meeting = models.DateField("计划集体讨论决定", null=True, blank=True)
    plan_publication = models.DateField("计划公布", null=True, blank=True)

    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PLANNED)
    # 决策启动 (条例 第10–13条)
    launched_on = models.DateField("启动日期", null=True, blank=True)
    proposal_source = models.CharField(
        "决策建议来源", max_length=12, choices=ProposalSource.choices, blank=True
    )
    proposal = models.TextField("决策建议（问题、理由、依据、初步方案）", blank=True)
    research_note = models.TextField("调研及法律政策梳理", blank=True)
    options_note = models.TextField("备选方案", blank=True)
    consulted_note = models.TextField("征求有关部门和下级政府意见", blank=True)
    # Completion of the stages before the meeting.
    participation_on = models.DateField("公众参与完成日期", null=True, blank=True)
    hearing_on = models.DateField("听证完成日期", null=True, blank=True)
    expert_on = models.DateField("专家论证完成日期", null=True, blank=True)
    risk_on = models.DateField("风险评估完成日期", null=True, blank=True)
    review_matter = models.ForeignKey(
        "review.ReviewMatter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="合法性审查",
    )
    # 条例 第25条: an exploratory reform matter may be discussed with its legal risk stated.
    exploratory = models.BooleanField("探索性改革事项", default=False)
    legal_risk_statement = models.TextField("法律风险说明", blank=True)
    # 集体讨论决定 (第29–30条)
    decided_on = models.DateField("集体讨论决定日期", null=True, blank=True)
    decided_on_plan = models.BooleanField("按计划决定", null=True, blank=True)
    meeting_name = models.CharField("会议名称", max_length=100, blank=True)
    attendance = models.TextField("出席人员", blank=True)
    head_decision = models.TextField("行政首长决定", blank=True)
    head_differs_reason = models.TextField("与多数意见不一致的理由", blank=True)
    dissent = models.TextField("不同意见", blank=True)
    # 党委请示报告 (第31条)
    reported_on = models.DateField("请示报告日期", null=True, blank=True)
    party_body = models.CharField("党委审议机关", max_length=100, blank=True)
    party_opinion = models.TextField("党委意见", blank=True)
    # 决策公布 (第32条)
    published_on = models.DateField("公布日期", null=True, blank=True)
    publication_channels = models.JSONField("公布渠道", default=list, blank=True)
    publication_ref = models.CharField("公布文号或网址", max_length=200, blank=True)
    # 决策执行、后评估 (第34–36条)
    executing_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="执行单位",
    )
    execution_on = models.DateField("部署执行日期", null=True, blank=True)
    evaluated_on = models.DateField("后评估日期", null=True, blank=True)
    evaluation_trigger = models.CharField(
        "后评估情形", max_length=14, choices=EvaluationTrigger.choices, blank=True
    )
    evaluator = models.CharField("后评估单位", max_length=100, blank=True)
    evaluation_note = models.TextField("后评估结论", blank=True)
    changed_on = models.DateField("调整（停止）日期", null=True, blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "重大行政决策"
        verbose_name_plural = "重大行政决策"
        ordering = ["catalog", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["catalog", "seq"], name="decisions_decision_seq"),
        ]
        indexes = [
            models.Index(fields=["host_unit", "decided_on"], name="decisions_host_decided"),
            models.Index(fields=["host_unit", "listed_on"], name="decisions_host_listed"),
            models.Index(fields=["host_unit", "plan_meeting"], name="decisions_host_plan"),
            models.Index(fields=["host_unit", "evaluated_on"], name="decisions_host_evaluated"),
            models.Index(fields=["status"], name="decisions_status"),
        ]

    def __str__(self) -> str:
        return f"{self.catalog.year}-{self.seq:02d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("decisions:decision", kwargs={"decision_id": self.pk})

    @property
    def number(self) -> str:
        return f"{self.catalog.year}-{self.seq:02d}"

    def requires(self, stage: Stage) -> bool:
        """Whether the catalog item requires `stage` (the mandatory stages always)."""
        from fazhi.decisions.workflow import OPTIONAL_STAGES

        flag = OPTIONAL_STAGES.get(stage)
        return bool(getattr(self, flag)) if flag else True


# --- stage records ----------------------------------------------------------------------------


class DecisionPartQuerySet(ScopedQuerySet[Any]):
    unit_fields = ("decision__host_unit", "decision__decision_unit")


class ConsultMethod(models.TextChoices):
    # 条例 第14条: the ways of hearing the public.
    PUBLIC = "public", "向社会公开征求意见"
    FORUM = "forum", "座谈会"
    VISIT = "visit", "实地走访"
    WRITTEN = "written", "书面征求意见"
    SURVEY = "survey", "问卷调查"
    POLL = "poll", "民意调查"


class PublicConsultation(TimeStampedModel):
    """One way the public was heard (条例 第14–15条, 第18条)."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="consultations", verbose_name="决策事项"
    )
    method = models.CharField("方式", max_length=10, choices=ConsultMethod.choices)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("截止日期")
    channel = models.CharField("征求意见渠道", max_length=200, blank=True)
    shortened_reason = models.TextField("缩短期限的理由", blank=True)
    comments = models.PositiveIntegerField("收到意见（条）", default=0)
    adopted = models.PositiveIntegerField("采纳意见（条）", default=0)
    feedback = models.TextField("意见采纳情况", blank=True)
    recorded_by = user_fk("记录人")

    objects = DecisionPartQuerySet.as_manager()

    class Meta:
        verbose_name = "公众参与记录"
        verbose_name_plural = "公众参与记录"
        ordering = ["decision", "starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.starts_on}—{self.ends_on}"


class Hearing(TimeStampedModel):
    """A 听证会 (条例 第16–17条): notice, materials sent, participants, the signed record."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="hearings", verbose_name="决策事项"
    )
    announced_on = models.DateField("公告日期")
    materials_sent_on = models.DateField("材料送达日期")
    held_on = models.DateField("听证日期")
    participants = models.TextField("听证参加人")
    record_signed = models.BooleanField("听证笔录经参加人确认签字", default=False)
    summary = models.TextField("听证意见及处理", blank=True)
    recorded_by = user_fk("记录人")

    objects = DecisionPartQuerySet.as_manager()

    class Meta:
        verbose_name = "听证会"
        verbose_name_plural = "听证会"
        ordering = ["decision", "held_on", "pk"]

    def __str__(self) -> str:
        return f"听证会 {self.held_on}"


class ExpertForm(models.TextChoices):
    # 条例 第19条: forms of 专家论证.
    MEETING = "meeting", "论证会"
    WRITTEN = "written", "书面咨询"
    COMMISSIONED = "commissioned", "委托论证"


class ExpertOpinion(TimeStampedModel):
    """One expert's (or professional body's) opinion; an expert with a declared interest in the
    matter must not take part (条例 第20条) and blocks the stage until removed."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="expert_opinions", verbose_name="决策事项"
    )
    expert = models.ForeignKey(
        "review.Expert",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="专家库专家",
    )
    name = models.CharField("专家姓名或机构", max_length=100)
    specialty = models.CharField("专业领域", max_length=100, blank=True)
    employer = models.CharField("工作单位", max_length=100, blank=True)
    form = models.CharField("论证方式", max_length=12, choices=ExpertForm.choices)
    interest = models.CharField("申报的利害关系", max_length=300, blank=True)
    opinion = models.TextField("论证意见")
    signed = models.BooleanField("书面意见已签名或盖章", default=False)
    given_on = models.DateField("出具日期")
    recorded_by = user_fk("记录人")

    objects = DecisionPartQuerySet.as_manager()

    class Meta:
        verbose_name = "专家论证意见"
        verbose_name_plural = "专家论证意见"
        ordering = ["decision", "given_on", "pk"]

    def __str__(self) -> str:
        return self.name


class RiskLevel(models.TextChoices):
    LOW = "low", "低风险"
    MEDIUM = "medium", "中风险"
    HIGH = "high", "高风险"


class RiskAssessment(TimeStampedModel):
    """A 风险评估 (条例 第22–24条); a later one supersedes an earlier (after adjustments)."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="risk_assessments", verbose_name="决策事项"
    )
    assessed_on = models.DateField("评估日期")
    assessor = models.CharField("评估单位", max_length=100)
    third_party = models.BooleanField("委托第三方评估", default=False)
    level = models.CharField("风险等级", max_length=10, choices=RiskLevel.choices)
    controllable = models.BooleanField("风险可控")
    risk_points = models.TextField("风险点及防范化解措施")
    recorded_by = user_fk("记录人")

    objects = DecisionPartQuerySet.as_manager()

    class Meta:
        verbose_name = "风险评估"
        verbose_name_plural = "风险评估"
        ordering = ["decision", "assessed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_level_display()}（{'可控' if self.controllable else '不可控'}）"


class ProgressReport(TimeStampedModel):
    """The executing unit's report on how the decision is carried out (条例 第34–35条)."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="progress_reports", verbose_name="决策事项"
    )
    reported_on = models.DateField("报告日期")
    progress = models.TextField("执行情况")
    problems = models.TextField("存在问题及建议", blank=True)
    recorded_by = user_fk("报告人")

    objects = DecisionPartQuerySet.as_manager()

    class Meta:
        verbose_name = "执行情况报告"
        verbose_name_plural = "执行情况报告"
        ordering = ["decision", "reported_on", "pk"]

    def __str__(self) -> str:
        return f"执行情况 {self.reported_on}"


class ChangeKind(models.TextChoices):
    ADJUST = "adjust", "调整决策"
    STOP = "stop", "停止执行"


class DecisionChange(TimeStampedModel):
    """An adjustment or a stop of a decision in force, and the procedure it went through
    (条例 第37条; in an emergency the head of government may decide first)."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="changes", verbose_name="决策事项"
    )
    kind = models.CharField("类型", max_length=10, choices=ChangeKind.choices)
    changed_on = models.DateField("决定日期")
    reason = models.TextField("理由")
    procedure = models.TextField("履行的程序")
    emergency = models.BooleanField("紧急情况下行政首长先行决定", default=False)
    recorded_by = user_fk("记录人")

    objects = DecisionPartQuerySet.as_manager()

    class Meta:
        verbose_name = "决策调整记录"
        verbose_name_plural = "决策调整记录"
        ordering = ["decision", "changed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.changed_on}"


class DecisionMaterial(StoredFile):
    """A file of a stage (its `kind` names the material, workflow.MATERIALS)."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="materials", verbose_name="决策事项"
    )
    stage = models.CharField("阶段", max_length=14, choices=Stage.choices)
    kind = models.CharField("材料", max_length=20)

    objects = DecisionPartQuerySet.as_manager()

    class Meta:
        verbose_name = "决策过程材料"
        verbose_name_plural = "决策过程材料"
        ordering = ["decision", "uploaded_at", "pk"]

    @property
    def kind_label(self) -> str:
        from fazhi.decisions.workflow import MATERIAL_SPECS

        found = MATERIAL_SPECS.get(self.kind)
        return found[1].name if found else self.kind


class DecisionEvent(TransitionEvent):
    """One line of a decision's timeline."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="events", verbose_name="决策事项"
    )
    stage = models.CharField("阶段", max_length=14, choices=Stage.choices, blank=True)

    class Meta:
        verbose_name = "决策办理记录"
        verbose_name_plural = "决策办理记录"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.decision_id} {self.action_label}"
