"""The 台账 as Excel: the blank template of each case type, and the export of any case list.

Both have the columns of `ledger_columns`, in its order and with its headers, so an export
imports again unchanged. Every cell is written through `fazhi.core.xlsx` (safe_cell, write_safe:
a value starting with = + - @ stays text, also an admin-maintained 领域 name in the template), and the export is built with openpyxl's write-only mode into
a temporary file, so its memory does not grow with the rows (SECURITY.md R-EXP-01).
Applicants' and plaintiffs' names and ID numbers are masked for users without
Perm.VIEW_PERSONAL_DATA; an import recognises a masked export and keeps the stored names.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterable
from typing import IO, Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from fazhi.core import audit
from fazhi.core.masking import mask
from fazhi.core.xlsx import HEADER_FILL, header_cell, safe_cell, write_header, write_safe

from . import ledger_columns as cols
from .enums import HeadAttendance, PartyKind
from .ledger_columns import Column, LedgerKind
from .ledger_values import APPEARANCE
from .models import DisputeField, Hearing, Lawsuit, Reconsideration

YES, NO = "是", "否"
NO_ID = "—"
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
VALIDATED_ROWS = 5000
NOTES_SHEET, VALUES_SHEET, EXPORT_NOTES_SHEET = "填写说明", "可选值", "导出说明"
GENERAL_NOTES = (
    "每行一件案件；按案号新增或更新，重复导入同一台账不会产生重复案件。",
    "列名也可按“也可写作”一栏的写法；列的顺序不限；“序号”列可保留，不导入。",
    "橙色表头为必填列。单元格留空的，已导入的案件保留原值（台账只能补充、更正，不能清空）。",
    "先预览检查：任何一处有错，整个文件都不导入，并逐一列出错误所在的工作表、行和列。",
)
KIND_NOTES = {
    "reconsideration": "复议机关为本县人民政府，复议机构为本县司法局，无需填写。",
    "litigation": "一审、二审、再审各占一行（各为一件案件）；开庭的案件填写开庭日期及负责人出庭情况。",
}


# ---------------------------------------------------------------------------------------------
# The template


def template_workbook(kind: LedgerKind) -> bytes:
    """The blank template: the header row with notes and value lists, and the two notes sheets."""
    book = Workbook()
    sheet = book.create_sheet(kind.sheet)
    book.remove(book.worksheets[0])
    lists = _values_sheet(book, kind)
    for position, column in enumerate(kind.columns, start=1):
        cell = write_header(sheet, 1, position, column.header, fill=_header_fill(column))
        if column.note:
            cell.comment = Comment(column.note, "fazhi")
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = column.width
        if column.key in lists:
            _validate(sheet, letter, lists[column.key])
    sheet.freeze_panes = "B2"
    _notes_sheet(book, kind)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _choices(column: Column) -> list[str]:
    if column.read == cols.BOOL:
        return [YES, NO]
    if column.read == cols.FIELD:
        return list(DisputeField.objects.filter(is_active=True).values_list("name", flat=True))
    if column.variants is not None:
        return list(column.variants.shown)
    return []


def _values_sheet(book: Workbook, kind: LedgerKind) -> dict[str, str]:
    """One column of allowed values per listed column; returns each list's cell range."""
    sheet = book.create_sheet(VALUES_SHEET)
    ranges: dict[str, str] = {}
    listed = [(c, _choices(c)) for c in kind.columns]
    for position, (column, choices) in enumerate([p for p in listed if p[1]], start=1):
        letter = get_column_letter(position)
        write_header(sheet, 1, position, column.header, fill=None)
        for row, choice in enumerate(choices, start=2):
            write_safe(sheet, row, position, choice)
        sheet.column_dimensions[letter].width = max(12, column.width)
        ranges[column.key] = f"'{VALUES_SHEET}'!${letter}$2:${letter}${len(choices) + 1}"
    return ranges


def _validate(sheet: Worksheet, letter: str, source: str) -> None:
    # A warning, not a stop: a county's own wording (决定维持) is still accepted on import.
    rule = DataValidation(type="list", formula1=f"={source}", allow_blank=True)
    rule.errorStyle = "warning"
    rule.error = "不在可选值中；导入时只接受可识别的写法"
    sheet.add_data_validation(rule)
    rule.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")


def _notes_sheet(book: Workbook, kind: LedgerKind) -> None:
    sheet = book.create_sheet(NOTES_SHEET)
    notes = (*GENERAL_NOTES, KIND_NOTES[kind.slug])
    for row, line in enumerate(notes, start=1):
        write_safe(sheet, row, 1, line)
    top = len(notes) + 2
    for position, (title, width) in enumerate(
        [("列名", 22), ("必填", 6), ("填写说明", 50), ("可填写的值", 60), ("也可写作", 50)],
        start=1,
    ):
        write_header(sheet, top, position, title, fill=None)
        sheet.column_dimensions[get_column_letter(position)].width = width
    for row, column in enumerate(kind.columns, start=top + 1):
        choices = "、".join(_choices(column)) if column.read == cols.FIELD else column.shown_values
        aliases = "、".join(column.aliases)
        cells = (column.header, YES if column.required else "", column.note, choices, aliases)
        for position, value in enumerate(cells, start=1):
            write_safe(sheet, row, position, value)


# ---------------------------------------------------------------------------------------------
# The export


def export_queryset(kind: LedgerKind, cases: QuerySet[Any]) -> QuerySet[Any]:
    """`cases` with what the export's rows read, fetched in a few queries per chunk."""
    if kind.slug == "reconsideration":
        return cases.select_related("respondent", "field").prefetch_related("applicants")
    return cases.select_related(
        "court", "defendant", "co_defendant", "field", "reconsideration", "previous_instance"
    ).prefetch_related(
        "plaintiffs", Prefetch("hearings", queryset=Hearing.objects.order_by("held_on", "pk"))
    )


def export_workbook(
    kind: LedgerKind,
    cases: QuerySet[Any],
    *,
    actor: Any,
    reveal: bool,
    description: str = "",
) -> tuple[IO[bytes], int]:
    """The cases as a ledger in a temporary file (positioned at its start), and their count;
    the export is audited (Event.EXPORT)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(kind.sheet)
    sheet.append([header_cell(sheet, c.header, fill=_header_fill(c)) for c in kind.columns])
    row_of = ROWS[kind.slug]
    count = 0
    for case in export_queryset(kind, cases).iterator(chunk_size=2000):
        sheet.append([safe_cell(sheet, value) for value in row_of(case, reveal)])
        count += 1
    _export_notes(book, kind, count, reveal, description)
    target = tempfile.TemporaryFile()  # noqa: SIM115  (handed to the response, which closes it)
    book.save(target)
    target.seek(0)
    masked = "" if reveal else "；姓名、证件号码已脱敏"
    where = f"（{description}）" if description else ""
    audit.record_security(
        event=audit.Event.EXPORT,
        user=actor,
        message=f"导出{kind.label}台账 {count} 件{where}{masked}",
    )
    return target, count


def _header_fill(column: Column) -> PatternFill:
    return _REQUIRED_FILL if column.required else HEADER_FILL


def _export_notes(
    book: Workbook, kind: LedgerKind, count: int, reveal: bool, description: str
) -> None:
    sheet = book.create_sheet(EXPORT_NOTES_SHEET)
    now = timezone.localtime()
    lines = [
        f"{kind.label}台账导出：{count} 件，{now:%Y-%m-%d %H:%M}",
        f"筛选条件：{description or '无'}",
        "姓名和证件号码完整"
        if reveal
        else "申请人（原告）姓名和证件号码已脱敏；重新导入时保留系统中的原值",
        "本表可直接修改后重新导入（按案号更新）",
    ]
    for line in lines:
        sheet.append([safe_cell(sheet, line)])


# --- one row per case --------------------------------------------------------------------------


def _yes_no(flag: bool) -> str:
    return YES if flag else NO


def _label(case: Any, name: str) -> str:
    return str(getattr(case, f"get_{name}_display")()) if getattr(case, name) else ""


def _parties(parties: Iterable[Any], reveal: bool) -> tuple[str, str]:
    people = list(parties)
    names = [
        p.name if reveal or p.kind == PartyKind.ORGANISATION else mask(p.name, "name")
        for p in people
    ]
    numbers = [(p.id_number if reveal else mask(p.id_number, "id_number")) or NO_ID for p in people]
    has_numbers = any(p.id_number for p in people)
    return "、".join(names), "、".join(numbers) if has_numbers else ""


def recon_row(case: Reconsideration, reveal: bool) -> list[Any]:
    names, numbers = _parties(case.applicants.all(), reveal)
    attendance = case.get_head_attendance_display() if case.head_attendance else ""
    by_key: dict[str, Any] = {
        "case_number": case.case_number,
        "applicants": names,
        "applicant_ids": numbers,
        "respondent": case.respondent.name,
        "act_type": case.get_act_type_display(),
        "field": case.field.name,
        "procedure": case.get_procedure_display(),
        "simple_ground": _label(case, "simple_ground"),
        "head_attendance": attendance
        if case.head_attendance != HeadAttendance.NOT_APPLICABLE
        else "",
        "outcome": _label(case, "outcome"),
    }
    return [_value(case, column, by_key) for column in cols.RECON_COLUMNS]


def lawsuit_row(case: Lawsuit, reveal: bool) -> list[Any]:
    names, numbers = _parties(case.plaintiffs.all(), reveal)
    by_key: dict[str, Any] = {
        "case_number": case.case_number,
        "instance": case.get_instance_display(),
        "court": case.court.name,
        "plaintiffs": names,
        "plaintiff_ids": numbers,
        "defendant": case.defendant.name,
        "co_defendant": case.co_defendant.name if case.co_defendant else "",
        "act_type": case.get_act_type_display(),
        "field": case.field.name,
        "reconsideration": case.reconsideration.case_number if case.reconsideration else "",
        "previous_instance": case.previous_instance.case_number if case.previous_instance else "",
        "outcome": _label(case, "outcome"),
        **_hearing_cells(list(case.hearings.all())),
    }
    return [_value(case, column, by_key) for column in cols.LAWSUIT_COLUMNS]


def _hearing_cells(hearings: list[Hearing]) -> dict[str, Any]:
    """The hearing a ledger row shows: the one where a 负责人 counted, else the first."""
    if not hearings:
        return {"hearing_on": None, "head_appeared": APPEARANCE.shown[2], "head_requested": ""}
    hearing = next((h for h in hearings if h.counts), hearings[0])
    position = hearing.head_position or (
        hearing.get_head_rank_display() if hearing.head_rank else ""
    )
    return {
        "hearing_on": hearing.held_on,
        "head_requested": _yes_no(hearing.head_requested),
        "head_appeared": _yes_no(hearing.head_appeared),
        "head_name": hearing.head_name,
        "head_position": position,
        "excuse": hearing.excuse,
    }


def _value(case: Any, column: Column, by_key: dict[str, Any]) -> Any:
    if column.key in by_key:
        return by_key[column.key]
    value = getattr(case, column.key, "")
    if column.read == cols.BOOL:
        return _yes_no(bool(value))
    return "" if value is None else value


ROWS: dict[str, Callable[[Any, bool], list[Any]]] = {
    "reconsideration": recon_row,
    "litigation": lawsuit_row,
}
