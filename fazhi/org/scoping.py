"""The one rule for which records a user may see: `visible_to(user)`.

Scope follows where a user sits as well as the role:
- a county administrator (县级管理员) or a leader (领导) sees every record of their unit's region
  subtree (a county's staff: the county, its townships and villages);
- a legality reviewer (法审员) sees the region subtree only when their unit oversees its region
  (`Unit.oversees_region`: the county 人民政府, the 司法局 that hosts the county's 合法性审查中心,
  a 乡镇政府/街道办 for its villages — a village's matter goes to its township's reviewer);
  a reviewer placed in a department (the 公安局's legal section) sees that unit's records only;
- a unit clerk (单位填报员) sees the records of its own unit.
The three administrator roles see no business records at all. Every list, detail, export and API
starts from this rule; a record outside it answers 404 (`get_visible_or_404`). A region's
published lists (catalogs, the expert pool) are the exception: `RegionListQuerySet`.
"""

from __future__ import annotations

from typing import Any, Self, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.http import Http404

from fazhi.core import audit
from fazhi.org.roles import BUSINESS_ROLES, OVERSEEING_ROLES, REGION_WIDE_ROLES

_NOTHING = Q(pk__in=[])
M = TypeVar("M", bound=models.Model)


def _active_unit(user: Any) -> Any:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.unit


def sees_region(user: Any) -> bool:
    """Whether `user`'s business roles reach their unit's whole region subtree."""
    unit = _active_unit(user)
    if unit is None:
        return False
    roles = user.role_set()
    if roles & REGION_WIDE_ROLES:
        return True
    return bool(roles & OVERSEEING_ROLES) and unit.oversees_region


def scope_q(user: Any, *unit_fields: str) -> Q:
    """A filter on the given unit foreign key(s) (or "pk" for Unit itself) for `user`.

    With several fields a record is visible when any of them names a visible unit (a case
    visible to its respondent and to the body handling it).
    """
    unit = _active_unit(user)
    if unit is None or not user.role_set() & BUSINESS_ROLES:
        return _NOTHING
    wide = sees_region(user)
    scope = _NOTHING
    for field in unit_fields:
        if wide and field == "pk":
            scope |= Q(region__path__startswith=unit.region.path)
        elif wide:
            # The region's units as a subquery, not a join per field: an OR across two joined
            # region paths leaves PostgreSQL without a good plan (seconds, or minutes, on tables
            # just seeded), while `unit IN (…)` is a plain semi-join on either database.
            scope |= Q(**{f"{field}__in": _units_within(unit.region.path)})
        else:
            scope |= Q(**{"pk" if field == "pk" else f"{field}_id": unit.pk})
    return scope


def _units_within(path: str) -> Any:
    from fazhi.org.models import Unit  # here: other apps' models import this module

    return Unit.objects.filter(region__path__startswith=path).values("pk")


def covers(user: Any, unit: Any) -> bool:
    """Whether `unit` is in `user`'s scope: `scope_q(user, "pk")` for one unit, decided in Python
    (no query when it is the user's own unit; the unit's region otherwise)."""
    own = _active_unit(user)
    if own is None or unit is None or not user.role_set() & BUSINESS_ROLES:
        return False
    if unit.pk == own.pk:
        return True
    return sees_region(user) and unit.region.path.startswith(own.region.path)


class ScopedQuerySet(models.QuerySet[M]):
    """Base QuerySet of business records; set `unit_fields` to the unit foreign key(s)."""

    unit_fields: tuple[str, ...] = ("unit",)

    def visible_to(self, user: Any) -> ScopedQuerySet[M]:
        return self.filter(scope_q(user, *self.unit_fields))


class RegionListQuerySet(models.QuerySet[M]):
    """Base QuerySet of a region's published lists (a county's 审查事项目录, 专家库, 决策事项目录),
    keyed by a `region` foreign key: read by everyone working in that region or below it, that is
    when the list reaches the user's unit's region (`for_region`). An inactive or
    anonymous user, or one without a unit, reads none."""

    def visible_to(self, user: Any) -> Self:
        unit = _active_unit(user)
        if unit is None:
            return self.none()
        return self.for_region(unit.region)

    def for_region(self, region: Any) -> Self:
        """The lists that reach `region`: its own and those of the regions above it."""
        return self.filter(region__code__in=region.path_codes())


def get_visible_or_404(queryset: models.QuerySet[M], user: Any, /, **lookup: Any) -> M:
    """The record matching `lookup` among those `user` may see; Http404 otherwise.

    The queryset is narrowed by its `visible_to(user)`; a queryset without `visible_to` must
    come already narrowed by the caller's own scope filter (the organisation pages' scope). A
    record that exists outside the scope answers exactly like a missing one, but the attempt is
    audited (access_denied, naming the model and the lookup); a missing key is not audited.
    """
    visible = queryset.visible_to(user) if hasattr(queryset, "visible_to") else queryset
    model = queryset.model
    try:
        return visible.get(**lookup)
    except ObjectDoesNotExist:
        pass
    hidden = model._default_manager.filter(**lookup).first()
    if hidden is not None:
        key = "，".join(f"{name}={value}" for name, value in lookup.items())
        audit.record_security(
            event=audit.Event.ACCESS_DENIED,
            user=user,
            success=False,
            obj=hidden,
            message=f"请求范围外的{model._meta.verbose_name}（{model._meta.label_lower}）：{key}",
        )
    raise Http404(f"{model._meta.verbose_name}不存在")


def visible_units(user: Any) -> models.QuerySet[Any]:
    from fazhi.org.models import Unit

    return Unit.objects.visible_to(user)


def visible_regions(user: Any) -> models.QuerySet[Any]:
    """The region subtree a user's region-wide scope covers (their own region otherwise)."""
    from fazhi.org.models import Region

    if not getattr(user, "is_authenticated", False) or user.unit is None:
        return Region.objects.none()
    region = user.unit.region
    if sees_region(user):
        return Region.objects.subtree(region)
    return Region.objects.filter(pk=region.pk)
