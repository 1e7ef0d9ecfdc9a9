"""Records for the report tests: a year of 示例县's lawsuits, and one report per URL sample."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fazhi.disputes.enums import LawsuitOutcome
from fazhi.disputes.tests.factories import lawsuit

LOST, WITHDRAWN, REJECTED = (
    LawsuitOutcome.REVOKE,
    LawsuitOutcome.WITHDRAWN,
    LawsuitOutcome.REJECT_CLAIM,
)


def lawsuits(tree: dict[str, Any], year: int, outcomes: list[str]) -> None:
    """One closed 一审 lawsuit against the 公安局 per outcome, filed and closed in `year`."""
    for index, outcome in enumerate(outcomes):
        filed = dt.date(year, 1 + index % 10, 5)
        lawsuit(tree, filed_on=filed, closed_on=filed + dt.timedelta(days=40), outcome=outcome)


def county_data(tree: dict[str, Any]) -> None:
    """2025: 10 cases, 1 lost (败诉率 10.00%), 6 withdrawn (调撤率 60.00%);
    2024: 5 cases, 1 lost (20.00%), 2 withdrawn (40.00%)."""
    lawsuits(tree, 2025, [LOST] + [WITHDRAWN] * 6 + [REJECTED] * 3)
    lawsuits(tree, 2024, [LOST] + [WITHDRAWN] * 2 + [REJECTED] * 2)


def url_samples(victim_unit: Any) -> dict[str, object]:
    """A report of `victim_unit` with a section, a contribution and an attachment, written
    directly (the services are not under test), for the URL walk in tests/test_url_access.py."""
    from fazhi.reports.models import Contribution, ContributionAttachment, Report, Section

    report = Report.objects.create(
        reporter=victim_unit, year=2025, kind="department", title="他单位年度报告",
        submission_due="2026-03-01", publication_due="2026-04-01",
    )  # fmt: skip
    section = Section.objects.create(report=report, order=1, part=1, level=1, heading="一、x")
    contribution = Contribution.objects.create(
        report=report, section=section, unit=victim_unit, due_on="2026-02-01"
    )
    stored = {"original_name": "a.pdf", "content_type": "application/pdf", "size": 1, "sha256": "0"}
    found = ContributionAttachment.objects.create(
        contribution=contribution, file="x/a.pdf", **stored
    )
    return {
        "annual_id": report.pk,
        "section_id": section.pk,
        "contribution_id": contribution.pk,
        "attachment_id": found.pk,
    }
