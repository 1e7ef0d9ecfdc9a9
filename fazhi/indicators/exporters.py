"""Excel of indicator systems: a system's export and the blank template, in the layout
`fazhi.indicators.importers` reads back (an export imports unchanged), and a run's ranking."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from fazhi.core import audit
from fazhi.core.xlsx import write_header, write_safe
from fazhi.indicators import figures, systems
from fazhi.indicators.assessment import ranked_subjects
from fazhi.indicators.importers import INFO_COLUMNS, INFO_SHEET, ITEM_COLUMNS, ITEM_SHEET
from fazhi.indicators.models import AssessmentRun, IndicatorSystem, ScoringRule, TargetLevel

GUIDE_SHEET = "填写说明"
RULE_HELP = {
    ScoringRule.MET_FULL: "达标：达到目标得满分，否则不得分；评分参数可留空",
    ScoringRule.LINEAR: '线性：达标得满分，至 zero_at 降为 0 分，之间按比例；如 {"zero_at": 25}',
    ScoringRule.STEPPED: '分档：差距达到各档扣相应分；如 {"steps": [[0, 2], [5, 5]]}',
    ScoringRule.BONUS: '加扣分：超出目标每单位加分、不足扣分，以分值为上限；如 {"per_unit": 0.5}',
    ScoringRule.COLOUR: '颜色：绿满分、黄按比例（默认一半）、红零分；如 {"yellow": 0.5}',
}
EXAMPLE_ITEMS = (
    ("一", "社会矛盾纠纷依法有效化解", "", 60, "", "", "", ""),
    ("1.1", "行政诉讼败诉率", "一", 30, "disputes.litigation_loss_rate", "线性",
     '{"zero_at": 15}', "≤5% 得满分，15% 及以上不得分"),
    ("1.2", "行政复议调撤率", "一", 30, "disputes.reconsideration_mediation_rate", "分档",
     '{"steps": [[0, 5], [10, 15]]}', ""),
    ("二", "法治队伍建设", "", 40, "", "", "", ""),
    ("2.1", "公职律师配备率", "二", 40, "manual.public_lawyer_rate", "颜色", "", "手工填报"),
    ("三", "创建示范加分", "", 5, "", "加扣分", '{"per_unit": 1}', "加扣分项不计入分值合计"),
)  # fmt: skip


def _workbook(info: Sequence[tuple[str, Any]], items: Iterable[Sequence[Any]]) -> Any:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = INFO_SHEET
    _rows(sheet, INFO_COLUMNS, info, widths=(16, 40))
    _rows(book.create_sheet(ITEM_SHEET), ITEM_COLUMNS, items, widths=(8, 36, 10, 8, 40, 10, 32, 30))
    return book


def _rows(
    sheet: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[int]
) -> None:
    for column, title in enumerate(headers, start=1):
        write_header(sheet, 1, column, title)
        sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width = widths[column - 1]
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            write_safe(sheet, number, column, value)


def _bytes(book: Any) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_system(system: IndicatorSystem, *, actor: Any = None) -> bytes:
    """A system and its items as a workbook the importer reads back unchanged (audited)."""
    info = [
        ("名称", system.name),
        ("版本", system.edition),
        ("适用年度", system.year or ""),
        ("考核对象层级", system.get_level_display()),
        ("总分", float(system.total_points)),
        ("绿色分数线", float(system.green_line)),
        ("黄色分数线", float(system.yellow_line)),
        ("说明", system.description),
    ]
    numbers = {row.item.pk: row.item.number for row in systems.tree_rows(system)}
    items = [
        (
            row.item.number,
            row.item.name,
            numbers.get(row.item.parent_id or 0, ""),
            float(row.item.weight),
            row.item.indicator_code,
            row.item.get_rule_display(),
            json.dumps(row.item.rule_params, ensure_ascii=False) if row.item.rule_params else "",
            row.item.note,
        )
        for row in systems.tree_rows(system)
    ]
    _audit(actor, f"导出指标体系：{system}，{len(items)} 项")
    return _bytes(_workbook(info, items))


def _audit(actor: Any, message: str) -> None:
    audit.record_security(event=audit.Event.EXPORT, user=actor, message=message)


def template_workbook() -> bytes:
    """The blank template: example rows, and a guide listing the rules and every indicator."""
    info = [
        ("名称", "乡镇（街道）法治建设考核"),
        ("版本", "2025年版"),
        ("适用年度", 2025),
        ("考核对象层级", TargetLevel.TOWNSHIP.label),
        ("总分", 100),
        ("绿色分数线", 85),
        ("黄色分数线", 60),
        ("说明", "按本模板填写后导入；分值：下级合计等于上级，一级合计等于总分"),
    ]
    book = _workbook(info, EXAMPLE_ITEMS)
    guide = book.create_sheet(GUIDE_SHEET)
    lines = [("评分规则", "说明")] + [(rule.label, RULE_HELP[rule]) for rule in ScoringRule]
    lines += [("", ""), ("指标编码", "指标名称")]
    described = figures.metas(figures.all_codes())
    lines += [(code, meta.display_name) for code, meta in described.items()]
    _rows(guide, lines[0], lines[1:], widths=(40, 70))
    return _bytes(book)


def export_ranking(run: AssessmentRun, *, actor: Any = None) -> bytes:
    """A run's ranking: one row per subject, its score, rank, colour and each figure
    (audited)."""
    subjects = ranked_subjects(run)
    names = [_column(f) for f in subjects[0].figures.all()] if subjects else []
    headers = ["排名", "考核对象", "得分", "颜色", *names]
    rows = [
        [s.rank or "", s.name, float(s.score) if s.score is not None else "",
         s.get_colour_display(), *(_figure_cell(f) for f in s.figures.all())]
        for s in subjects
    ]  # fmt: skip
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "考核排名"
    _rows(sheet, headers, rows, widths=[6, 24, 8, 6, *([14] * len(names))])
    _audit(actor, f"导出考核排名：{run}，{len(rows)} 个考核对象")
    return _bytes(book)


def _column(figure: Any) -> str:
    if figure.item is not None:
        return f"{figure.item.number} {figure.item.name}（{figure.name}）"
    return figure.name or figure.indicator_code


def _figure_cell(figure: Any) -> Any:
    if figure.status == "no_data":
        return figures.NO_DATA_TEXT
    if figure.value is None:
        return "—"
    return float(figure.value)
