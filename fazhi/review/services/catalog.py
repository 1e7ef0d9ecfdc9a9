"""The county's 审查事项目录清单: start from the default list, then keep it (县级管理员 only)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from fazhi.core import audit
from fazhi.core.exceptions import ApplicationError
from fazhi.core.permissions import Perm, has_perm
from fazhi.core.services import audited_create, versioned_update
from fazhi.org.models import Region, RegionLevel
from fazhi.review import deadlines, policies
from fazhi.review.catalog_defaults import DEFAULT_CATALOG
from fazhi.review.models import CatalogEntry, CatalogMaterial, Level, MatterType
from fazhi.review.services.common import NotAllowedError, required_text

WHERE = "审查事项目录"


def _require_manager(actor: Any, county: Region) -> None:
    if not has_perm(actor, Perm.MANAGE_REVIEW_CATALOG):
        raise NotAllowedError(f"{WHERE}：您无权维护审查事项目录")
    if actor.unit is None or policies.county_of(actor.unit).pk != county.pk:
        raise NotAllowedError(f"{WHERE}：只能由{county.name}的县级管理员维护本县目录")


def ensure_default_catalog(*, county: Region, actor: Any, check: bool = True) -> int:
    """Give a county without a catalog the default entries; returns how many were created."""
    if county.level != RegionLevel.COUNTY:
        raise ApplicationError(f"{WHERE}：“{county.name}”不是县级区划，目录按县(市、区)建立")
    if check:
        _require_manager(actor, county)
    with transaction.atomic():
        created = create_default_entries(county)
        if created:
            audit.record_change(
                actor=actor,
                event=audit.Event.IMPORT,
                obj=county,
                changes={"目录事项": created},
                message=f"按默认清单建立{county.name}审查事项目录",
            )
    return created


def create_default_entries(county: Region) -> int:
    """The default entries for a county that has none (no audit line: the caller writes one;
    the demo seed's step writes its own)."""
    if CatalogEntry.objects.filter(region=county).exists():
        return 0
    for order, spec in enumerate(DEFAULT_CATALOG, start=1):
        entry = CatalogEntry.objects.create(
            region=county, level=spec.level, matter_type=spec.matter_type, name=spec.name,
            description=spec.description, is_contract=spec.is_contract, sort_order=order,
        )  # fmt: skip
        _set_materials(entry, spec.required, spec.optional)
    return len(DEFAULT_CATALOG)


def _set_materials(entry: CatalogEntry, required: Sequence[str], optional: Sequence[str]) -> None:
    entry.materials.all().delete()
    rows = [(name, True) for name in required] + [(name, False) for name in optional]
    CatalogMaterial.objects.bulk_create(
        CatalogMaterial(entry=entry, name=name[:100], required=needed, sort_order=i)
        for i, (name, needed) in enumerate(rows, start=1)
    )


def check_time_limit(matter_type: str, days: int | None) -> None:
    """A catalog entry's own limit must keep the bounds of its type (None: the rule's default)."""
    if days is None:
        return
    low, high, source = deadlines.LIMIT_BOUNDS.get(matter_type, deadlines.DEFAULT_BOUNDS)
    label = MatterType(matter_type).label
    if days < low or (high is not None and days > high):
        span = f"{low} 至 {high}" if high is not None else f"不少于 {low}"
        raise ApplicationError(
            f"{WHERE}：{label}的审查时限 {days} 个工作日不符合要求，应为{span}个工作日（{source}）"
        )


def _clean_names(text_lines: Sequence[str], what: str) -> list[str]:
    names = [line.strip() for line in text_lines if line.strip()]
    for name in names:
        if len(name) > 100:
            raise ApplicationError(f"{WHERE}：{what}“{name[:20]}…”超过 100 字")
    if len(set(names)) != len(names):
        raise ApplicationError(f"{WHERE}：{what}有重复的名称")
    return names


def update_entry(
    *,
    entry: CatalogEntry,
    actor: Any,
    expected_version: int,
    values: dict[str, Any],
    required: Sequence[str],
    optional: Sequence[str],
) -> CatalogEntry:
    """Change an entry's name, scope, time limit, flags and material lists."""
    _require_manager(actor, entry.region)
    check_time_limit(entry.matter_type, values.get("time_limit"))
    required_text(values.get("name", ""), "事项名称", WHERE)
    required_names = _clean_names(required, "必备材料")
    optional_names = _clean_names(optional, "可选材料")
    fields = {"name", "description", "time_limit", "is_contract", "mandatory", "is_active"}
    changes = {k: v for k, v in values.items() if k in fields}
    with transaction.atomic():
        entry = versioned_update(
            entry, expected_version=expected_version, changes=changes, actor=actor
        )
        _set_materials(entry, required_names, optional_names)
    return entry


def create_entry(
    *, county: Region, actor: Any, level: str, matter_type: str, name: str, time_limit: int | None
) -> CatalogEntry:
    _require_manager(actor, county)
    if level not in Level.values or matter_type not in MatterType.values:
        raise ApplicationError(f"{WHERE}：请选择审查层级和事项类型")
    check_time_limit(matter_type, time_limit)
    if CatalogEntry.objects.filter(region=county, level=level, name=(name or "").strip()).exists():
        raise ApplicationError(f"{WHERE}：{Level(level).label}已有名为“{name}”的事项")
    return audited_create(
        CatalogEntry,
        actor=actor,
        region=county,
        level=level,
        matter_type=matter_type,
        name=required_text(name, "事项名称", WHERE),
        time_limit=time_limit,
        is_contract=matter_type == MatterType.CONTRACT,
        sort_order=CatalogEntry.objects.filter(region=county).count() + 1,
    )
