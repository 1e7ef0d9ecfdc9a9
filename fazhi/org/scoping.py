"""The one rule for which records a user may see: `visible_to(user)`.

A unit clerk (单位填报员) sees the records of its own unit. County staff, reviewers and leaders
see every record of their unit's region subtree (a county's staff: the county, its townships and
villages). The three administrator roles see no business records at all. Every list, detail,
export and API starts from this rule; a record outside it answers 404.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models import Q

from fazhi.org.roles import REGION_WIDE_ROLES, Role

_NOTHING = Q(pk__in=[])
M = TypeVar("M", bound=models.Model)


def scope_q(user: Any, *unit_fields: str) -> Q:
    """A filter on the given unit foreign key(s) (or "pk" for Unit itself) for `user`.

    With several fields a record is visible when any of them names a visible unit (a case
    visible to its respondent and to the body handling it).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return _NOTHING
    unit = user.unit
    if unit is None:
        return _NOTHING
    roles = user.role_set()
    scope = _NOTHING
    for field in unit_fields:
        prefix = "" if field == "pk" else f"{field}__"
        if roles & REGION_WIDE_ROLES:
            scope |= Q(**{f"{prefix}region__path__startswith": unit.region.path})
        elif Role.CLERK in roles:
            scope |= Q(**{"pk" if field == "pk" else f"{field}_id": unit.pk})
    return scope


class ScopedQuerySet(models.QuerySet[M]):
    """Base QuerySet of business records; set `unit_fields` to the unit foreign key(s)."""

    unit_fields: tuple[str, ...] = ("unit",)

    def visible_to(self, user: Any) -> ScopedQuerySet[M]:
        return self.filter(scope_q(user, *self.unit_fields))


def visible_units(user: Any) -> models.QuerySet[Any]:
    from fazhi.org.models import Unit

    return Unit.objects.visible_to(user)


def visible_regions(user: Any) -> models.QuerySet[Any]:
    """The region subtree a user's region-wide role covers (their own region for a clerk)."""
    from fazhi.org.models import Region

    if not getattr(user, "is_authenticated", False) or user.unit is None:
        return Region.objects.none()
    region = user.unit.region
    if user.role_set() & REGION_WIDE_ROLES:
        return Region.objects.subtree(region)
    return Region.objects.filter(pk=region.pk)
