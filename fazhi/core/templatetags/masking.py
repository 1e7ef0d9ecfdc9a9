"""`{{ person.phone|mask:"phone" }}`: personal data masked for display (fazhi.core.masking)."""

from __future__ import annotations

from django import template

from fazhi.core import masking

register = template.Library()


@register.filter(name="mask")
def mask(value: object, kind: str = "phone") -> str:
    return masking.mask(None if value is None else str(value), kind)
