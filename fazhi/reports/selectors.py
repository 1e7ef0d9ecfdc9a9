"""Reads of the annual report app, each starting from `visible_to(user)` (404 outside it)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from fazhi.org.models import Unit, UnitKind
from fazhi.org.scoping import get_visible_or_404, visible_units
from fazhi.reports import policies
from fazhi.reports.models import (
    Contribution,
    ContributionAttachment,
    Report,
    ReportTemplate,
    Section,
)
from fazhi.reports.workflow import ContributionStatus

REPORTER_KINDS = (UnitKind.GOVERNMENT, UnitKind.TOWNSHIP_GOV, UnitKind.DEPARTMENT)


def report_list(user: Any, *, year: int | None = None) -> QuerySet[Report]:
    """The reports `user` may see, newest year first, with their open contributions counted."""
    reports = Report.objects.visible_to(user).select_related("reporter", "reporter__region")
    if year:
        reports = reports.filter(year=year)
    return reports.annotate(
        open_contributions=Count(
            "contributions", filter=~Q(contributions__status=ContributionStatus.MERGED)
        )
    )


def report_for(user: Any, report_id: int) -> Report:
    qs = Report.objects.select_related("reporter", "reporter__region", "signed_off_by")
    return get_visible_or_404(qs, user, pk=report_id)


def section_for(user: Any, report: Report, section_id: int) -> Section:
    qs = Section.objects.select_related("report", "report__reporter")
    return get_visible_or_404(qs, user, pk=section_id, report=report)


def sections_of(report: Report) -> QuerySet[Section]:
    return report.sections.order_by("order")


def contribution_for(user: Any, contribution_id: int) -> Contribution:
    qs = Contribution.objects.select_related(
        "report", "report__reporter", "section", "unit", "submitted_by", "merged_by"
    )
    return get_visible_or_404(qs, user, pk=contribution_id)


def attachment_for(user: Any, attachment_id: int) -> ContributionAttachment:
    return get_visible_or_404(ContributionAttachment.objects.all(), user, pk=attachment_id)


def my_contributions(user: Any) -> QuerySet[Contribution]:
    """Contributions asked of the user's own unit, the open ones first."""
    unit_id = getattr(user, "unit_id", None)
    if unit_id is None:
        return Contribution.objects.none()
    return (
        Contribution.objects.visible_to(user)
        .filter(unit_id=unit_id)
        .select_related("report", "section", "unit")
        .order_by("status", "due_on", "pk")
    )


def reporters_for(user: Any) -> list[Unit]:
    """Units `user` may draft a report for: governments and departments they edit for."""
    units = (
        visible_units(user)
        .filter(kind__in=REPORTER_KINDS, is_active=True)
        .select_related("region")
        .order_by("region__path", "sort_order", "code")
    )
    return [u for u in units if policies.edits_for(user, u)]


def contributor_units(report: Report) -> QuerySet[Unit]:
    """Units a section can be assigned to: the internal units in the reporter's region subtree."""
    path = report.reporter.region.path
    return (
        Unit.objects.internal()
        .filter(region__path__startswith=path, is_active=True)
        .exclude(kind=UnitKind.VILLAGE_COMMITTEE)
        .select_related("region")
        .order_by("region__path", "sort_order", "code")
    )


def template_for(unit: Unit) -> ReportTemplate | None:
    """The county's stored templates for `unit`'s report (None: the defaults apply)."""
    return ReportTemplate.objects.filter(region=policies.template_region(unit)).first()
