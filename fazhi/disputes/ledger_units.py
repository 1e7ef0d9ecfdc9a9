"""What a ledger's names refer to in the region it is imported for: units, courts and 领域.

Ledgers name a unit by its full name (示例县公安局), without the county (县公安局, 公安局), or by
its short name (市场监管局). Every such name of every unit in the region is indexed once; a name
that fits no unit, or more than one, is an error for the row, never a guess. Courts are looked
up among the courts of the region and of the regions above it (a 二审 is heard by the 中院).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from fazhi.org.models import EXTERNAL_KINDS, Region, Unit, UnitKind

from .ledger_values import CellError, compact, key
from .models import DisputeField

# The one-character level a region's name ends with, which ledgers keep (县公安局, 镇政府).
LEVEL_CHARS = "省市县区镇乡旗"
OTHER_FIELD = "other"


def unit_names(unit: Unit, chain: list[str]) -> set[str]:
    """Every name a ledger may write for `unit`; `chain` holds the names of its region and
    the regions above it (示例省, 示例市, 示例县)."""
    found = {compact(unit.name), compact(unit.short_name), compact(unit.code)}
    pending = [compact(unit.name)]
    while pending:
        name = pending.pop()
        for region_name in chain:
            rest = name[len(region_name) :]
            if not name.startswith(region_name) or len(rest) < 2:
                continue
            if region_name[-1] in LEVEL_CHARS:
                found.add(region_name[-1] + rest)
            if rest not in found:
                found.add(rest)
                pending.append(rest)
    found.discard("")
    return found


@dataclass
class UnitIndex:
    """Names → the units that answer to them, within one region."""

    region_name: str
    what: str  # 单位 or 人民法院, for messages
    units: dict[int, Unit] = field(default_factory=dict)
    names: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    resolved: dict[str, Unit | CellError] = field(default_factory=dict)

    def add(self, unit: Unit, chain: list[str]) -> None:
        self.units[unit.pk] = unit
        for name in unit_names(unit, chain):
            self.names[name].add(unit.pk)

    def resolve(self, name: str) -> Unit:
        """The one unit `name` names; CellError when none or several. Remembered per name."""
        found = self.resolved.get(name)
        if found is None:
            try:
                found = self._resolve(name)
            except CellError as exc:
                found = exc
            self.resolved[name] = found
        if isinstance(found, CellError):
            raise found
        return found

    def _resolve(self, name: str) -> Unit:
        ids = self.names.get(compact(name), set())
        if len(ids) == 1:
            return self.units[next(iter(ids))]
        if not ids:
            raise CellError(
                f"在{self.region_name}未找到{self.what}“{name}”"
                "（按全称、简称或不带县名的名称查找；请核对名称，或先在组织机构中添加该单位）"
            )
        candidates = "、".join(sorted(self.units[i].name for i in ids))
        raise CellError(f"{self.what}“{name}”不明确，可能是：{candidates}；请写全称")


@dataclass
class FieldIndex:
    """领域 by name, code or alias (DisputeField.alias_list), and inferred from a unit's name."""

    fields: dict[str, DisputeField]
    inferred: dict[int, DisputeField] = field(default_factory=dict)
    named: dict[str, DisputeField] = field(default_factory=dict)  # as written → found

    @classmethod
    def load(cls) -> FieldIndex:
        lookup: dict[str, DisputeField] = {}
        taken: dict[str, set[int]] = defaultdict(set)
        for item in DisputeField.objects.order_by("sort_order", "code"):
            for word in {item.name, item.code, *item.alias_list()}:
                lookup.setdefault(key(word), item)
                taken[key(word)].add(item.pk)
        # A word two fields both claim names neither.
        return cls({k: f for k, f in lookup.items() if len(taken[k]) == 1})

    def resolve(self, name: str) -> DisputeField:
        found = self.named.get(name)
        if found is None:
            found = self.named[name] = self._resolve(name)
        return found

    def _resolve(self, name: str) -> DisputeField:
        found = self.fields.get(key(name))
        if found is None:
            shown = "、".join(dict.fromkeys(f.name for f in self.fields.values()))
            raise CellError(
                f"无法识别的领域“{name}”，应为 {shown} 之一（可在配置后台为领域添加别名）"
            )
        return found

    def infer(self, unit: Unit) -> DisputeField:
        """The 领域 a unit's name points to (示例县公安局 → 公安), by the longest name or alias
        found in it; 其他 when none or two fields tie."""
        if unit.pk not in self.inferred:
            self.inferred[unit.pk] = self._infer(compact(unit.name))
        return self.inferred[unit.pk]

    def _infer(self, name: str) -> DisputeField:
        best: dict[int, tuple[int, DisputeField]] = {}
        name = key(name)
        for word, item in self.fields.items():
            found = item.code != OTHER_FIELD and len(word) >= 2 and word in name
            if found and len(word) > best.get(item.pk, (0, item))[0]:
                best[item.pk] = (len(word), item)
        ranked = sorted(best.values(), key=lambda pair: -pair[0])
        if ranked and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
            return ranked[0][1]
        other = next((f for f in self.fields.values() if f.code == OTHER_FIELD), None)
        if other is None:
            raise CellError("无法推断领域，且未配置编码为 other 的“其他”领域，请填写领域")
        return other


@dataclass
class RegionContext:
    """The region a ledger is imported for, and everything its rows are resolved against."""

    region: Region
    units: UnitIndex
    courts: UnitIndex
    fields: FieldIndex
    unit_ids: frozenset[int]  # every unit of the region's subtree
    government: Unit | None = None
    justice: Unit | None = None

    @classmethod
    def load(cls, region: Region) -> RegionContext:
        regions = _regions_around(region)
        units = UnitIndex(region.name, "单位")
        courts = UnitIndex(region.name, "人民法院")
        subtree = Unit.objects.filter(region__path__startswith=region.path).select_related("region")
        ancestor_courts = Unit.objects.filter(
            kind=UnitKind.COURT, region__code__in=region.path_codes()
        ).select_related("region")
        ids = set()
        for unit in [*subtree, *ancestor_courts]:
            chain = [regions[c].name for c in unit.region.path_codes() if c in regions]
            chain = [compact(n) for n in reversed(chain)]
            if unit.kind == UnitKind.COURT:
                courts.add(unit, chain)
            elif unit.kind not in EXTERNAL_KINDS:
                units.add(unit, chain)
            if unit.region.path.startswith(region.path):
                ids.add(unit.pk)
        context = cls(region, units, courts, FieldIndex.load(), frozenset(ids))
        context.government, context.justice = _organ_and_office(region)
        return context

    def organ_problem(self) -> str | None:
        """Why 复议 cases cannot be imported for this region (None when they can)."""
        if self.government is None:
            return f"{self.region.name}没有“人民政府”类型的单位（复议机关），请先在组织机构中添加"
        if self.justice is None:
            return f"{self.region.name}没有唯一的司法局（复议机构），请先在组织机构中添加"
        return None


def _regions_around(region: Region) -> dict[str, Region]:
    """The region's subtree and the regions above it, by code."""
    return {r.code: r for r in [*Region.objects.subtree(region), *region.ancestors()]}


def _organ_and_office(region: Region) -> tuple[Unit | None, Unit | None]:
    """复议机关 = the region's 人民政府; 复议机构 = its 司法局 (行政复议法 第24条)."""
    governments = list(Unit.objects.filter(region=region, kind=UnitKind.GOVERNMENT)[:2])
    offices = list(
        Unit.objects.filter(region=region, name__endswith="司法局").exclude(
            kind__in=EXTERNAL_KINDS
        )[:2]
    )
    return (
        governments[0] if len(governments) == 1 else None,
        offices[0] if len(offices) == 1 else None,
    )
