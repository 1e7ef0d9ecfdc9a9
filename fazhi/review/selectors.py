"""Reads of the review app; every one starts from `visible_to(user)` (404 outside it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from fazhi.org.models import Region
from fazhi.org.scoping import get_visible_or_404
from fazhi.review import policies
from fazhi.review.models import (
    CatalogEntry,
    CatalogMaterial,
    Consultation,
    DocKind,
    DocStatus,
    Expert,
    ExpertDeclaration,
    Filing,
    LedgerEntry,
    MatterDocument,
    MatterType,
    NormativeDocument,
    ReviewIssue,
    ReviewMatter,
)
from fazhi.review.workflow import FINISHED, REVIEWER_TURN, Status

MATTER_RELATED = ("unit", "review_unit__region", "catalog_entry", "reviewer", "signed_by")


def matter_for(user: Any, matter_id: int) -> ReviewMatter:
    qs = ReviewMatter.objects.select_related(*MATTER_RELATED)
    return get_visible_or_404(qs, user, pk=matter_id)


def document_for(user: Any, doc_id: int) -> MatterDocument:
    qs = MatterDocument.objects.select_related("matter__review_unit__region", "matter__unit")
    return get_visible_or_404(qs, user, pk=doc_id)


def issue_for(user: Any, issue_id: int) -> ReviewIssue:
    qs = ReviewIssue.objects.select_related("matter__review_unit__region", "matter__unit")
    return get_visible_or_404(qs, user, pk=issue_id)


def missing_materials(matter: ReviewMatter) -> list[CatalogMaterial]:
    """The catalog's required materials with no document attached yet (补正 list)."""
    provided = matter.documents.filter(kind=DocKind.MATERIAL).values("material_id")
    return list(
        CatalogMaterial.objects.filter(entry_id=matter.catalog_entry_id, required=True)
        .exclude(pk__in=provided)
        .order_by("sort_order", "pk")
    )


def checklist(matter: ReviewMatter) -> list[dict[str, Any]]:
    """Each material of the catalog entry with the documents given for it."""
    documents = list(matter.documents.filter(kind=DocKind.MATERIAL))
    rows = []
    for material in matter.catalog_entry.materials.all():
        given = [d for d in documents if d.material_id == material.pk]
        rows.append({"material": material, "documents": given, "ok": bool(given)})
    return rows


# --- lists ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatterFilter:
    status: str = ""
    matter_type: str = ""
    level: str = ""
    year: int | None = None
    query: str = ""
    mine: bool = False


def matter_list(user: Any, flt: MatterFilter) -> QuerySet[ReviewMatter]:
    qs = ReviewMatter.objects.visible_to(user).select_related("unit", "review_unit")
    if flt.mine and getattr(user, "unit_id", None):
        qs = qs.filter(unit_id=user.unit_id)
    if flt.status in Status.values:
        qs = qs.filter(status=flt.status)
    if flt.matter_type in MatterType.values:
        qs = qs.filter(matter_type=flt.matter_type)
    if flt.level:
        qs = qs.filter(level=flt.level)
    if flt.year:
        qs = qs.filter(created_at__year=flt.year)
    if flt.query:
        qs = qs.filter(Q(title__icontains=flt.query) | Q(unit__name__icontains=flt.query))
    return qs.order_by("-pk")


def review_queue(user: Any) -> QuerySet[ReviewMatter]:
    """The reviewer's work: matters in the reviewing unit's hands, most urgent first."""
    qs = ReviewMatter.objects.visible_to(user).filter(status__in=REVIEWER_TURN)
    return qs.select_related("unit", "review_unit", "reviewer").order_by("due_on", "pk")


def queue_counts(user: Any, today: dt.date) -> dict[str, int]:
    qs = ReviewMatter.objects.visible_to(user).filter(status__in=REVIEWER_TURN)
    return qs.aggregate(
        submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
        in_review=Count("pk", filter=Q(status=Status.IN_REVIEW)),
        opinion=Count("pk", filter=Q(status=Status.OPINION)),
        overdue=Count("pk", filter=Q(due_on__lt=today)),
    )


def open_matter_count(user: Any) -> int:
    return ReviewMatter.objects.visible_to(user).exclude(status__in=FINISHED).count()


def catalog_for(user: Any, county: Region | None = None) -> QuerySet[CatalogEntry]:
    qs = CatalogEntry.objects.visible_to(user)
    if county is not None:
        qs = qs.filter(region=county)
    return qs.select_related("region").prefetch_related("materials")


def catalog_entry_for(user: Any, entry_id: int) -> CatalogEntry:
    return get_visible_or_404(CatalogEntry.objects.select_related("region"), user, pk=entry_id)


def entries_for_unit(unit: Any) -> QuerySet[CatalogEntry]:
    """The active catalog entries a unit may submit under (its county's, at its level)."""
    county = policies.county_of(unit)
    level = policies.level_of(unit)
    return CatalogEntry.objects.filter(region=county, level=level, is_active=True).order_by(
        "sort_order", "pk"
    )


def ledger_list(user: Any, year: int | None, reviewed: str) -> QuerySet[LedgerEntry]:
    qs = LedgerEntry.objects.visible_to(user).select_related("unit", "matter")
    if year:
        qs = qs.filter(decided_on__year=year)
    if reviewed in ("yes", "no"):
        qs = qs.filter(matter__isnull=reviewed == "no")
    return qs


# --- the 规范性文件 registry ------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentFilter:
    status: str = ""
    query: str = ""
    unfiled: bool = False
    expiring: bool = False


def normdoc_list(user: Any, flt: DocumentFilter, today: dt.date) -> QuerySet[NormativeDocument]:
    documents = NormativeDocument.objects
    base = documents.expiring(today) if flt.expiring else documents.all()
    qs = base.visible_to(user).select_related("unit")
    if flt.status in DocStatus.values:
        qs = qs.filter(status=flt.status)
    if flt.query:
        qs = qs.filter(Q(title__icontains=flt.query) | Q(doc_number__icontains=flt.query))
    if flt.unfiled:
        qs = qs.filter(filed_on__isnull=True)
    return qs.annotate(corrected=Count("filings", filter=Q(filings__result="corrected"))).order_by(
        "-published_on", "-pk"
    )


def normdoc_for(user: Any, normdoc_id: int) -> NormativeDocument:
    qs = NormativeDocument.objects.select_related("unit", "matter")
    return get_visible_or_404(qs, user, pk=normdoc_id)


def filing_for(user: Any, filing_id: int) -> Filing:
    qs = Filing.objects.select_related("document__unit")
    return get_visible_or_404(qs, user, pk=filing_id)


def public_documents(today: dt.date | None = None) -> QuerySet[NormativeDocument]:
    """The valid documents anyone may read: published, in force, not past their 有效期."""
    today = today or timezone.localdate()
    return (
        NormativeDocument.objects.filter(status=DocStatus.VALID, published_on__lte=today)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .select_related("unit__region")
        .order_by("-published_on", "-pk")
    )


# --- the 专家库 ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpertFilter:
    query: str = ""
    specialty: str = ""
    active: str = "yes"  # "yes" 在库, "no" 已出库, "" all


def expert_list(user: Any, flt: ExpertFilter) -> QuerySet[Expert]:
    """The pools `user` may read (their county's), filtered, with how often each expert was
    consulted on a review matter."""
    qs = Expert.objects.visible_to(user).select_related("region")
    if flt.query:
        qs = qs.filter(
            Q(name__icontains=flt.query)
            | Q(specialty__icontains=flt.query)
            | Q(employer__icontains=flt.query)
        )
    if flt.specialty:
        qs = qs.filter(specialty=flt.specialty)
    if flt.active in ("yes", "no"):
        qs = qs.filter(is_active=flt.active == "yes")
    consulted = Consultation.objects.filter(expert=OuterRef("pk")).values("expert")
    counted = consulted.annotate(n=Count("pk")).values("n")
    return qs.annotate(consulted=Coalesce(Subquery(counted), 0)).order_by("specialty", "name", "pk")


def expert_specialties(experts: QuerySet[Expert]) -> list[str]:
    """The distinct specialties among `experts` (for a filter list)."""
    return list(experts.order_by("specialty").values_list("specialty", flat=True).distinct())


def expert_for(user: Any, expert_id: int) -> Expert:
    return get_visible_or_404(Expert.objects.select_related("region"), user, pk=expert_id)


def matter_pool(matter: ReviewMatter, specialty: str = "") -> QuerySet[Expert]:
    """The experts in library (在库) of the matter's county pool (and the pools above it),
    not yet picked for the matter; `specialty` narrows it."""
    county = policies.county_of(matter.unit)
    qs = Expert.objects.available().for_region(county)
    qs = qs.exclude(pk__in=matter.expert_declarations.values("expert_id"))
    if specialty:
        qs = qs.filter(specialty=specialty)
    return qs.order_by("specialty", "name", "pk")


def expert_rows(matter: ReviewMatter) -> list[dict[str, Any]]:
    """The experts picked for the matter: each declaration with the opinion recorded, if any."""
    declarations = matter.expert_declarations.select_related("expert", "recorded_by")
    opinions = {c.expert_id: c for c in matter.consultations.filter(expert__isnull=False)}
    return [{"declaration": d, "opinion": opinions.get(d.expert_id)} for d in declarations]


def declaration_for(user: Any, declaration_id: int) -> ExpertDeclaration:
    qs = ExpertDeclaration.objects.select_related(
        "expert", "matter__unit", "matter__review_unit__region"
    )
    return get_visible_or_404(qs, user, pk=declaration_id)
