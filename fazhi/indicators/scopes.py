"""Where a figure is counted: a region's whole subtree, or one unit; and finding them by name."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, reduce
from operator import or_
from typing import Any

from django.db.models import Q

from fazhi.core.exceptions import ApplicationError
from fazhi.org.models import Region, Unit


@dataclass(frozen=True)
class Scope:
    """A region (every unit in its subtree: townships and villages too) or a single unit."""

    region: Region | None = None
    unit: Unit | None = None

    def __post_init__(self) -> None:
        if (self.region is None) == (self.unit is None):
            raise ValueError("Scope takes exactly one of region or unit")

    @classmethod
    def of_region(cls, region: Region) -> Scope:
        return cls(region=region)

    @classmethod
    def of_unit(cls, unit: Unit) -> Scope:
        return cls(unit=unit)

    @classmethod
    def for_user(cls, user: Any) -> Scope | None:
        """A user's own figures: their region when their roles reach it, else their unit."""
        from fazhi.org.scoping import sees_region

        unit = getattr(user, "unit", None)
        if unit is None:
            return None
        return cls.of_region(unit.region) if sees_region(user) else cls.of_unit(unit)

    @property
    def label(self) -> str:
        return str(self.unit if self.unit is not None else self.region)

    def q(self, unit_fields: tuple[str, ...]) -> Q:
        """Records any of whose `unit_fields` names a unit in this scope."""
        if self.region is None:
            return reduce(or_, (Q(**{name: self.unit}) for name in unit_fields))
        # One prefix match on the materialised region path, no walk down the tree. A join
        # rather than `unit IN (subquery)`: with an index on (unit, date) both SQLite and
        # PostgreSQL then choose between scanning and seeking by the size of the subtree.
        lookup = "region__path__startswith"
        if len(unit_fields) == 1:
            return Q(**{f"{unit_fields[0]}__{lookup}": self.region.path})
        # Several fields (被告 or 共同被告): a join per field OR-ed together defeats every index,
        # so name the subtree's units (a county has a few hundred) and let each field use its own
        # (unit, date) index.
        ids = self.unit_ids
        return reduce(or_, (Q(**{f"{name}__in": ids}) for name in unit_fields))

    @cached_property
    def unit_ids(self) -> list[Any]:
        """The pks of the units in this scope (one query, once per scope object)."""
        if self.region is None:
            return [self.unit.pk] if self.unit is not None else []
        return list(
            Unit.objects.filter(region__path__startswith=self.region.path).values_list(
                "pk", flat=True
            )
        )

    @cached_property
    def holds_every_unit(self) -> bool:
        """Whether every unit lies in this scope: a root region with no other root's units
        (a province's own deployment). Then a unit field names a unit of the scope exactly when
        it is set, and counting needs no unit filter at all. Asked of a root region only (one
        query, once per scope object); any other scope is taken not to."""
        if self.region is None or self.region.parent_id is not None:
            return False
        return not Unit.objects.exclude(region__path__startswith=self.region.path).exists()

    def contains(self, unit: Unit) -> bool:
        if self.region is None:
            return self.unit is not None and unit.pk == self.unit.pk
        return unit.region.path.startswith(self.region.path)


def find_region(text: str) -> Region:
    """The region whose code or name is `text`; a Chinese error when none or several match."""
    text = (text or "").strip()
    if not text:
        raise ApplicationError("请指定区划（名称或区划代码）")
    matches = list(Region.objects.filter(code=text)) or list(Region.objects.filter(name=text))
    if not matches:
        raise ApplicationError(f"未找到区划：{text}")
    if len(matches) > 1:
        candidates = "、".join(f"{r.code}（{r.full_name()}）" for r in matches)
        raise ApplicationError(f"区划名称“{text}”不唯一，请改用区划代码：{candidates}")
    return matches[0]


def find_unit(text: str, *, within: Region | None = None) -> Unit:
    """The unit whose code or name is `text`, inside `within` when given."""
    text = (text or "").strip()
    if not text:
        raise ApplicationError("请指定单位（名称或单位编码）")
    units = Unit.objects.select_related("region")
    matches = list(units.filter(code=text)) or list(units.filter(name=text))
    if not matches:
        raise ApplicationError(f"未找到单位：{text}")
    if within is not None:
        inside = [u for u in matches if u.region.path.startswith(within.path)]
        if not inside:
            unit = matches[0]
            raise ApplicationError(
                f"单位“{unit.name}”（{unit.code}）不在区划“{within.name}”（{within.code}）范围内"
            )
        matches = inside
    if len(matches) > 1:
        candidates = "、".join(f"{u.code}（{u.region.name}）" for u in matches)
        raise ApplicationError(f"单位名称“{text}”不唯一，请改用单位编码：{candidates}")
    return matches[0]
