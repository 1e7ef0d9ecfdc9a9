"""The annual report's due items in 待办与预警: 3月1日前报送 and 4月1日前公开 for every report not
yet submitted or published, and each unit's open contributions by their due date.

The two dates are fixed days of the year after the year reported on (《法治政府建设与责任落实
督察工作规定》 第四章; computed in `fazhi.reports.reporters`), not periods after an event, so no
deadline rule is declared: the dates are stored on the report when it is drafted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from fazhi.core import inbox
from fazhi.core.deadlines import DueItem, due_item
from fazhi.reports.models import Contribution, Report
from fazhi.reports.workflow import CONTRIBUTION_OPEN, Status

MODULE = "年度报告"
BEFORE_SUBMISSION = (Status.DRAFT, Status.COLLECTING, Status.REVIEW, Status.SIGNED)


def report_items(user: Any, today: dt.date) -> Iterator[DueItem]:
    """Reports not yet published (filtered in SQL), one query; then open contributions."""
    reports = (
        Report.objects.visible_to(user)
        .exclude(status=Status.PUBLISHED)
        .select_related("reporter")
        .only(
            "pk", "title", "year", "status", "submission_due", "publication_due", "reporter__name"
        )
    )
    for report in reports:
        if report.status in BEFORE_SUBMISSION:
            yield _item(report, "报送", report.submission_due, today)
        yield _item(report, "公开", report.publication_due, today)
    yield from contribution_items(user, today)


def _item(report: Report, what: str, due: dt.date, today: dt.date) -> DueItem:
    return due_item(
        module=MODULE,
        title=f"{report.title}（{what}）",
        unit_name=report.reporter.name,
        today=today,
        due=due,
        url=report.get_absolute_url(),
    )


def contribution_items(user: Any, today: dt.date) -> Iterator[DueItem]:
    """The contributions asked of the user's own unit and still with it."""
    unit_id = getattr(user, "unit_id", None)
    if unit_id is None:
        return
    asked = (
        Contribution.objects.visible_to(user)
        .filter(unit_id=unit_id, status__in=list(CONTRIBUTION_OPEN))
        .select_related("report", "section", "unit")
    )
    for contribution in asked:
        yield due_item(
            module=MODULE,
            title=f"{contribution.report.title} · {contribution.section.label}（供稿）",
            unit_name=contribution.unit.name,
            today=today,
            due=contribution.due_on,
            url=contribution.get_absolute_url(),
        )


inbox.register(MODULE, report_items)
