"""Base models, the audit trail and the official holiday calendar."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


def user_fk(verbose_name: str) -> Any:
    """An optional link to the user who did something (recorded by, signed by): PROTECT, so a
    user who left a trace is never deleted, and no reverse accessor on the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class TimeStampedModel(models.Model):
    """Abstract base: every row records when it was created and last changed."""

    created_at = models.DateTimeField(
        "创建时间", default=timezone.now, db_index=True, editable=False
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """Abstract base for editable business records: a version guards against lost updates.

    Saves go through `fazhi.core.services.versioned_update`, a conditional UPDATE on the version
    that the user's form was loaded with; a stale copy is refused, never silently merged.
    """

    version = models.PositiveIntegerField("版本", default=1, editable=False)

    class Meta:
        abstract = True


class TransitionEvent(TimeStampedModel):
    """Abstract base: one line of a workflow record's timeline, who did what, from which status
    to which. A concrete event adds the foreign key to its record (written by
    `fazhi.core.services.audited_transition`)."""

    action = models.CharField("操作", max_length=20)
    action_label = models.CharField("操作名称", max_length=30)
    from_status = models.CharField("原状态", max_length=12, blank=True)
    to_status = models.CharField("新状态", max_length=12)
    actor = user_fk("操作人")
    note = models.TextField("说明", blank=True)

    class Meta:
        abstract = True


class AuditCategory(models.TextChoices):
    DATA = "data", "数据变更"
    SECURITY = "security", "安全事件"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("审计日志只能追加，不能修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计日志只能追加，不能删除")


class AuditEvent(models.Model):
    """One append-only line of the audit trail: who did what, when, from where, with what result.

    Rows are chained: `hash` = sha256(previous hash + this row), so an edit made behind the
    application's back is found by `fazhi verify_audit_chain`. On PostgreSQL a trigger also
    refuses UPDATE and DELETE.
    """

    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    category = models.CharField("类别", max_length=10, choices=AuditCategory.choices)
    event = models.CharField("事件", max_length=32, db_index=True)
    success = models.BooleanField("结果成功", default=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
        db_constraint=False,
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    actor_roles = models.CharField("操作人角色", max_length=200, blank=True)
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)
    request_id = models.CharField("请求编号", max_length=32, blank=True)
    object_type = models.CharField("对象类型", max_length=100, blank=True, db_index=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=300, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    message = models.TextField("说明", blank=True)
    prev_hash = models.CharField("前序摘要", max_length=64, blank=True)
    hash = models.CharField("摘要", max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="core_audit_object"),
            models.Index(fields=["actor", "created_at"], name="core_audit_actor_time"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.event}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("审计日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计日志只能追加，不能删除")


class CalendarYear(TimeStampedModel):
    """A year whose official holiday arrangement (国务院办公厅通知) has been entered.

    Working-day arithmetic refuses any year without this row: the software never assumes that a
    year not yet announced follows the plain Monday-to-Friday week.
    """

    year = models.PositiveSmallIntegerField("年度", unique=True)
    source = models.CharField("依据", max_length=300, blank=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "年度节假日安排"
        verbose_name_plural = "年度节假日安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} 年节假日安排"


class DayKind(models.TextChoices):
    REST = "rest", "休息"
    WORK = "work", "上班"


class CalendarDay(TimeStampedModel):
    """A date that departs from the plain week: a weekday off (休息) or a weekend day worked (上班)."""

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=8, choices=DayKind.choices)
    name = models.CharField("节日名称", max_length=50, blank=True)

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()


class DeadlineRuleOverride(TimeStampedModel):
    """A locally confirmed count for a deadline rule whose source is marked unconfirmed.

    Only rules declared `unconfirmed` (RULES.md marks them UNCONFIRMED) may be overridden;
    statutory periods are fixed in code with their source.
    """

    rule_key = models.CharField("期限规则", max_length=100, unique=True)
    count = models.PositiveIntegerField("期限")
    reason = models.CharField("依据或说明", max_length=300)

    class Meta:
        verbose_name = "期限规则调整"
        verbose_name_plural = "期限规则调整"
        ordering = ["rule_key"]

    def __str__(self) -> str:
        return f"{self.rule_key} → {self.count}"


class ConfigStamp(models.Model):
    """A token that changes with every edit of configuration that processes keep in memory.

    Each process caches the holiday calendar and the deadline-rule overrides, and uses a cached
    value only while this token is the one it was loaded under (fazhi/core/stamp.py).
    """

    key = models.CharField("名称", max_length=50, primary_key=True)
    token = models.CharField("版本标记", max_length=32)

    class Meta:
        verbose_name = "配置版本标记"
        verbose_name_plural = "配置版本标记"

    def __str__(self) -> str:
        return f"{self.key}: {self.token}"
