"""Writes of the indicators app: manual indicators and their entered values, and targets.

Each service checks its input (a Chinese message naming what and where, nothing stored when
refused), checks the policy, and writes in one transaction with its audit line.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from fazhi.core import uploads
from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.core.permissions import Perm, has_perm
from fazhi.core.services import audited_create, audited_delete, versioned_update
from fazhi.indicators import figures, registry
from fazhi.indicators.models import ManualIndicator, ManualValue, Target, TargetLevel
from fazhi.indicators.periods import MIN_YEAR
from fazhi.indicators.registry import Direction
from fazhi.org.models import Region, Unit
from fazhi.org.scoping import covers, visible_regions

M = TypeVar("M", ManualValue, Target)
MANUAL_CODE_RE = re.compile(r"^manual\.[a-z][a-z0-9_]*$")
EVIDENCE_FOLDER = "indicators"


# --- manual indicators -----------------------------------------------------------------------


def declare_manual_indicator(
    *,
    actor: Any,
    code: str,
    name: str,
    definition: str,
    unit: str = "%",
    direction: str = Direction.HIGHER_IS_BETTER,
    decimals: int = 2,
    is_ratio: bool = True,
    scale: Decimal | int = 100,
    basis: str = "",
) -> ManualIndicator:
    """Declare a manual indicator (手工填报): its code is "manual.<name>" and taken by no
    declared indicator."""
    _require(actor, Perm.MANAGE_ASSESSMENT, "声明手工填报指标")
    code = (code or "").strip()
    _check_declaration(code, name, definition, direction, unit, decimals)
    return audited_create(
        ManualIndicator,
        actor=actor,
        message=f"声明手工填报指标：{name}",
        code=code,
        name=name.strip(),
        definition=definition.strip(),
        unit=unit,
        direction=direction,
        decimals=decimals,
        is_ratio=is_ratio,
        scale=Decimal(scale),
        basis=basis,
    )


def _check_declaration(
    code: str, name: str, definition: str, direction: str, unit: str, decimals: int
) -> None:
    if not MANUAL_CODE_RE.match(code):
        raise ApplicationError(
            f"手工填报指标编码“{code}”不正确：应为 manual. 加小写字母、数字或下划线，"
            "如 manual.public_lawyer_rate"
        )
    if code in registry.registry or ManualIndicator.objects.filter(code=code).exists():
        raise ApplicationError(f"指标编码“{code}”已被使用")
    if not (name or "").strip() or not (definition or "").strip():
        raise ApplicationError("手工填报指标：请填写指标名称和指标定义")
    if direction not in Direction.values:
        raise ApplicationError(f"手工填报指标：方向不正确：{direction}")
    if len(name.strip()) > 100 or len(unit or "") > 10 or not 0 <= int(decimals) <= 6:
        raise ApplicationError(
            "手工填报指标：名称不超过 100 字，计量单位不超过 10 字，小数位数 0–6"
        )


def enter_manual_value(
    *,
    actor: Any,
    indicator: ManualIndicator,
    unit: Unit,
    year: int,
    numerator: Any = None,
    denominator: Any = None,
    value: Any = None,
    note: str = "",
    upload: UploadedFile | None = None,
    expected_version: int | None = None,
) -> ManualValue:
    """Enter (or correct) `unit`'s figure for `indicator` and `year`, with its evidence: a
    ratio by numerator and denominator, a count by value. A unit enters its own; those whose
    scope covers the unit (the county 司法局's administrators) enter for it. A correction
    carries the version its form was loaded with; the first entry needs an evidence file."""
    where = f"{unit.name} {year} 年“{indicator.name}”"
    if not has_perm(actor, Perm.EDIT_BUSINESS) or not covers(actor, unit):
        raise NotAllowedError(f"无权填报{unit.name}的指标")
    if not indicator.is_active:
        raise ApplicationError(f"指标“{indicator.name}”已停用，不能填报")
    _check_year(year)
    numbers = _manual_numbers(indicator, where, numerator, denominator, value)
    existing = ManualValue.objects.filter(indicator=indicator, unit=unit, year=year).first()
    checked = None
    if upload is not None:
        checked = uploads.check_upload(upload, what="佐证材料", allowed=uploads.EVIDENCE)
    elif existing is None or not existing.evidence:
        raise ApplicationError(f"{where}：请上传佐证材料（PDF、Word 或图片）")
    fields: dict[str, Any] = {**numbers, "note": (note or "").strip()[:300], "entered_by": actor}
    with uploads.atomic_with_files():
        if checked is not None:
            fields["evidence"] = uploads.store(checked, folder=EVIDENCE_FOLDER)
            fields["evidence_name"] = checked.name
        if checked is not None and existing is not None and existing.evidence:
            uploads.delete_later(existing.evidence.name)
        keys = {"indicator": indicator, "unit": unit, "year": year}
        return _save(
            ManualValue, existing, keys, fields, actor, expected_version, f"手工填报：{where}"
        )


def _save(
    model: type[M],
    existing: M | None,
    keys: dict[str, Any],
    fields: dict[str, Any],
    actor: Any,
    expected_version: int | None,
    what: str,
) -> M:
    """Create the row of `keys` with `fields`, or change `existing` to them (version-checked
    against `expected_version`, by default the stored one); audited either way."""
    if existing is None:
        return audited_create(model, actor=actor, message=what, **keys, **fields)
    version = getattr(existing, "version", 0)
    return versioned_update(
        existing,
        expected_version=version if expected_version is None else expected_version,
        changes=fields,
        actor=actor,
        message=f"修改{what}",
    )


def _manual_numbers(
    indicator: ManualIndicator, where: str, numerator: Any, denominator: Any, value: Any
) -> dict[str, Decimal | None]:
    if not indicator.is_ratio:
        amount = _number(value, f"{where}的数值")
        if amount is None:
            raise ApplicationError(f"{where}：请填写数值")
        return {"numerator": None, "denominator": None, "value": amount}
    num = _number(numerator, f"{where}的分子")
    den = _number(denominator, f"{where}的分母")
    if num is None or den is None:
        raise ApplicationError(f"{where}：请填写分子和分母")
    meta = figures.IndicatorMeta.of_manual(indicator)
    return {
        "numerator": num,
        "denominator": den,
        "value": figures.manual_ratio(meta, [num, den, Decimal(0)]),
    }


def _number(text: Any, what: str) -> Decimal | None:
    return _decimal(text, what, negative=False, limit=Decimal(10) ** 12)


def _decimal(text: Any, what: str, *, negative: bool, limit: Decimal) -> Decimal | None:
    """A number typed by a user (None when left empty); a Chinese error naming `what`."""
    if text is None or str(text).strip() == "":
        return None
    try:
        number = Decimal(str(text).strip())
    except InvalidOperation:
        raise ApplicationError(f"{what}不是数字：{text}") from None
    if not number.is_finite() or abs(number) >= limit:
        raise ApplicationError(f"{what}超出范围：{text}")
    if number < 0 and not negative:
        raise ApplicationError(f"{what}应为不小于 0 的数字：{text}")
    return number


def _check_year(year: int) -> None:
    today = timezone.localdate()
    if not MIN_YEAR <= int(year) <= today.year:
        raise ApplicationError(f"年度超出范围：{year}（应在 {MIN_YEAR} 年至 {today.year} 年之间）")


# --- targets ---------------------------------------------------------------------------------


def threshold_problem(
    meta: figures.IndicatorMeta, green_at: Decimal | None, yellow_at: Decimal | None
) -> str | None:
    """What is wrong with thresholds for the indicator's direction (see Target), or None."""
    name = f"“{meta.name}”"
    if meta.direction == Direction.NEUTRAL:
        return f"{name}不分高低，不能设定目标"
    if green_at is None:
        return f"{name}：请填写达标值（绿）"
    if yellow_at is None or figures.reaches(meta.direction, green_at, yellow_at):
        return None  # the yellow line lies on the worse side of the green one, as it must
    if meta.direction == Direction.HIGHER_IS_BETTER:
        return (
            f"{name}越高越好，预警值（黄）{yellow_at} 不能高于达标值（绿）{green_at}："
            "达到达标值为绿色，达到预警值为黄色，低于预警值为红色"
        )
    return (
        f"{name}越低越好，预警值（黄）{yellow_at} 不能低于达标值（绿）{green_at}："
        "不超过达标值为绿色，不超过预警值为黄色，超过预警值为红色"
    )


def settable_indicators() -> list[figures.IndicatorMeta]:
    """The indicators a target can be set for: every declared or active manual one that has a
    direction (a workload count has none)."""
    described = figures.metas(figures.all_codes())
    return [meta for meta in described.values() if meta.direction != Direction.NEUTRAL]


def set_target(
    *,
    actor: Any,
    region: Region,
    code: str,
    year: int,
    level: str,
    green_at: Any,
    yellow_at: Any = None,
    basis: str = "",
    expected_version: int | None = None,
) -> Target:
    """Set (or change) `region`'s target for indicator `code`, `year` and `level`. Thresholds
    that contradict the indicator's direction are refused with a message saying why."""
    require_region(actor, region)
    meta = figures.indicator_meta(code)
    if level not in TargetLevel.values:
        raise ApplicationError(f"适用层级不正确：{level}")
    _check_year_for_target(year)
    green = _threshold(green_at, "达标值（绿）", meta)
    yellow = _threshold(yellow_at, "预警值（黄）", meta)
    problem = threshold_problem(meta, green, yellow)
    if problem:
        raise ApplicationError(f"目标有误：{problem}")
    fields = {"green_at": green, "yellow_at": yellow, "basis": (basis or "").strip()[:200]}
    existing = Target.objects.filter(
        region=region, indicator_code=code, year=year, level=level
    ).first()
    label = f"{region.name} {year} 年{TargetLevel(level).label}指标目标：{meta.name}"
    keys = {"region": region, "indicator_code": code, "year": year, "level": level}
    return _save(Target, existing, keys, fields, actor, expected_version, label)


def delete_target(*, actor: Any, target: Target) -> None:
    require_region(actor, target.region)
    audited_delete(target, actor=actor, message=f"删除指标目标：{target}")


def _threshold(text: Any, what: str, meta: figures.IndicatorMeta) -> Decimal | None:
    return _decimal(text, f"“{meta.name}”的{what}", negative=True, limit=Decimal(10) ** 9)


def _check_year_for_target(year: int) -> None:
    # Targets are set ahead: next year's may be entered in the current one.
    latest = timezone.localdate().year + 1
    if not MIN_YEAR <= int(year) <= latest:
        raise ApplicationError(f"年度超出范围：{year}（应在 {MIN_YEAR} 年至 {latest} 年之间）")


# --- policy ----------------------------------------------------------------------------------


def _require(actor: Any, perm: Perm, what: str) -> None:
    if not has_perm(actor, perm):
        raise NotAllowedError(f"无权{what}")


def require_region(actor: Any, region: Region) -> None:
    """Targets and runs of a region are managed by those holding MANAGE_ASSESSMENT whose scope
    reaches the region (NotAllowedError otherwise)."""
    _require(actor, Perm.MANAGE_ASSESSMENT, "管理指标目标与考核")
    if not visible_regions(actor).filter(pk=region.pk).exists():
        raise NotAllowedError(f"无权管理{region.name}的指标目标与考核")
