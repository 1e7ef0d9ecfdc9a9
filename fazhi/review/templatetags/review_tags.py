"""Showing indicator figures: `{{ result|figure }}`, `{{ result|yoy }}`, `{% records_link … %}`."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from fazhi.indicators.output import DASH, format_value

register = template.Library()


@register.filter
def figure(result: Any) -> str:
    """The value with its unit, "—" when there is no data."""
    return DASH if result is None else format_value(result.value, result.indicator)


@register.filter
def previous(result: Any) -> str:
    return DASH if result is None else format_value(result.previous_value, result.indicator)


@register.filter
def yoy(result: Any) -> SafeString | str:
    """同比: +3 件 / −2.50 个百分点, coloured by whether higher is better."""
    if result is None or result.change is None:
        return "—"
    change = result.change
    unit = "个百分点" if result.indicator.unit == "%" else result.indicator.unit
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    direction = result.indicator.direction
    good = (change > 0 and direction == "higher") or (change < 0 and direction == "lower")
    bad = (change < 0 and direction == "higher") or (change > 0 and direction == "lower")
    css = "fz-yoy-good" if good else ("fz-yoy-bad" if bad else "fz-yoy-flat")
    return format_html('<span class="{}">{}{} {}</span>', css, sign, abs(change), unit)


@register.simple_tag
def records_link(
    result: Any, part: str, choice: Any, variant: str = "", label: Any = None
) -> SafeString | str:
    """A count that links to the records behind it."""
    number = result.numerator if part == "numerator" else result.denominator
    if number is None:
        return "—"
    key, _sep, value = choice.query.partition("=")
    query = {"code": result.indicator.code, "part": part, key: value, "year": choice.year}
    if variant or result.variant:
        query["variant"] = variant or result.variant.key
    url = f"{reverse('review:figure-records')}?{urlencode(query)}"
    return format_html(
        '<a href="{}" class="fz-figure-link">{}</a>', url, number if label is None else label
    )
