"""Reads of the 整改 app; every one starts from `visible_to(user)`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import QuerySet

from fazhi.org.scoping import get_visible_or_404
from fazhi.rectify.models import RectificationEvidence, RectificationItem
from fazhi.rectify.workflow import Status


def items_for_source(source: models.Model) -> QuerySet[RectificationItem]:
    """Every item raised from `source` (unscoped: the caller has shown the user the source)."""
    return RectificationItem.objects.of_source(source).select_related("unit")


def item_for(user: Any, item_id: int) -> RectificationItem:
    qs = RectificationItem.objects.select_related("unit", "raised_by_unit__region", "raised_by")
    return get_visible_or_404(qs, user, pk=item_id)


def evidence_for(user: Any, evidence_id: int) -> RectificationEvidence:
    return get_visible_or_404(RectificationEvidence.objects.all(), user, pk=evidence_id)


@dataclass(frozen=True)
class ItemFilter:
    status: str = ""
    module: str = ""
    query: str = ""
    overdue: bool = False


def item_list(user: Any, flt: ItemFilter, today: Any) -> QuerySet[RectificationItem]:
    qs = RectificationItem.objects.visible_to(user).select_related("unit", "raised_by_unit")
    if flt.status in Status.values:
        qs = qs.filter(status=flt.status)
    if flt.module:
        qs = qs.filter(module=flt.module)
    if flt.query:
        qs = qs.filter(
            models.Q(title__icontains=flt.query) | models.Q(unit__name__icontains=flt.query)
        )
    if flt.overdue:
        qs = qs.exclude(status=Status.CLOSED).filter(due_on__lt=today)
    return qs.order_by("status", "due_on", "pk")


def counts(user: Any, today: Any) -> dict[str, int]:
    """Tiles: open, waiting for verification, overdue, closed (one aggregate query)."""
    qs = RectificationItem.objects.visible_to(user)
    open_q = ~models.Q(status=Status.CLOSED)
    return qs.aggregate(
        open=models.Count("pk", filter=models.Q(status=Status.OPEN)),
        submitted=models.Count("pk", filter=models.Q(status=Status.SUBMITTED)),
        overdue=models.Count("pk", filter=open_q & models.Q(due_on__lt=today)),
        closed=models.Count("pk", filter=models.Q(status=Status.CLOSED)),
    )


def modules(user: Any) -> list[str]:
    qs = RectificationItem.objects.visible_to(user).order_by("module")
    return list(qs.values_list("module", flat=True).distinct())
