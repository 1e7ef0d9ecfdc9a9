"""Reads of dispute cases for a user: the list filters shared by the pages and the Excel export.

Every read starts from `visible_to(user)`. The filters take the page's query string, so that
"导出 Excel" on a filtered list exports exactly the rows listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from .enums import ActType, LawsuitStatus, ReconStatus
from .models import Lawsuit, Reconsideration


@dataclass(frozen=True)
class CaseFilters:
    """The filters of a case list, parsed from a query string; unknown values are ignored."""

    year: int | None = None
    unit: str = ""  # Unit.code: the 被申请人 / 被告 (or co-defendant)
    field: str = ""  # DisputeField.code
    act_type: str = ""
    status: str = ""
    risk: bool = False  # 高败诉风险 only
    overdue: bool = False  # open and past its due date
    q: str = ""  # 案号 or a party's name

    @classmethod
    def parse(cls, params: Mapping[str, Any], statuses: list[str]) -> CaseFilters:
        year = str(params.get("year") or "")
        act_type = str(params.get("act_type") or "")
        status = str(params.get("status") or "")
        return cls(
            year=int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None,
            unit=str(params.get("unit") or "").strip(),
            field=str(params.get("field") or "").strip(),
            act_type=act_type if act_type in ActType.values else "",
            status=status if status in statuses else "",
            risk=params.get("risk") in ("1", "on", "true"),
            overdue=params.get("overdue") in ("1", "on", "true"),
            q=str(params.get("q") or "").strip()[:50],
        )

    def as_query(self) -> dict[str, str]:
        pairs = {
            "year": str(self.year or ""),
            "unit": self.unit,
            "field": self.field,
            "act_type": self.act_type,
            "status": self.status,
            "risk": "1" if self.risk else "",
            "overdue": "1" if self.overdue else "",
            "q": self.q,
        }
        return {k: v for k, v in pairs.items() if v}


def reconsiderations(
    user: Any, params: Mapping[str, Any]
) -> tuple[QuerySet[Reconsideration], CaseFilters]:
    f = CaseFilters.parse(params, list(ReconStatus.values))
    qs: QuerySet[Any] = Reconsideration.objects.visible_to(user)
    if f.year:
        qs = qs.filter(received_on__year=f.year)
    if f.unit:
        qs = qs.filter(respondent__code=f.unit)
    qs = _common(qs, f, party="applicants")
    if f.overdue:
        qs = qs.filter(due_on__lt=timezone.localdate()).exclude(
            status__in=[ReconStatus.CLOSED, ReconStatus.SUSPENDED]
        )
    return qs.select_related("respondent", "field", "lead_leader").order_by(
        "-received_on", "-pk"
    ), f


def lawsuits(user: Any, params: Mapping[str, Any]) -> tuple[QuerySet[Lawsuit], CaseFilters]:
    f = CaseFilters.parse(params, list(LawsuitStatus.values))
    qs: QuerySet[Any] = Lawsuit.objects.visible_to(user)
    if f.year:
        qs = qs.filter(filed_on__year=f.year)
    if f.unit:
        qs = qs.filter(Q(defendant__code=f.unit) | Q(co_defendant__code=f.unit))
    qs = _common(qs, f, party="plaintiffs")
    if f.overdue:
        qs = qs.filter(status=LawsuitStatus.ANSWERING, answer_due_on__lt=timezone.localdate())
    return qs.select_related("defendant", "court", "field", "lead_leader").order_by(
        "-filed_on", "-pk"
    ), f


def _common(qs: QuerySet[Any], f: CaseFilters, *, party: str) -> QuerySet[Any]:
    if f.field:
        qs = qs.filter(field__code=f.field)
    if f.act_type:
        qs = qs.filter(act_type=f.act_type)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.risk:
        qs = qs.filter(high_risk=True)
    if f.q:
        match = Q(case_number__icontains=f.q) | Q(**{f"{party}__name__icontains": f.q})
        qs = qs.filter(pk__in=qs.model.objects.filter(match).values("pk"))
    return qs


def today() -> dt.date:
    return timezone.localdate()
