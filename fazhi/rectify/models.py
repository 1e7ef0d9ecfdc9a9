"""整改: a problem found anywhere (审查, 督察, 评查, 监督文书), its owner unit, due date, evidence
and closure (销号).

An item names where it came from by a generic reference (`source_type` "review.reviewmatter",
`source_id`), so any module raises its findings here through `fazhi.rectify.services.raise_item`
without this app knowing that module.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import TransitionEvent, VersionedModel
from fazhi.org.scoping import ScopedQuerySet
from fazhi.rectify.workflow import Status


class StoredFile(models.Model):
    """Abstract: a file checked by `fazhi.rectify.uploads` and kept under MEDIA_ROOT."""

    file = models.FileField("文件", max_length=255)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="上传人",
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    @property
    def size_label(self) -> str:
        if self.size < 1024 * 1024:
            return f"{max(1, round(self.size / 1024))} KB"
        return f"{self.size / 1024 / 1024:.1f} MB"


class ItemQuerySet(ScopedQuerySet["RectificationItem"]):
    # The owner unit sees its items; so does the unit that raised them (the reviewer's post).
    unit_fields = ("unit", "raised_by_unit")

    def open(self) -> ItemQuerySet:
        return self.exclude(status=Status.CLOSED)

    def of_source(self, source: models.Model) -> ItemQuerySet:
        return self.filter(source_type=source._meta.label_lower, source_id=source.pk)


class RectificationItem(VersionedModel):
    """One 整改事项: what is wrong, who must fix it, by when, the evidence and its closure."""

    module = models.CharField("来源模块", max_length=30)
    category = models.CharField("问题类别", max_length=30, blank=True)
    source_type = models.CharField("来源类型", max_length=100)
    source_id = models.BigIntegerField("来源编号")
    source_label = models.CharField("来源", max_length=200)
    source_url = models.CharField("来源链接", max_length=200, blank=True)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="责任单位"
    )
    raised_by_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="提出单位"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="提出人",
    )
    title = models.CharField("整改事项", max_length=200)
    description = models.TextField("问题描述", blank=True)
    raised_on = models.DateField("提出日期")
    due_on = models.DateField("整改期限")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.OPEN)
    measures = models.TextField("整改措施", blank=True)
    submitted_on = models.DateField("提交整改材料日期", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="提交人",
    )
    closed_on = models.DateField("销号日期", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="核验人",
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = "整改事项"
        verbose_name_plural = "整改事项"
        ordering = ["-raised_on", "-pk"]
        indexes = [
            models.Index(fields=["source_type", "source_id"], name="rectify_item_source"),
            models.Index(fields=["unit", "raised_on"], name="rectify_item_unit_raised"),
            models.Index(fields=["status", "due_on"], name="rectify_item_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        return f"ZG{self.raised_on:%Y}-{self.pk:05d}" if self.pk else "ZG（未编号）"

    def get_absolute_url(self) -> str:
        return reverse("rectify:item", kwargs={"item_id": self.pk})

    @property
    def is_overdue(self) -> bool:
        if self.status == Status.CLOSED:
            return bool(self.closed_on and self.closed_on > self.due_on)
        return self.due_on < timezone.localdate()


class EvidenceQuerySet(ScopedQuerySet["RectificationEvidence"]):
    unit_fields = ("item__unit", "item__raised_by_unit")


class RectificationEvidence(StoredFile):
    """A file that shows the problem was fixed (the signed amended contract, a notice …)."""

    item = models.ForeignKey(
        RectificationItem,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name="整改事项",
    )
    note = models.CharField("说明", max_length=200, blank=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = "整改佐证材料"
        verbose_name_plural = "整改佐证材料"
        ordering = ["uploaded_at", "pk"]


class RectificationEvent(TransitionEvent):
    """One line of an item's timeline: who did what, from which status to which."""

    item = models.ForeignKey(
        RectificationItem, on_delete=models.CASCADE, related_name="events", verbose_name="整改事项"
    )

    class Meta:
        verbose_name = "整改流转记录"
        verbose_name_plural = "整改流转记录"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.action_label}"

    @property
    def to_status_label(self) -> Any:
        return Status(self.to_status).label
