"""Published reports of other governments: the clean text, its outline and its figures.

The corpus is public material (every government publishes its report: RULES.md §1.1), so its
rows are not scoped by unit: every user who may read business data reads all of it. Writes go
through `fazhi.corpus.services` (audited).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from fazhi.core.models import TimeStampedModel
from fazhi.corpus.outline import STATUTORY_PARTS


class ReportLevel(models.TextChoices):
    PROVINCE = "省", "省"
    CITY = "市", "市"
    COUNTY = "县", "县"
    DISTRICT = "区", "区"
    DEPARTMENT = "部门", "部门"


class StatutoryPart(models.IntegerChoices):
    """The five parts of an annual report (厅字〔2019〕28号 第四章; RULES.md §1.1)."""

    RESULTS = 1, STATUTORY_PARTS[1]
    SHORTCOMINGS = 2, STATUTORY_PARTS[2]
    LEADERS_DUTY = 3, STATUTORY_PARTS[3]
    NEXT_YEAR = 4, STATUTORY_PARTS[4]
    OTHER = 5, STATUTORY_PARTS[5]


class Report(TimeStampedModel):
    """One published report, stored once: `content_hash` is over its clean text."""

    title = models.CharField("标题", max_length=300)
    reporter = models.CharField("报告单位", max_length=100, blank=True)
    region = models.CharField("区域", max_length=100, blank=True, db_index=True)
    region_name = models.CharField("区域简称", max_length=50, blank=True, db_index=True)
    org_region = models.ForeignKey(
        "org.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="对应本平台区划",
    )
    level = models.CharField("层级", max_length=4, choices=ReportLevel.choices, blank=True)
    department = models.CharField("部门", max_length=100, blank=True)
    year = models.PositiveSmallIntegerField("报告年度", null=True, blank=True, db_index=True)
    published = models.DateField("发布日期", null=True, blank=True)
    source = models.CharField("信息来源", max_length=100, blank=True)
    source_url = models.URLField("原文地址", max_length=500, blank=True)
    kind = models.CharField("文件类型", max_length=8)
    encoding = models.CharField("文字编码", max_length=20, blank=True)
    text = models.TextField("正文（已清理）")
    content_hash = models.CharField("内容摘要", max_length=64, unique=True)
    missing_parts = models.JSONField("缺少的法定部分", default=list, blank=True)
    outline_complete = models.BooleanField("提纲完整", default=False)
    fact_count = models.PositiveIntegerField("数字条数", default=0)
    ingested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="导入人",
    )

    class Meta:
        verbose_name = "他地报告"
        verbose_name_plural = "他地报告"
        ordering = ["-year", "region", "pk"]
        indexes = [models.Index(fields=["region_name", "year"], name="corpus_report_region_year")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("corpus:report-detail", kwargs={"report_id": self.pk})


class SourceFile(models.Model):
    """The file as it was uploaded, kept beside the clean text it gave."""

    report = models.OneToOneField(
        Report, on_delete=models.CASCADE, related_name="source_file", verbose_name="报告"
    )
    filename = models.CharField("文件名", max_length=255)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("文件摘要", max_length=64)
    content = models.BinaryField("原始文件")

    class Meta:
        verbose_name = "报告原始文件"
        verbose_name_plural = "报告原始文件"

    def __str__(self) -> str:
        return self.filename


class Section(models.Model):
    """A numbered heading of a report, and the statutory part a top-level one covers."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="sections", verbose_name="报告"
    )
    position = models.PositiveIntegerField("顺序")
    level = models.PositiveSmallIntegerField("层级")
    number = models.CharField("序号", max_length=20)
    heading = models.CharField("标题", max_length=200)
    start = models.PositiveIntegerField("起始位置")
    end = models.PositiveIntegerField("结束位置")
    statutory_part = models.PositiveSmallIntegerField(
        "法定部分", choices=StatutoryPart.choices, null=True, blank=True
    )

    class Meta:
        verbose_name = "报告提纲"
        verbose_name_plural = "报告提纲"
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="corpus_section_position")
        ]

    def __str__(self) -> str:
        return f"{self.number}{self.heading}"


class Fact(models.Model):
    """A figure of a report: indicator, value and unit as written and normalised, and the words
    behind it (`start`/`end` into the report's clean text)."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="facts", verbose_name="报告"
    )
    position = models.PositiveIntegerField("顺序")
    indicator = models.CharField("指标", max_length=100)
    canonical = models.BooleanField("规范指标名", default=False)
    value = models.DecimalField("数值", max_digits=20, decimal_places=6)
    unit = models.CharField("单位", max_length=20, blank=True)
    normalized_value = models.DecimalField("规范数值", max_digits=24, decimal_places=6)
    normalized_unit = models.CharField("规范单位", max_length=20, blank=True)
    approx = models.BooleanField("约数", default=False)
    target = models.BooleanField("目标值", default=False)
    year = models.PositiveSmallIntegerField("所指年度", null=True, blank=True)
    text = models.TextField("原文")
    start = models.PositiveIntegerField("起始位置")
    end = models.PositiveIntegerField("结束位置")
    value_start = models.PositiveIntegerField("数字起始位置")
    value_end = models.PositiveIntegerField("数字结束位置")

    class Meta:
        verbose_name = "报告数字"
        verbose_name_plural = "报告数字"
        ordering = ["report", "position"]
        indexes = [models.Index(fields=["indicator", "year"], name="corpus_fact_indicator_year")]
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="corpus_fact_position")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.value}{self.unit}"
