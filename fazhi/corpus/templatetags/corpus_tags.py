"""Numbers of the corpus as people write them: 2.54, 12955, never 1.2955E+4."""

from __future__ import annotations

from decimal import Decimal

from django import template

from fazhi.corpus.numbers import format_number

register = template.Library()


@register.filter
def number(value: Decimal | None) -> str:
    return "—" if value is None else format_number(Decimal(value))


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key)
