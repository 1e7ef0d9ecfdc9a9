"""Excel import of a year's catalog (sheet 「决策事项目录」), all or nothing.

SECURITY.md §5.3 (R-REL-03), as the organisation import (fazhi/org/importers.py, whose file
checks and cell reading this reuses): every row is checked first; one bad row and nothing is
stored, and each error names the sheet, the row as Excel shows it, the column and the reason in
Chinese. §5.4 (R-REL-04): rows are keyed by 序号, so importing the same file twice changes
nothing the second time. Only a catalog still being compiled (编制中) takes an import; lines
not in the file are kept.

Columns (the export writes the same, so an exported catalog imports back): 序号, 事项名称,
承办单位 (required), 决策类别, 决策主体 (default: the county government), 法律政策依据, 公众参与,
听证, 专家论证, 风险评估 (是/否), and the planned months (2026-03, 2026年3月, 3月, or a date).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from fazhi.core.exceptions import ApplicationError
from fazhi.decisions import items, policies, selectors
from fazhi.decisions.items import COLUMNS, NEED_COLUMNS, PLAN_COLUMNS, ItemData, parse_month
from fazhi.decisions.models import Category, Decision, DecisionCatalog
from fazhi.decisions.services import catalog as catalogs
from fazhi.decisions.workflow import CatalogStatus, Stage
from fazhi.org.importers import (
    FileImport,
    RowError,
    cell_text,
    read_sheets,
    record_import,
    sheet_table,
    upload_problem,
)
from fazhi.org.models import Unit, UnitKind

SHEET = "决策事项目录"
REQUIRED = (COLUMNS["seq"], COLUMNS["title"], COLUMNS["host_unit"])
YES = {"是", "√", "✓", "需要", "要求", "Y", "y", "1"}
NO = {"否", "", "×", "不需要", "N", "n", "0", "—", "-", "/"}
CATEGORIES = {c.label: c.value for c in Category} | {c.value: c.value for c in Category}
MESSAGE = "Excel 导入决策事项目录"


@dataclass
class CatalogImport(FileImport):
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return f"新增 {self.created} 项、更新 {self.updated} 项、未变 {self.unchanged} 项"


@dataclass(frozen=True)
class Row:
    number: int
    seq: int
    data: ItemData


def import_catalog(
    *, catalog: DecisionCatalog, actor: Any, data: bytes, dry_run: bool, filename: str = ""
) -> CatalogImport:
    """Check the workbook against the catalog; unless `dry_run` or any error, write it all in
    one transaction (one audit line per line written, one import line with the counts)."""
    result = CatalogImport(dry_run=dry_run, sha256=hashlib.sha256(data).hexdigest())
    problem = _refusal(catalog, actor) or upload_problem(filename or "upload.xlsx", data)
    if problem:
        result.errors.append(RowError("", 0, "", problem))
        return result
    try:
        table = _read(data, result.errors)
    except ApplicationError as exc:
        result.errors.append(RowError("", 0, "", exc.message))
        return result
    rows = _rows(catalog, table, result)
    existing = {d.seq: d for d in catalog.decisions.select_related("host_unit", "decision_unit")}
    for row in rows:
        outcome = _outcome(row, existing.get(row.seq))
        setattr(result, outcome, getattr(result, outcome) + 1)
    if result.errors or dry_run:
        return result
    try:
        _write(catalog, actor, rows, existing, result, filename)
    except ApplicationError as exc:  # the catalog changed between the check and the write
        result.errors.append(RowError("", 0, "", exc.message))
    return result


def _refusal(catalog: DecisionCatalog, actor: Any) -> str:
    if not policies.manages_catalog(actor, catalog.region):
        return f"只能由{catalog.region.name}的县级管理员、司法局或县政府工作人员导入目录"
    if catalog.status != CatalogStatus.DRAFT:
        return f"{catalog.year}年度目录已“{CatalogStatus(catalog.status).label}”，不能再导入，请通过目录调整变更"
    return ""


def _read(data: bytes, errors: list[RowError]) -> list[tuple[int, dict[str, str]]]:
    """The sheet's data rows as {header: text}, numbered as Excel shows them. A workbook of one
    sheet may name it otherwise; a header may have spaces inside (「序 号」)."""
    sheets = read_sheets(data)
    if SHEET not in sheets and len(sheets) == 1:
        sheets = {SHEET: next(iter(sheets.values()))}
    rows = sheets.get(SHEET)
    if rows:
        sheets[SHEET] = [tuple(re.sub(r"\s+", "", cell_text(c)) for c in rows[0]), *rows[1:]]
    return sheet_table(sheets, SHEET, REQUIRED, errors) or []


def _rows(
    catalog: DecisionCatalog, table: list[tuple[int, dict[str, str]]], result: CatalogImport
) -> list[Row]:
    units = UnitNames(catalog)
    rows: list[Row] = []
    first: dict[int, int] = {}
    for number, values in table:
        errors: list[tuple[str, str]] = []
        row = _parse(catalog, number, values, units, errors)
        if row is not None:
            if row.seq in first:
                message = f"序号 {row.seq} 在本文件中重复（首次出现在第 {first[row.seq]} 行）"
                errors.append((COLUMNS["seq"], message))
            first.setdefault(row.seq, number)
            errors = errors or items.problems(row.data, catalog)
        result.errors += [
            RowError(SHEET, number, column, message, values.get(column, ""))
            for column, message in errors
        ]
        if row is not None and not errors:
            rows.append(row)
    return rows


def _parse(
    catalog: DecisionCatalog,
    number: int,
    values: dict[str, str],
    units: UnitNames,
    errors: list[tuple[str, str]],
) -> Row | None:
    seq_text = values.get(COLUMNS["seq"], "")
    seq = int(seq_text) if seq_text.isdigit() and 0 < int(seq_text) < 1000 else None
    if seq is None:
        errors.append((COLUMNS["seq"], "应为 1 至 999 的整数" if seq_text else "不能为空"))
    host = units.find(values.get(COLUMNS["host_unit"], ""), COLUMNS["host_unit"], errors)
    organ_text = values.get(COLUMNS["decision_unit"], "")
    organ = (
        units.find(organ_text, COLUMNS["decision_unit"], errors) if organ_text else units.government
    )
    category = CATEGORIES.get(values.get(COLUMNS["category"], "") or Category.POLICY.label)
    if category is None:
        errors.append(
            (
                COLUMNS["category"],
                f"无法识别「{values[COLUMNS['category']]}」，应为 {'、'.join(Category.labels)} 之一",
            )
        )
    needs = {
        stage: _yes_no(values.get(column), stage, errors) for stage, column in NEED_COLUMNS.items()
    }
    plans = {
        stage: _month(values.get(column), column, catalog.year, errors)
        for stage, column in PLAN_COLUMNS.items()
    }
    if errors or seq is None:
        return None
    data = ItemData(
        title=values.get(COLUMNS["title"], ""),
        host_unit=host,
        decision_unit=organ,
        category=category or Category.POLICY,
        legal_basis=values.get(COLUMNS["legal_basis"], ""),
        needs=needs,
        plans=plans,
    )
    return Row(number, seq, data)


def _yes_no(value: str | None, stage: Stage, errors: list[tuple[str, str]]) -> bool:
    if value is None:  # the column is absent: 公众参与 by default, the others not
        return stage == Stage.PARTICIPATION
    if value in YES:
        return True
    if value not in NO:
        errors.append((NEED_COLUMNS[stage], f"应填“是”或“否”，不能识别「{value}」"))
    return False


def _month(value: str | None, column: str, year: int, errors: list[tuple[str, str]]) -> Any:
    try:
        return parse_month(value, year)
    except ValueError as exc:
        errors.append((column, str(exc)))
        return None


class UnitNames:
    """The county's units by full name, short name, and name without the county's prefix."""

    def __init__(self, catalog: DecisionCatalog) -> None:
        self.county = catalog.region
        self.by_name: dict[str, list[Unit]] = {}
        found = list(selectors.county_units(self.county))
        for unit in found:
            for key in self._keys(unit):
                self.by_name.setdefault(key, [])
                if unit not in self.by_name[key]:
                    self.by_name[key].append(unit)
        self.government = next(
            (u for u in found if u.region_id == self.county.pk and u.kind == UnitKind.GOVERNMENT),
            None,
        )

    def _keys(self, unit: Unit) -> set[str]:
        bare = unit.name.removeprefix(self.county.name)
        return {unit.name, unit.short_name, bare, f"县{bare}"} - {"", "县"}

    def find(self, name: str, column: str, errors: list[tuple[str, str]]) -> Unit | None:
        name = re.sub(r"\s+", "", name)
        if not name:
            errors.append((column, "不能为空"))
            return None
        found = self.by_name.get(name, [])
        if len(found) == 1:
            return found[0]
        if found:
            names = "、".join(u.name for u in found)
            errors.append((column, f"「{name}」对应多个单位（{names}），请填写单位全称"))
        else:
            errors.append((column, f"在{self.county.name}找不到单位「{name}」"))
        return None


def _outcome(row: Row, stored: Decision | None) -> str:
    if stored is None:
        return "created"
    fields = row.data.fields()
    same = all(getattr(stored, name) == value for name, value in fields.items())
    return "unchanged" if same else "updated"


def _write(
    catalog: DecisionCatalog,
    actor: Any,
    rows: list[Row],
    existing: dict[int, Decision],
    result: CatalogImport,
    filename: str,
) -> None:
    with transaction.atomic():
        for row in rows:
            stored = existing.get(row.seq)
            try:
                if stored is None:
                    catalogs.add_item(catalog=catalog, actor=actor, data=row.data, seq=row.seq)
                elif _outcome(row, stored) == "updated":
                    catalogs.update_item(
                        decision=stored, actor=actor, expected_version=stored.version, data=row.data
                    )
            except ApplicationError as exc:
                message = f"工作表「{SHEET}」第 {row.number} 行：{exc.message}"
                raise ApplicationError(message) from exc
        record_import(
            actor=actor,
            what=MESSAGE,
            filename=filename,
            sha256=result.sha256,
            summary=result.summary(),
            obj=catalog,
            changes={"结果": result.summary()},
        )
    result.written = True
