"""The 应审事项台账: matters of a catalog type decided without review are entered here, so that
审查覆盖率 (reviewed ÷ decided) counts them. Closed reviews enter themselves (adoption.close)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from fazhi.core.exceptions import ApplicationError
from fazhi.core.permissions import Perm, has_perm
from fazhi.core.services import audited_create
from fazhi.org.models import Unit
from fazhi.org.scoping import covers
from fazhi.review import policies
from fazhi.review.models import LedgerEntry, MatterType
from fazhi.review.services.common import NotAllowedError, required_text

WHERE = "登记未经审查事项"


def record_unreviewed(
    *,
    actor: Any,
    unit: Unit,
    matter_type: str,
    title: str,
    decided_on: dt.date | None,
    note: str = "",
) -> LedgerEntry:
    """A matter `unit` decided (or signed) on `decided_on` without legality review."""
    if not has_perm(actor, Perm.EDIT_BUSINESS) or not covers(actor, unit):
        raise NotAllowedError(f"{WHERE}：您无权为“{unit.name}”登记")
    if matter_type not in MatterType.values:
        raise ApplicationError(f"{WHERE}：请选择事项类型")
    if decided_on is None or decided_on > timezone.localdate():
        raise ApplicationError(f"{WHERE}：决定（签订）日期（{decided_on or '未填写'}）不能晚于今天")
    return audited_create(
        LedgerEntry,
        actor=actor,
        message=WHERE,
        unit=unit,
        level=policies.level_of(unit),
        matter_type=matter_type,
        title=required_text(title, "事项名称", WHERE),
        decided_on=decided_on,
        note=(note or "").strip()[:300],
        recorded_by=actor,
    )
