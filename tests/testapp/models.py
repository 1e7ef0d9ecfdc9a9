"""A small test-only business record, used to test the platform's kernels with real rows."""

from __future__ import annotations

from django.db import models

from fazhi.core.models import VersionedModel
from fazhi.org.scoping import ScopedQuerySet


class SampleQuerySet(ScopedQuerySet["SampleCase"]):
    unit_fields = ("unit",)


class SampleCase(VersionedModel):
    title = models.CharField("标题", max_length=100)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="承办单位"
    )
    received_on = models.DateField("收案日期")
    closed_on = models.DateField("结案日期", null=True, blank=True)
    lost = models.BooleanField("败诉", default=False)
    due_on = models.DateField("期限", null=True, blank=True)

    objects = SampleQuerySet.as_manager()

    class Meta:
        verbose_name = "测试案件"
        verbose_name_plural = "测试案件"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title
