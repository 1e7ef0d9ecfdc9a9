"""The records behind any figure of the dashboard, whatever app declared its indicator.

A computed figure's numerator or denominator lists the rows the engine counted
(`engine.records_behind`, narrowed by the model's `visible_to(user)`); a manual figure lists
the values units entered for the year, with their evidence, for the units the user may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from fazhi.dashboard.choice import Choice
from fazhi.dashboard.tables import Cell, Column, Table, number_cell
from fazhi.indicators import engine, figures, registry
from fazhi.indicators.engine import Part
from fazhi.indicators.figures import IndicatorMeta
from fazhi.indicators.models import ManualValue
from fazhi.indicators.registry import IndicatorNotFoundError, Measure
from fazhi.org.models import Unit

PARTS = {"numerator": "分子", "denominator": "分母", "values": "填报值"}
EXPORT_MAX_ROWS = 50_000


@dataclass(frozen=True)
class Behind:
    """Which records: an indicator, and its numerator, denominator or (manual) entered values."""

    meta: IndicatorMeta
    part: str

    @property
    def part_label(self) -> str:
        return PARTS[self.part]

    @property
    def measure(self) -> Measure | None:
        if self.meta.is_manual:
            return None
        return engine.measure_for(registry.get(self.meta.code), self.computed_part)

    @property
    def computed_part(self) -> Part:
        """The part as the engine names it (only ever asked of a computed indicator)."""
        return cast(Part, self.part)


def parse_behind(code: str, part: str) -> Behind:
    """The indicator and part a URL names; 404 for an unknown one or a part it lacks."""
    try:
        meta = figures.indicator_meta(code)
    except IndicatorNotFoundError:
        raise Http404("指标不存在") from None
    allowed = {"values"} if meta.is_manual else {"numerator", "denominator"}
    if part not in allowed or (part == "denominator" and not meta.is_ratio):
        raise Http404("指标没有该部分")
    return Behind(meta, part)


def records_behind(user: Any, choice: Choice, behind: Behind) -> QuerySet[Any]:
    """Exactly the rows the figure counted, as far as `user` may see them, newest first."""
    if behind.meta.is_manual:
        return manual_values(user, choice, behind.meta)
    indicator = registry.get(behind.meta.code)
    measure = behind.measure
    assert measure is not None  # noqa: S101 (a computed indicator has measures)
    qs = engine.records_behind(
        indicator, choice.scope, choice.period, behind.computed_part, user=user
    )
    return qs.select_related(*measure.unit_fields).order_by(f"-{measure.date_field}", "-pk")


def manual_values(user: Any, choice: Choice, meta: IndicatorMeta) -> QuerySet[ManualValue]:
    """The values entered for the year by the units of the scope that `user` may see."""
    units = Unit.objects.visible_to(user)
    if choice.scope.unit is not None:
        units = units.filter(pk=choice.scope.unit.pk)
    else:
        units = units.filter(region__path__startswith=figures.region_of(choice.scope).path)
    return (
        ManualValue.objects.filter(
            indicator__code=meta.code, year=choice.period.end.year, unit__in=units
        )
        .select_related("unit", "entered_by")
        .order_by("unit__region__path", "unit__sort_order", "unit__code")
    )


# --- one row, whatever the model --------------------------------------------------------------


def follow(obj: Any, path: str) -> Any:
    """The value at the end of a lookup path ("case__unit") on `obj`; None past an empty link."""
    for name in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


def record_cells(obj: Any, measure: Measure) -> list[Cell]:
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    units = [follow(obj, f) for f in measure.unit_fields]
    day = follow(obj, measure.date_field)
    return [
        Cell(str(obj), url=url),
        Cell("、".join(dict.fromkeys(str(u) for u in units if u is not None)) or "—"),
        Cell(f"{day:%Y-%m-%d}" if day else "—"),
    ]


def value_cells(value: ManualValue) -> list[Cell]:
    return [
        Cell(value.unit.name),
        number_cell(value.numerator),
        number_cell(value.denominator),
        number_cell(value.value),
        Cell(
            value.evidence_name or ("已上传" if value.evidence else "未上传"),
            url=evidence_url(value),
        ),
        Cell(value.note or "—"),
        Cell(str(value.entered_by) if value.entered_by else "—"),
        Cell(f"{value.updated_at:%Y-%m-%d}"),
    ]


def evidence_url(value: ManualValue) -> str:
    """The indicators app's download of the value's evidence (it checks the user's reach)."""
    if not value.evidence:
        return ""
    return reverse("indicators:manual-evidence", kwargs={"value_id": value.pk})


def columns_for(behind: Behind) -> list[Column]:
    if behind.meta.is_manual:
        labels = ["填报单位", "分子", "分母", "数值", "佐证材料", "说明", "填报人", "更新日期"]
        return [Column(label, label in {"分子", "分母", "数值"}) for label in labels]
    measure = behind.measure
    assert measure is not None  # noqa: S101
    date_label = str(_verbose(measure.model, measure.date_field))
    return [Column(str(measure.model._meta.verbose_name)), Column("单位"), Column(date_label, True)]


def _verbose(model: Any, path: str) -> str:
    return str(registry.resolve_field(model, path).verbose_name)


def rows_for(behind: Behind, objects: Any) -> list[list[Cell]]:
    if behind.meta.is_manual:
        return [value_cells(v) for v in objects]
    measure = behind.measure
    assert measure is not None  # noqa: S101
    return [record_cells(obj, measure) for obj in objects]


def records_table(behind: Behind, objects: Any, caption: str) -> Table:
    title = f"{behind.meta.display_name}·{behind.part_label}"
    return Table("records", title, columns_for(behind), rows_for(behind, objects), caption=caption)
