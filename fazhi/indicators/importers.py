"""Excel import of an indicator system (考核方案, 示范指标体系), all or nothing.

The workbook (the template from `exporters.template_workbook`, or a system's own export) has
two sheets:
- 「体系信息」: two columns 项目 | 内容, with rows 名称, 版本, 适用年度, 考核对象层级, 总分 and,
  optionally, 绿色分数线, 黄色分数线, 说明;
- 「指标项」: one row per item, columns 序号, 名称, 上级序号, 分值, 指标编码, 评分规则,
  评分参数, 评分说明 (上级序号 empty for a level-1 item; 评分参数 a JSON object).
Every row is checked first, then the tree (weights summing, see `systems.tree_problems`); one
error and nothing is stored, and each error names the sheet, the row as Excel shows it, the
column and the reason. A system is identified by its region, name and 版本: importing it again
replaces the items of a draft; an active or archived system is never overwritten (import a new
版本 instead).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from fazhi.core import audit
from fazhi.core.exceptions import ApplicationError
from fazhi.indicators import services, systems
from fazhi.indicators.models import (
    IndicatorSystem,
    ScoringRule,
    SystemItem,
    SystemStatus,
    TargetLevel,
)
from fazhi.org.importers import (
    MAX_UPLOAD_BYTES,
    RowError,
    read_sheets,
    record_import,
    sheet_table,
    upload_problem,
)
from fazhi.org.models import Region

INFO_SHEET = "体系信息"
ITEM_SHEET = "指标项"
INFO_COLUMNS = ("项目", "内容")
ITEM_COLUMNS = ("序号", "名称", "上级序号", "分值", "指标编码", "评分规则", "评分参数", "评分说明")
REQUIRED_INFO = ("名称", "版本", "考核对象层级", "总分")
IMPORT_MESSAGE = "Excel 导入指标体系"
MAX_BYTES = MAX_UPLOAD_BYTES

# 评分规则 as written in a sheet: the stored value, the full label, or a short word.
RULE_WORDS: dict[str, str] = {
    **{rule.value: rule.value for rule in ScoringRule},
    **{rule.label: rule.value for rule in ScoringRule},
    "达标": ScoringRule.MET_FULL,
    "达标得分": ScoringRule.MET_FULL,
    "线性": ScoringRule.LINEAR,
    "线性扣分": ScoringRule.LINEAR,
    "分档": ScoringRule.STEPPED,
    "分档扣分": ScoringRule.STEPPED,
    "加扣分": ScoringRule.BONUS,
    "颜色": ScoringRule.COLOUR,
    "按颜色": ScoringRule.COLOUR,
}
LEVEL_WORDS: dict[str, str] = {
    **{level.value: level.value for level in TargetLevel},
    **{level.label: level.value for level in TargetLevel},
    "县": TargetLevel.COUNTY,
    "乡镇": TargetLevel.TOWNSHIP,
    "街道": TargetLevel.TOWNSHIP,
}


@dataclass
class ItemRow:
    row: int
    number: str
    name: str
    parent_number: str
    weight: Decimal
    indicator_code: str
    rule: str
    params: dict[str, Any]
    note: str


@dataclass
class SystemImportResult:
    """What an import found and did: the errors, or the system written."""

    sha256: str = ""
    errors: list[RowError] = field(default_factory=list)
    system: IndicatorSystem | None = None
    items: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


# --- reading ---------------------------------------------------------------------------------


def _number(sheet: str, row: int, column: str, text: str, errors: list[RowError]) -> Decimal:
    try:
        number = Decimal(text)
    except InvalidOperation:
        errors.append(RowError(sheet, row, column, "应为数字", text))
        return Decimal(0)
    if not number.is_finite() or number < 0 or number >= 100_000:
        errors.append(RowError(sheet, row, column, "应为 0 至 99999 之间的数字", text))
    return number


# --- 体系信息 ----------------------------------------------------------------------------------


@dataclass
class Info:
    name: str = ""
    edition: str = ""
    year: int | None = None
    level: str = ""
    total: Decimal = Decimal(100)
    green_line: Decimal = Decimal(85)
    yellow_line: Decimal = Decimal(60)
    description: str = ""


def _info(sheets: dict[str, list[tuple[Any, ...]]], errors: list[RowError]) -> Info:
    table = sheet_table(sheets, INFO_SHEET, INFO_COLUMNS, errors)
    info = Info()
    if table is None:
        return info
    values = {v["项目"]: (n, v["内容"]) for n, v in table}
    for key in REQUIRED_INFO:
        if not values.get(key, (0, ""))[1]:
            errors.append(RowError(INFO_SHEET, values.get(key, (0, ""))[0], "内容", f"请填写{key}"))
    info.name = values.get("名称", (0, ""))[1][:100]
    info.edition = values.get("版本", (0, ""))[1][:30]
    info.description = values.get("说明", (0, ""))[1]
    row, text = values.get("考核对象层级", (0, ""))
    info.level = LEVEL_WORDS.get(text, "")
    if text and not info.level:
        choices = "、".join(level.label for level in TargetLevel)
        errors.append(RowError(INFO_SHEET, row, "内容", f"考核对象层级应为 {choices} 之一", text))
    info.year = _year(values.get("适用年度", (0, "")), errors)
    for key, attr in (
        ("总分", "total"),
        ("绿色分数线", "green_line"),
        ("黄色分数线", "yellow_line"),
    ):
        row, text = values.get(key, (0, ""))
        if text:
            setattr(info, attr, _number(INFO_SHEET, row, "内容", text, errors))
    if info.yellow_line > info.green_line:
        errors.append(RowError(INFO_SHEET, 0, "内容", "黄色分数线不能高于绿色分数线"))
    return info


def _year(entry: tuple[int, str], errors: list[RowError]) -> int | None:
    row, text = entry
    if not text:
        return None
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        errors.append(RowError(INFO_SHEET, row, "内容", "适用年度应为四位年份，如 2025", text))
        return None
    return int(text)


# --- 指标项 -----------------------------------------------------------------------------------


def _item(number: int, values: dict[str, str], errors: list[RowError]) -> ItemRow | None:
    found: list[RowError] = []
    for column in ("序号", "名称", "分值"):
        if not values.get(column):
            found.append(RowError(ITEM_SHEET, number, column, "不能为空"))
    if len(values.get("名称", "")) > 200:
        found.append(RowError(ITEM_SHEET, number, "名称", "不能超过 200 个字符"))
    rule_text = values.get("评分规则") or ScoringRule.MET_FULL
    rule = RULE_WORDS.get(rule_text, "")
    if not rule:
        words = "、".join(("达标", "线性", "分档", "加扣分", "颜色"))
        found.append(RowError(ITEM_SHEET, number, "评分规则", f"应为 {words} 之一", rule_text))
    params = _params(number, values.get("评分参数", ""), found)
    weight = _number(ITEM_SHEET, number, "分值", values.get("分值") or "0", found)
    errors += found
    if found:
        return None
    return ItemRow(
        row=number,
        number=values["序号"][:20],
        name=values["名称"],
        parent_number=values.get("上级序号", ""),
        weight=weight,
        indicator_code=values.get("指标编码", "")[:64],
        rule=rule,
        params=params,
        note=values.get("评分说明", "")[:300],
    )


def _params(number: int, text: str, errors: list[RowError]) -> dict[str, Any]:
    if not text:
        return {}
    try:
        params = json.loads(text)
    except ValueError:
        errors.append(
            RowError(ITEM_SHEET, number, "评分参数", '应为 JSON 对象，如 {"zero_at": 25}', text)
        )
        return {}
    if not isinstance(params, dict):
        errors.append(RowError(ITEM_SHEET, number, "评分参数", "应为 JSON 对象（{…}）", text))
        return {}
    return params


def _tree_errors(items: list[ItemRow], total: Decimal, errors: list[RowError]) -> None:
    """The tree's problems, each on the row (and column) of its node."""
    rows_by_number: dict[str, int] = {}
    for item in items:
        rows_by_number.setdefault(item.number, item.row)
    nodes = [
        systems.Node(
            key=item.row,
            parent=rows_by_number.get(item.parent_number, -item.row)
            if item.parent_number
            else None,
            number=item.number,
            name=item.name,
            weight=item.weight,
            rule=item.rule,
            indicator_code=item.indicator_code,
            rule_params=item.params,
        )
        for item in items
    ]
    for problem in systems.tree_problems(nodes, total):
        row = problem.node.key if problem.node is not None else 0
        errors.append(RowError(ITEM_SHEET, row, problem.field, problem.message))


# --- the import ------------------------------------------------------------------------------


def import_system(
    *, data: bytes, actor: Any, region: Region | None, filename: str = ""
) -> SystemImportResult:
    """Validate the workbook and, without any error, write the system and its items in one
    transaction (a new system, or the items of a draft of the same region, name and 版本
    replaced), with one audit line; with errors nothing is stored."""
    result = SystemImportResult(sha256=hashlib.sha256(data).hexdigest())
    if region is not None and actor is not None:
        services.require_region(actor, region)
    problem = upload_problem(filename or "upload.xlsx", data)
    if problem:
        result.errors.append(RowError("", 0, "", problem))
        return result
    try:
        info, items = _validate(data, region, result.errors)
    except ApplicationError as exc:
        result.errors.append(RowError("", 0, "", exc.message))
        return result
    if result.errors:
        result.errors.sort(key=lambda e: (e.sheet != INFO_SHEET, e.row))
        return result
    result.system = _write(info, items, region, actor, result, filename)
    result.items = len(items)
    return result


def _validate(
    data: bytes, region: Region | None, errors: list[RowError]
) -> tuple[Info, list[ItemRow]]:
    sheets = read_sheets(data, (INFO_SHEET, ITEM_SHEET))
    info = _info(sheets, errors)
    table = sheet_table(sheets, ITEM_SHEET, ITEM_COLUMNS[:4], errors)
    if table == []:
        errors.append(RowError(ITEM_SHEET, 0, "", "没有指标项"))
    items = [item for number, values in table or [] if (item := _item(number, values, errors))]
    if items and not any(e.sheet == ITEM_SHEET for e in errors):
        _tree_errors(items, info.total, errors)
    stored = IndicatorSystem.objects.filter(region=region, name=info.name, edition=info.edition)
    existing = stored.first()
    again = "请修改版本后作为新版本导入"
    if existing is not None and existing.status != SystemStatus.DRAFT:
        message = f"指标体系“{existing}”已{existing.get_status_display()}，不能覆盖；{again}"
        errors.append(RowError(INFO_SHEET, 0, "内容", message))
    elif existing is not None and existing.runs.exists():
        message = f"指标体系“{existing}”已用于考核测评，不能覆盖；{again}"
        errors.append(RowError(INFO_SHEET, 0, "内容", message))
    return info, items


def _write(
    info: Info,
    items: list[ItemRow],
    region: Region | None,
    actor: Any,
    result: SystemImportResult,
    filename: str,
) -> IndicatorSystem:
    values = {
        "year": info.year,
        "level": info.level,
        "total_points": info.total,
        "green_line": info.green_line,
        "yellow_line": info.yellow_line,
        "description": info.description,
    }
    with transaction.atomic():
        system, created = IndicatorSystem.objects.update_or_create(
            region=region, name=info.name, edition=info.edition, defaults=values
        )
        system.items.all().delete()
        _write_items(system, items)
        fresh = {name: [None, audit.plain(value)] for name, value in values.items()}
        record_import(
            actor=actor,
            what=IMPORT_MESSAGE,
            filename=filename,
            sha256=result.sha256,
            summary=f"{'新建' if created else '替换草稿'} {system}，{len(items)} 项",
            obj=system,
            changes={"items": [None, len(items)], "sha256": [None, result.sha256], **fresh},
        )
    return system


def _write_items(system: IndicatorSystem, items: list[ItemRow]) -> None:
    """Parents before children: items are created in an order where each parent exists."""
    by_number: dict[str, SystemItem] = {}
    pending = list(items)
    order = {item.number: index for index, item in enumerate(items)}
    while pending:
        ready = [i for i in pending if not i.parent_number or i.parent_number in by_number]
        if not ready:  # the tree check refuses orphans and cycles before this
            raise ApplicationError("指标项的上级序号无法解析")
        for item in ready:
            parent = by_number.get(item.parent_number)
            by_number[item.number] = SystemItem.objects.create(
                system=system,
                parent=parent,
                number=item.number,
                name=item.name,
                depth=(parent.depth + 1) if parent else 1,
                sort_order=order[item.number],
                weight=item.weight,
                indicator_code=item.indicator_code,
                rule=item.rule,
                rule_params=item.params,
                note=item.note,
            )
        pending = [i for i in pending if i.number not in by_number]
