"""Reads of dispute cases for a user: the list filters shared by the pages and the Excel export,
one case by its kind and id, and the two kinds of case (`CaseKind`) the pages are written over.

Every read starts from `visible_to(user)`. The filters take the page's query string, so that
"导出 Excel" on a filtered list exports exactly the rows listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from fazhi.org.scoping import get_visible_or_404

from . import services
from .enums import ActType, LawsuitStatus, ReconStatus
from .forms import LawsuitForm, ReconsiderationForm, administrative_units, handling_bodies
from .models import Lawsuit, Reconsideration
from .workflow import LAWSUIT_TRANSITIONS, RECON_TRANSITIONS, Transition


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


# ---------------------------------------------------------------------------------------------
# The two kinds of case


@dataclass(frozen=True)
class CaseKind:
    """What differs between the two case types, so that each page is written once."""

    key: str  # "recon" | "lawsuit": the risk pages' kind and the URL names' prefix
    model: Any
    label: str  # the module: 行政复议 / 行政应诉
    type_label: str  # the type of case: 行政复议 / 行政诉讼
    party_label: str
    parties: str
    answer_fields: tuple[str, ...]  # the units answering the case (被申请人; 被告, 共同被告)
    related: tuple[str, ...]  # the units the case page shows besides these
    ledger: str
    transitions: dict[str, Transition]
    select: Callable[[Any, Any], tuple[QuerySet[Any], CaseFilters]]
    statuses: Any
    form: Any
    register: Callable[..., Any]
    transition: Callable[..., Any]
    date_field: str
    may_register: Callable[[Any], bool]

    def url(self, view: str, case: Any, **kwargs: Any) -> str:
        key = "recon_id" if self.key == "recon" else "lawsuit_id"
        return reverse(f"disputes:{self.key}-{view}", kwargs={key: case.pk, **kwargs})


RECON = CaseKind(
    key="recon",
    model=Reconsideration,
    label="行政复议",
    type_label="行政复议",
    party_label="申请人",
    parties="applicants",
    answer_fields=("respondent",),
    related=("handling_unit", "organ"),
    ledger="reconsideration",
    transitions=RECON_TRANSITIONS,
    select=reconsiderations,
    statuses=ReconStatus,
    form=ReconsiderationForm,
    register=lambda **kw: services.register_reconsideration(applicants=kw.pop("parties"), **kw),
    transition=services.transition_reconsideration,
    date_field="received_on",
    may_register=lambda user: handling_bodies(user).exists(),
)
LAWSUIT = CaseKind(
    key="lawsuit",
    model=Lawsuit,
    label="行政应诉",
    type_label="行政诉讼",
    party_label="原告",
    parties="plaintiffs",
    answer_fields=("defendant", "co_defendant"),
    related=("court", "reconsideration", "previous_instance"),
    ledger="litigation",
    transitions=LAWSUIT_TRANSITIONS,
    select=lawsuits,
    statuses=LawsuitStatus,
    form=LawsuitForm,
    register=lambda **kw: services.register_lawsuit(plaintiffs=kw.pop("parties"), **kw),
    transition=services.transition_lawsuit,
    date_field="filed_on",
    may_register=lambda user: administrative_units(user).exists(),
)
KINDS = {kind.key: kind for kind in (RECON, LAWSUIT)}


def case_kind(case: Any) -> CaseKind:
    return RECON if isinstance(case, Reconsideration) else LAWSUIT


def visible_case(user: Any, kind: CaseKind, pk: int) -> Any:
    """The case of `kind` numbered `pk` if `user` may see it, with the units and people its
    pages show; Http404 otherwise."""
    queryset = kind.model.objects.select_related(
        "field", "lead_leader", "risk_unit", *kind.answer_fields, *kind.related
    )
    return get_visible_or_404(queryset, user, pk=pk)
