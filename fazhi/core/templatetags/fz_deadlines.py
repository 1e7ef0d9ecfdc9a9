"""Rendering due dates: a date, or "YYYY 年节假日安排未录入" when it cannot be computed.

{% load fz_deadlines %}
{{ item|due_date }}  {{ item|days_left }}  {{ item|status_badge }}
{% due_on "disputes.reconsider.admission" case.received_on %}
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from fazhi.core import deadlines
from fazhi.core.deadlines import DueItem, DueStatus
from fazhi.core.exceptions import CalendarMissingError

register = template.Library()

MISSING = "{} 年节假日安排未录入"


def _missing(year: int) -> SafeString:
    return format_html('<span class="fz-due-missing">{}</span>', MISSING.format(year))


@register.filter
def due_date(value: Any) -> str:
    """A DueItem's due date, a date, or the missing-year notice; "—" when there is none."""
    if isinstance(value, DueItem):
        if value.due is None and value.missing_year:
            return _missing(value.missing_year)
        value = value.due
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return "—"


@register.filter
def days_left(item: DueItem) -> str:
    """剩 2 个工作日 / 今日到期 / 超期 3 个工作日, or the missing-year notice."""
    if item.status == DueStatus.DONE:
        return "已完成"
    if item.days_left is None:
        if item.missing_year and item.due is not None:
            return _missing(item.missing_year)
        return "—"
    if item.days_left > 0:
        return f"剩 {item.days_left} 个工作日"
    if item.days_left == 0:
        return "今日到期" if item.status != DueStatus.OVERDUE else "已超期"
    return f"超期 {-item.days_left} 个工作日"


@register.filter
def status_badge(item: DueItem | str) -> SafeString:
    status = DueStatus(item.status if isinstance(item, DueItem) else item)
    return format_html('<span class="badge fz-status-{}">{}</span>', status.value, status.label)


@register.simple_tag
def due_on(rule: str, start: dt.date | None) -> str:
    """The due date of `rule` from `start`, or the missing-year notice."""
    if start is None:
        return "—"
    try:
        return f"{deadlines.due_date(rule, start):%Y-%m-%d}"
    except CalendarMissingError as exc:
        return _missing(exc.year)
