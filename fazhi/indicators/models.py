"""Indicators as data: manual indicators and their entered values, targets with three-colour
thresholds, versioned indicator systems (考核方案, 示范指标体系) and assessment runs.

An indicator is named everywhere by its code: a declared (computed) indicator's registry code
("disputes.litigation_loss_rate") or a manual indicator's code ("manual.public_lawyer_rate").
`fazhi.indicators.figures` turns either into a figure for a scope and period; these models
hold only what people decide (targets, schemes) or enter (manual values), and what an
assessment run computed.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from fazhi.core.models import TimeStampedModel, VersionedModel, user_fk
from fazhi.indicators.registry import Direction


class Colour(models.TextChoices):
    """三色晾晒: green meets the target, yellow is within the warning band, red is beyond it;
    grey when there is no data (never coloured as if 0)."""

    GREEN = "green", "绿"
    YELLOW = "yellow", "黄"
    RED = "red", "红"
    GREY = "grey", "无数据"


class TargetLevel(models.TextChoices):
    """Whom a target applies to. A county's target is held by the county as a whole (its
    region); township and department targets by each township (its region subtree) and each
    department (the unit) of the county."""

    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "县(市、区)"
    TOWNSHIP = "township", "乡镇(街道)"
    DEPARTMENT = "department", "部门"


# --- manual indicators ----------------------------------------------------------------------


class ManualIndicator(VersionedModel):
    """A figure no module records yet (公职律师配备率 from a staffing return): declared here
    as data, entered per unit and year with evidence, and marked 手工填报 wherever shown."""

    code = models.CharField(
        "指标编码", max_length=64, unique=True, help_text="如 manual.public_lawyer_rate"
    )
    name = models.CharField("指标名称", max_length=100)
    definition = models.TextField("指标定义")
    basis = models.CharField("依据", max_length=200, blank=True)
    unit = models.CharField("计量单位", max_length=10, default="%")
    direction = models.CharField(
        "方向", max_length=10, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER
    )
    decimals = models.PositiveSmallIntegerField("小数位数", default=2)
    is_ratio = models.BooleanField(
        "比率指标", default=True, help_text="比率指标按分子、分母填报，区域值为分子合计 ÷ 分母合计"
    )
    scale = models.DecimalField("倍数", max_digits=8, decimal_places=2, default=Decimal(100))
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "手工填报指标"
        verbose_name_plural = "手工填报指标"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（手工填报）"


class ManualValue(VersionedModel):
    """One unit's entered figure for one year (a ratio by numerator and denominator, a count
    by value), with the evidence it was taken from."""

    indicator = models.ForeignKey(
        ManualIndicator, on_delete=models.PROTECT, related_name="values", verbose_name="指标"
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="填报单位"
    )
    year = models.PositiveSmallIntegerField("年度")
    numerator = models.DecimalField("分子", max_digits=14, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(
        "分母", max_digits=14, decimal_places=2, null=True, blank=True
    )
    value = models.DecimalField("数值", max_digits=14, decimal_places=4, null=True, blank=True)
    evidence = models.FileField("佐证材料", max_length=255, blank=True)
    evidence_name = models.CharField("佐证材料文件名", max_length=200, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    entered_by = user_fk("填报人")

    class Meta:
        verbose_name = "手工填报值"
        verbose_name_plural = "手工填报值"
        ordering = ["indicator", "year", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "year"], name="indicators_manual_value_unit_year"
            ),
        ]
        indexes = [models.Index(fields=["indicator", "year"])]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.unit} {self.year}"


# --- targets ---------------------------------------------------------------------------------


class Target(VersionedModel):
    """A region's target for one indicator, year and level, with its colour thresholds.

    For a higher-is-better indicator: value ≥ `green_at` is green, ≥ `yellow_at` yellow, below
    red (so `yellow_at` ≤ `green_at`); for lower-is-better the reverse (value ≤ `green_at`
    green, ≤ `yellow_at` yellow, so `yellow_at` ≥ `green_at`). `yellow_at` empty: no yellow
    band. A target set by a city or province applies in every county below it that has not
    set its own (the nearest region wins).
    """

    region = models.ForeignKey(
        "org.Region", on_delete=models.PROTECT, related_name="+", verbose_name="制定区划"
    )
    indicator_code = models.CharField("指标编码", max_length=64)
    year = models.PositiveSmallIntegerField("年度")
    level = models.CharField("适用层级", max_length=12, choices=TargetLevel.choices)
    green_at = models.DecimalField("达标值（绿）", max_digits=14, decimal_places=4)
    yellow_at = models.DecimalField(
        "预警值（黄）", max_digits=14, decimal_places=4, null=True, blank=True
    )
    basis = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "指标目标"
        verbose_name_plural = "指标目标"
        ordering = ["region", "year", "level", "indicator_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator_code", "year", "level"],
                name="indicators_target_region_code_year_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year} {self.get_level_display()} {self.indicator_code}"


# --- indicator systems (考核方案, 示范指标体系) --------------------------------------------------


class SystemStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ACTIVE = "active", "在用"
    ARCHIVED = "archived", "已停用"


class IndicatorSystem(VersionedModel):
    """A versioned tree of assessment items (一级 > 二级 > 三级) with weights and scoring rules.
    `region` is the region that issued it (empty for a national scheme such as the 示范指标体系)."""

    region = models.ForeignKey(
        "org.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="制定区划",
    )
    name = models.CharField("名称", max_length=100)
    edition = models.CharField("版本", max_length=30, help_text="如 2025年版")
    year = models.PositiveSmallIntegerField("适用年度", null=True, blank=True)
    level = models.CharField(
        "考核对象层级", max_length=12, choices=TargetLevel.choices, default=TargetLevel.TOWNSHIP
    )
    total_points = models.DecimalField("总分", max_digits=7, decimal_places=2, default=Decimal(100))
    # A subject's colour in a run: its score as a share of the total against these lines.
    green_line = models.DecimalField(
        "绿色分数线（%）",
        max_digits=5,
        decimal_places=2,
        default=Decimal(85),
        help_text="得分达到总分的该百分比为绿色",
    )
    yellow_line = models.DecimalField(
        "黄色分数线（%）",
        max_digits=5,
        decimal_places=2,
        default=Decimal(60),
        help_text="得分达到总分的该百分比为黄色，低于为红色",
    )
    status = models.CharField(
        "状态", max_length=10, choices=SystemStatus.choices, default=SystemStatus.DRAFT
    )
    description = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "指标体系"
        verbose_name_plural = "指标体系"
        ordering = ["-year", "name", "edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name", "edition"], name="indicators_system_region_name_edition"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.edition}）"


class ScoringRule(models.TextChoices):
    """How a leaf item turns its indicator's figure into points (weight = full points)."""

    MET_FULL = "met_full", "达标得满分，未达标不得分"
    LINEAR = "linear", "按差距线性扣分"
    STEPPED = "stepped", "分档扣分"
    BONUS = "bonus", "加扣分（±N分）"
    COLOUR = "colour", "按颜色得分（绿满分、黄半分、红零分）"


class SystemItem(models.Model):
    """One node of an indicator system. Level-1 and level-2 nodes group; a leaf maps to an
    indicator. The weights of a node's children sum to its weight, and the level-1 weights to
    the system's total; a BONUS leaf is outside the sum (its `weight` is the ±N cap).

    `rule_params` by rule: LINEAR {"zero_at": <value at which the points reach 0>};
    STEPPED {"steps": [[<gap from target>, <points deducted>], …]} in increasing gap;
    BONUS {"per_unit": <points per unit beyond target>} capped at ±weight."""

    system = models.ForeignKey(
        IndicatorSystem, on_delete=models.CASCADE, related_name="items", verbose_name="指标体系"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="上级指标",
    )
    number = models.CharField("序号", max_length=20, help_text="如 一、1、(1) 或 1.2.3")
    name = models.CharField("名称", max_length=200)
    depth = models.PositiveSmallIntegerField("级别", default=1)
    sort_order = models.PositiveIntegerField("排序", default=0)
    weight = models.DecimalField("分值", max_digits=7, decimal_places=2, default=Decimal(0))
    indicator_code = models.CharField("指标编码", max_length=64, blank=True)
    rule = models.CharField(
        "评分规则", max_length=10, choices=ScoringRule.choices, default=ScoringRule.MET_FULL
    )
    rule_params = models.JSONField("评分参数", default=dict, blank=True)
    note = models.CharField("评分说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "体系指标项"
        verbose_name_plural = "体系指标项"
        ordering = ["system", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "number"], name="indicators_item_system_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


# --- assessment runs -------------------------------------------------------------------------


class RunStatus(models.TextChoices):
    LIVE = "live", "实时"
    FROZEN = "frozen", "已冻结"


class AssessmentRun(TimeStampedModel):
    """One assessment of the units (or regions) of `level` under `region` for a year or the
    year to date. A frozen run keeps its rows as computed at `frozen_at`: a published ranking
    does not move when records are corrected later."""

    region = models.ForeignKey(
        "org.Region", on_delete=models.PROTECT, related_name="+", verbose_name="考核区划"
    )
    system = models.ForeignKey(
        IndicatorSystem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="runs",
        verbose_name="指标体系",
    )
    level = models.CharField("考核对象层级", max_length=12, choices=TargetLevel.choices)
    year = models.PositiveSmallIntegerField("年度")
    period_start = models.DateField("统计起始日")
    period_end = models.DateField("统计截止日")
    status = models.CharField(
        "状态", max_length=10, choices=RunStatus.choices, default=RunStatus.LIVE
    )
    frozen_at = models.DateTimeField("冻结时间", null=True, blank=True)
    created_by = user_fk("发起人")
    title = models.CharField("标题", max_length=200, blank=True)

    class Meta:
        verbose_name = "考核测评"
        verbose_name_plural = "考核测评"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["region", "year", "status"])]

    def __str__(self) -> str:
        return self.title or f"{self.region} {self.year} 年度考核"


class AssessmentSubject(models.Model):
    """One assessed unit or region in a run: its total score, rank and colour."""

    run = models.ForeignKey(
        AssessmentRun, on_delete=models.CASCADE, related_name="subjects", verbose_name="考核测评"
    )
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="单位",
    )
    region = models.ForeignKey(
        "org.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="区划",
    )
    name = models.CharField("名称", max_length=100)
    score = models.DecimalField("得分", max_digits=8, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField("排名", null=True, blank=True)
    colour = models.CharField("颜色", max_length=6, choices=Colour.choices, default=Colour.GREY)

    class Meta:
        verbose_name = "考核对象"
        verbose_name_plural = "考核对象"
        ordering = ["run", "rank", "name"]

    def __str__(self) -> str:
        return self.name


class FigureStatus(models.TextChoices):
    """Whether a figure has a value: "无数据" (no records or values) and "—" (a denominator of
    0) are shown differently and never as 0."""

    OK = "ok", "有数据"
    NO_DATA = "no_data", "无数据"
    DIV_ZERO = "div_zero", "分母为零"


class AssessmentFigure(models.Model):
    """One indicator's figure for one subject in a run, as computed (and kept when frozen)."""

    subject = models.ForeignKey(
        AssessmentSubject, on_delete=models.CASCADE, related_name="figures", verbose_name="考核对象"
    )
    item = models.ForeignKey(
        SystemItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="体系指标项",
    )
    indicator_code = models.CharField("指标编码", max_length=64)
    name = models.CharField("指标名称", max_length=200, blank=True)
    status = models.CharField(
        "数据状态", max_length=10, choices=FigureStatus.choices, default=FigureStatus.OK
    )
    numerator = models.DecimalField("分子", max_digits=16, decimal_places=4, null=True)
    denominator = models.DecimalField("分母", max_digits=16, decimal_places=4, null=True)
    value = models.DecimalField("数值", max_digits=16, decimal_places=4, null=True)
    previous_value = models.DecimalField("上年同期", max_digits=16, decimal_places=4, null=True)
    change = models.DecimalField("同比变化", max_digits=16, decimal_places=4, null=True)
    target = models.DecimalField("目标值", max_digits=14, decimal_places=4, null=True)
    colour = models.CharField("颜色", max_length=6, choices=Colour.choices, default=Colour.GREY)
    score = models.DecimalField("得分", max_digits=8, decimal_places=2, null=True)
    rank = models.PositiveIntegerField("单项排名", null=True)
    is_manual = models.BooleanField("手工填报", default=False)

    class Meta:
        verbose_name = "考核指标值"
        verbose_name_plural = "考核指标值"
        ordering = ["subject", "indicator_code"]
        indexes = [models.Index(fields=["subject", "indicator_code"])]

    def __str__(self) -> str:
        return f"{self.subject} {self.indicator_code}"
