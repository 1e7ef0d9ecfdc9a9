"""A catalog line (目录事项) as entered in a form, an Excel row or an adjustment, and its checks.

The columns follow published Zhejiang catalogues (RULES.md §3): 序号, 事项名称, 决策主体, 决策
承办单位, 法律政策依据, 履行程序要求 (公众参与, 听证, 专家论证, 风险评估) and 细化完成时间 (a
planned month per stage). The checks answer by column, so the Excel import can name the cell.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from fazhi.decisions.models import Category, Decision, DecisionCatalog
from fazhi.decisions.progress import month_end
from fazhi.decisions.workflow import OPTIONAL_STAGES, PLANNED_STAGES, Stage
from fazhi.org.models import EXTERNAL_KINDS, Unit

TITLE_MAX = 200
# Column titles, shared by the form errors, the import and the export.
COLUMNS = {
    "seq": "序号",
    "title": "事项名称",
    "category": "决策类别",
    "decision_unit": "决策主体",
    "host_unit": "承办单位",
    "legal_basis": "法律政策依据",
}
NEED_COLUMNS: dict[Stage, str] = {stage: stage.label for stage in OPTIONAL_STAGES}
PLAN_COLUMNS: dict[Stage, str] = {
    Stage.LAUNCH: "计划启动时间",
    Stage.PARTICIPATION: "公众参与完成时间",
    Stage.EXPERT: "专家论证完成时间",
    Stage.RISK: "风险评估完成时间",
    Stage.LEGALITY: "合法性审查完成时间",
    Stage.MEETING: "集体讨论决定时间",
    Stage.PUBLICATION: "公布时间",
}


@dataclass
class ItemData:
    """What a catalog line says; the units already found (None when missing)."""

    title: str
    host_unit: Unit | None
    decision_unit: Unit | None
    category: str = Category.POLICY
    legal_basis: str = ""
    needs: dict[Stage, bool] = field(default_factory=dict)
    plans: dict[Stage, dt.date | None] = field(default_factory=dict)

    def needs_stage(self, stage: Stage) -> bool:
        return self.needs.get(stage, stage == Stage.PARTICIPATION)

    def fields(self) -> dict[str, Any]:
        """The Decision fields this line sets."""
        values: dict[str, Any] = {
            "title": self.title.strip(),
            "category": self.category,
            "host_unit": self.host_unit,
            "decision_unit": self.decision_unit,
            "legal_basis": self.legal_basis.strip(),
        }
        values.update({flag: self.needs_stage(s) for s, flag in OPTIONAL_STAGES.items()})
        values.update({name: self.plans.get(s) for s, name in PLANNED_STAGES.items()})
        return values

    def as_json(self) -> dict[str, Any]:
        """For an adjustment's proposal (units by id, dates as text)."""
        values = self.fields()
        for name in ("host_unit", "decision_unit"):
            values[name] = values[name].pk if values[name] else None
        for name in PLANNED_STAGES.values():
            values[name] = values[name].isoformat() if values[name] else None
        return values

    @classmethod
    def from_json(cls, values: dict[str, Any]) -> ItemData:
        units = Unit.objects.in_bulk([values.get("host_unit"), values.get("decision_unit")])
        return cls(
            title=values.get("title", ""),
            host_unit=units.get(values.get("host_unit")),
            decision_unit=units.get(values.get("decision_unit")),
            category=values.get("category", Category.POLICY),
            legal_basis=values.get("legal_basis", ""),
            needs={s: bool(values.get(flag)) for s, flag in OPTIONAL_STAGES.items()},
            plans={s: _day(values.get(name)) for s, name in PLANNED_STAGES.items()},
        )

    @classmethod
    def of(cls, decision: Decision) -> ItemData:
        return cls.from_json(
            {
                **{name: getattr(decision, name) for name in ("title", "category", "legal_basis")},
                "host_unit": decision.host_unit_id,
                "decision_unit": decision.decision_unit_id,
                **{flag: getattr(decision, flag) for flag in OPTIONAL_STAGES.values()},
                **{name: getattr(decision, name) for name in PLANNED_STAGES.values()},
            }
        )


def _day(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def problems(data: ItemData, catalog: DecisionCatalog) -> list[tuple[str, str]]:
    """Every problem of the line, as (column, message)."""
    found: list[tuple[str, str]] = []
    title = data.title.strip()
    if not title:
        found.append((COLUMNS["title"], "不能为空"))
    elif len(title) > TITLE_MAX:
        found.append((COLUMNS["title"], f"不能超过 {TITLE_MAX} 个字符"))
    if data.category not in Category.values:
        found.append((COLUMNS["category"], "无法识别的决策类别"))
    found += _unit_problems(data.host_unit, "host_unit", catalog)
    found += _unit_problems(data.decision_unit, "decision_unit", catalog)
    if data.needs_stage(Stage.HEARING) and not data.needs_stage(Stage.PARTICIPATION):
        found.append(
            (NEED_COLUMNS[Stage.HEARING], "听证是公众参与的方式之一，要求听证的须同时要求公众参与")
        )
    return found + plan_problems(data, catalog.year)


def _unit_problems(unit: Unit | None, name: str, catalog: DecisionCatalog) -> list[tuple[str, str]]:
    column = COLUMNS[name]
    if unit is None:
        return [(column, "不能为空")]
    if not unit.region.path.startswith(catalog.region.path) or unit.kind in EXTERNAL_KINDS:
        return [(column, f"“{unit.name}”不是{catalog.region.name}的行政机关")]
    if not unit.is_active:
        return [(column, f"“{unit.name}”已停用")]
    return []


def plan_problems(data: ItemData, year: int) -> list[tuple[str, str]]:
    """Planned months: within the catalog's year (or the next), only for stages required, and
    in the order of the procedure (a later stage is not planned before an earlier one)."""
    found: list[tuple[str, str]] = []
    previous: tuple[Stage, dt.date] | None = None
    for stage, column in PLAN_COLUMNS.items():
        planned = data.plans.get(stage)
        if planned is None:
            continue
        if stage in OPTIONAL_STAGES and not data.needs_stage(stage):
            found.append((column, f"未要求{stage.label}，不应填写其计划时间"))
            continue
        if not year - 1 <= planned.year <= year + 1:
            found.append(
                (column, f"{planned.year}年{planned.month}月不在{year}年度目录的安排范围内")
            )
            continue
        if previous is not None and planned < previous[1]:
            before = PLAN_COLUMNS[previous[0]]
            found.append(
                (
                    column,
                    f"不能早于「{before}」（{previous[1].year}年{previous[1].month}月），顺序不对",
                )
            )
        previous = (stage, planned)
    return found


_MONTH = re.compile(r"^(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*月?(?:份)?(?:[-/.]\d{1,2}日?)?$")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")


def parse_month(value: Any, year: int) -> dt.date | None:
    """A planned month as the day it is due by (the month's last day): "2026-03", "2026年3月",
    "2026.3", an Excel date, or "3月" (in the catalog's year). None when empty; ValueError
    with a Chinese reason when it cannot be read."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return month_end(value.year, value.month)
    text = str(value).strip().translate(_FULLWIDTH_DIGITS)
    if not text:
        return None
    found = _MONTH.match(text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", text) else text)
    if found is None:
        raise ValueError(f"无法识别的月份「{text}」，请填写如 {year}-03 或 {year}年3月")
    month = int(found.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"月份「{text}」不在 1 至 12 月之间")
    return month_end(int(found.group(1) or year), month)
