"""Showing decision figures: `{% records_link result "numerator" year query %}` links a count to
the decisions behind it; `{{ decision|date_of:"decided_on" }}` reads the date a figure used."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def records_link(result: Any, part: str, year: int, query: str = "") -> SafeString | str:
    number = result.numerator if part == "numerator" else result.denominator
    if number is None:
        return "—"
    params = {"code": result.indicator.code, "part": part, "year": year}
    if query:
        key, _sep, value = query.partition("=")
        params[key] = value
    url = f"{reverse('decisions:figure-records')}?{urlencode(params)}"
    return format_html('<a href="{}" class="fz-figure-link">{}</a>', url, number)


@register.filter
def date_of(record: Any, field: str) -> Any:
    return getattr(record, field, None) if field and "__" not in field else None
