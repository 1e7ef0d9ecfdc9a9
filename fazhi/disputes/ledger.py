"""Import of a county's Excel 台账 of 行政复议 or 行政诉讼 cases, all or nothing.

Tolerant of what real ledgers contain: their own header names (案号 or 复议案号, 被申请人 or
被申请单位 …, `ledger_columns`), a title row above the header, dates written four ways or as
Excel dates, full-width digits, trailing spaces, the common wordings of outcomes and act types
(`ledger_values`), unit names with or without the county or in short form (`ledger_units`).
Strict about what it cannot understand: an unknown column, an unreadable cell, a unit that fits
no unit or two, a record that breaks a rule of `checks` — each is listed by sheet, row (as Excel
numbers it) and column with a Chinese reason, and nothing is stored (SECURITY.md §5.3).

Rows are keyed by the normalised case number, so importing the same ledger again updates and
never duplicates (§5.4); an unchanged row is not written at all. An import is one transaction
with one audit line (Event.IMPORT) naming the file, its sha256 and the counts. Reading uses
python-calamine; lookups are loaded once per file and the writes go in bulk, so a 100,000-row
ledger imports in seconds.
"""

from __future__ import annotations

import functools
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from fazhi.core import audit
from fazhi.core.exceptions import ApplicationError
from fazhi.core.permissions import Perm, has_perm
from fazhi.org.models import Region
from fazhi.org.scoping import sees_region

from . import ledger_columns as cols
from . import ledger_values as values
from .checks import outcome_problem
from .ledger_columns import KINDS, Column, LedgerKind, other_kind
from .ledger_lawsuits import LawsuitPlanner
from .ledger_plan import LedgerError, Planner, ReconPlanner, Row, apply
from .ledger_units import RegionContext
from .ledger_values import CellError, key, text

__all__ = ["KINDS", "LedgerError", "LedgerResult", "import_ledger", "may_import", "user_region"]

HEADER_SEARCH_ROWS = 10  # a title and notes may sit above the header row
IMPORT_MESSAGE = "Excel 导入台账"
PLANNERS: dict[str, type[Planner]] = {"reconsideration": ReconPlanner, "litigation": LawsuitPlanner}


@dataclass
class LedgerResult:
    """What an import did (or, in a dry run, would do); `errors` empty means it was accepted."""

    kind: LedgerKind
    dry_run: bool
    region: str = ""
    sha256: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[LedgerError] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return (
            f"{self.kind.label}案件 {self.rows} 行：新增 {self.created}、更新 {self.updated}、"
            f"未变 {self.unchanged}"
        )


# --- who may import, and where -----------------------------------------------------------------


def may_import(user: Any) -> bool:
    """Importing needs Perm.EDIT_BUSINESS and a region-wide scope (县级管理员, the 司法局)."""
    return has_perm(user, Perm.EDIT_BUSINESS) and sees_region(user)


def user_region(user: Any) -> Region:
    """The region a user's import is for: the region of their unit."""
    return user.unit.region


# --- reading the workbook --------------------------------------------------------------------


@dataclass
class Sheet:
    name: str
    cells: list[list[Any]]


def read_workbook(data: bytes) -> list[Sheet]:
    """The visible worksheets with their cells, leaving out the notes sheets (填写说明 …);
    a hidden sheet is not read."""
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises several kinds on a damaged file
        raise ApplicationError("文件无法读取，不是有效的 .xlsx 工作簿") from exc
    try:
        sheets = []
        for meta in book.sheets_metadata:
            name = meta.name.strip()
            if (
                meta.typ != SheetTypeEnum.WorkSheet
                or meta.visible != SheetVisibleEnum.Visible
                or name in cols.NOTES_SHEETS
            ):
                continue
            cells = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            sheets.append(Sheet(name, cells))
        return sheets
    except Exception as exc:
        raise ApplicationError("文件无法读取，不是有效的 .xlsx 工作簿") from exc
    finally:
        book.close()


def _blank(cells: list[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


@dataclass
class Layout:
    """Where a sheet's header is and which column holds what."""

    header_row: int  # index into the sheet's cells
    index: dict[str, int]  # column key → position
    headers: dict[str, str]  # column key → header as written


def find_layout(kind: LedgerKind, sheet: Sheet, errors: list[LedgerError]) -> Layout | None:
    """The sheet's header row (the first of the top rows naming the case number), mapped."""
    top = sheet.cells[:HEADER_SEARCH_ROWS]
    for position, cells in enumerate(top):
        if any(kind.column_key(text(cell)) == "case_number" for cell in cells):
            return _map_header(kind, sheet, position, errors)
    if not any(not _blank(cells) for cells in sheet.cells):
        return None  # an empty sheet
    hint = _other_kind_hint(kind, top)
    errors.append(
        LedgerError(
            sheet.name,
            0,
            "",
            f"前 {HEADER_SEARCH_ROWS} 行中未找到表头（须有“案号”列）{hint}；"
            "不是台账的工作表请删除或隐藏",
        )
    )
    return None


def _map_header(
    kind: LedgerKind, sheet: Sheet, position: int, errors: list[LedgerError]
) -> Layout | None:
    row_number = position + 1
    index: dict[str, int] = {}
    headers: dict[str, str] = {}
    found: list[LedgerError] = []
    for column, cell in enumerate(sheet.cells[position]):
        header = text(cell)
        if not header or key(header) in cols.IGNORED_HEADERS:
            continue
        column_key = kind.column_key(header)
        if column_key is None:
            message = "无法识别的列名；可用的列名见模板「填写说明」，不需导入的列请删除"
            found.append(LedgerError(sheet.name, row_number, header, message))
        elif column_key in index:
            message = f"与“{headers[column_key]}”列是同一项，只能保留一列"
            found.append(LedgerError(sheet.name, row_number, header, message))
        else:
            index[column_key], headers[column_key] = column, header
    missing = [c.header for c in kind.required if c.key not in index]
    if missing:
        message = (
            f"缺少必填列：{'、'.join(missing)}{_other_kind_hint(kind, [sheet.cells[position]])}"
        )
        found.append(LedgerError(sheet.name, row_number, "", message))
    errors.extend(found)
    # Rows are still read when only an unknown column is wrong, so that every problem is listed.
    return None if missing else Layout(position, index, headers)


def _other_kind_hint(kind: LedgerKind, rows: list[list[Any]]) -> str:
    other = other_kind(kind)
    mine = {kind.column_key(text(c)) for cells in rows for c in cells} - {None}
    theirs = {other.column_key(text(c)) for cells in rows for c in cells} - {None}
    required = {c.key for c in other.required}
    if len(theirs & required) > len(mine & {c.key for c in kind.required}):
        return f"；该表看起来是{other.label}台账，请在“导入{other.label}台账”处导入"
    return ""


# --- reading the rows ------------------------------------------------------------------------

Reader = Callable[[Any], Any]


def _text_reader(limit: int) -> Reader:
    def read(raw: Any) -> str | None:
        value = text(raw)
        if limit and len(value) > limit:
            raise CellError(f"不能超过 {limit} 个字符")
        return value or None

    return read


def _enum_reader(column: Column) -> Reader:
    variants = column.variants
    if variants is None:
        raise ValueError(f"column {column.key} lists no values")

    def read(raw: Any) -> str | None:
        return variants.parse(raw) if text(raw) else None

    return read


def _outcome_reader(kind: LedgerKind) -> Reader:
    case_type = "复议" if kind.slug == "reconsideration" else "诉讼"

    def read(raw: Any) -> str | None:
        if not text(raw):
            return None
        found = kind.outcomes.get(raw)
        if found is not None:
            return found
        other = kind.other_outcomes.get(raw)
        if other is not None:  # a ruling of the other case type: say so, as the form would
            other_label = other_kind(kind).label
            raise CellError(
                outcome_problem(other, case_type)
                or f"“{text(raw)}”是{other_label}的结案方式，不适用于{kind.label}案件"
            )
        return kind.outcomes.parse(raw)

    return read


def _position(raw: Any, *, limit: int) -> tuple[str, str] | None:
    position = text(raw)
    if len(position) > limit:
        raise CellError(f"不能超过 {limit} 个字符")
    return (position, values.head_rank(position)) if position else None


def _reader(kind: LedgerKind, column: Column) -> Reader:
    simple: dict[str, Reader] = {
        cols.NUMBER: functools.partial(values.case_number, court=False),
        cols.RECON_NUMBER: functools.partial(values.case_number, court=False),
        cols.COURT_NUMBER: functools.partial(values.case_number, court=True),
        cols.DATE: values.date,
        cols.BOOL: lambda raw: values.yes_no(raw) if text(raw) else None,
        cols.NAMES: lambda raw: tuple(values.names(raw)),
        cols.IDS: lambda raw: tuple(values.id_numbers(raw)),
        cols.AMOUNT: values.amount,
        cols.DAYS: lambda raw: values.whole_days(raw) if text(raw) else None,
        cols.UNIT: lambda raw: values.compact(raw) or None,
        cols.COURT: lambda raw: values.compact(raw) or None,
        cols.FIELD: lambda raw: text(raw) or None,
        cols.POSITION: functools.partial(_position, limit=column.limit),
    }
    if column.read in simple:
        return simple[column.read]
    if column.read == cols.TEXT:
        return _text_reader(column.limit)
    if column.read == cols.OUTCOME:
        return _outcome_reader(kind)
    return _enum_reader(column)  # ENUM, APPEARANCE


_MISSING = object()


class _Cached:
    """A reader that reads each distinct cell value once (ledgers repeat dates, units, words);
    a value that cannot be read is remembered as its CellError."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.seen: dict[Any, Any] = {}

    def read(self, raw: Any) -> Any:
        try:
            found = self.reader(raw)
        except CellError as exc:
            found = exc
        self.seen[raw] = found
        return found


def read_rows(
    kind: LedgerKind, sheet: Sheet, layout: Layout, errors: list[LedgerError]
) -> list[Row]:
    """The sheet's data rows, each cell read by its column's reader (once per distinct value)."""
    specs = [
        (k, at, layout.headers[k], _Cached(_reader(kind, kind.by_key[k])), kind.by_key[k].required)
        for k, at in layout.index.items()
    ]
    present = frozenset(layout.index)
    rows = []
    for position in range(layout.header_row + 1, len(sheet.cells)):
        cells = sheet.cells[position]
        if _blank(cells) or _is_total(cells):
            continue
        row = Row(sheet.name, position + 1, {}, present, layout.headers)
        values = row.values
        width = len(cells)
        for column_key, at, header, cached, required in specs:
            raw = cells[at] if at < width else ""
            value = cached.seen.get(raw, _MISSING)  # inline: this runs for every cell
            if value is _MISSING:
                value = cached.read(raw)
            if value is None or value == "" or value == ():
                if required:
                    errors.append(LedgerError(sheet.name, row.number, header, "不能为空"))
                    row.failed = True
            elif value.__class__ is CellError:
                errors.append(LedgerError(sheet.name, row.number, header, value.message, text(raw)))
                row.failed = True
            else:
                values[column_key] = value
        rows.append(row)
    return rows


def _is_total(cells: list[Any]) -> bool:
    """A 合计 row under the cases (one of its first cells says so)."""
    for cell in cells[:3]:
        if cell.__class__ is str and cell.replace(" ", "").strip() in cols.TOTAL_WORDS:
            return True
    return False


def read_ledger(kind: LedgerKind, data: bytes, errors: list[LedgerError]) -> list[Row]:
    """Every data row of every sheet, read; what cannot be read is in `errors`."""
    rows: list[Row] = []
    for sheet in read_workbook(data):
        layout = find_layout(kind, sheet, errors)
        if layout is not None:
            rows += read_rows(kind, sheet, layout, errors)
    if not rows and not errors:
        errors.append(LedgerError("", 0, "", "文件中没有案件数据"))
    return rows


# --- the import ------------------------------------------------------------------------------


def import_ledger(
    *,
    kind: str | LedgerKind,
    data: bytes,
    region: Region,
    actor: Any,
    dry_run: bool,
    filename: str = "",
) -> LedgerResult:
    """Read, resolve and check the ledger; unless `dry_run` or any error, write it all in one
    transaction with one audit line. With errors nothing is stored and `errors` lists them all.
    """
    kind = KINDS[kind] if isinstance(kind, str) else kind
    result = LedgerResult(kind, dry_run, region.name, hashlib.sha256(data).hexdigest())
    try:
        rows = read_ledger(kind, data, result.errors)
    except ApplicationError as exc:
        result.errors.append(LedgerError("", 0, "", exc.message))
        return result
    result.rows = len(rows)
    try:
        with transaction.atomic():
            _plan_and_write(kind, rows, region, actor, result, filename)
    except DatabaseError as exc:  # IntegrityError among them
        result.errors.append(LedgerError("", 0, "", f"写入失败，全部未导入：{exc}"))
        result.created = result.updated = result.unchanged = 0
        result.written = False
    return result


def _plan_and_write(
    kind: LedgerKind,
    rows: list[Row],
    region: Region,
    actor: Any,
    result: LedgerResult,
    filename: str,
) -> None:
    context = RegionContext.load(region)
    problem = context.organ_problem() if kind.slug == "reconsideration" else None
    if problem:
        result.errors.append(LedgerError("", 0, "", problem))
    planner = PLANNERS[kind.slug](context, lock=not result.dry_run, today=timezone.localdate())
    plan = planner.run([row for row in rows if "case_number" in row.values])
    result.errors += plan.errors
    if result.errors:
        result.errors.sort(key=_error_order(rows))
        return
    result.created, result.updated, result.unchanged = (
        len(plan.new),
        len(plan.changed),
        plan.unchanged,
    )
    if result.dry_run:
        return
    apply(plan, planner.model, planner.party_model)
    _record(kind, planner.model, actor, result, filename)
    result.written = True


def _error_order(rows: list[Row]) -> Callable[[LedgerError], tuple[int, int]]:
    """By sheet (in the workbook's order), then row; the file's own errors first."""
    sheets = list(dict.fromkeys(row.sheet for row in rows))
    return lambda e: (sheets.index(e.sheet) if e.sheet in sheets else -1, e.row)


def _record(
    kind: LedgerKind, model: type[Any], actor: Any, result: LedgerResult, filename: str
) -> None:
    name = f"「{filename}」" if filename else ""
    audit.record_change(
        actor=actor,
        event=audit.Event.IMPORT,
        obj=audit.ObjectRef(type=model._meta.label_lower, id="", repr=f"{kind.label}台账{name}"),
        changes={
            "region": result.region,
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "sha256": result.sha256,
        },
        message=f"{IMPORT_MESSAGE}{name}（{result.region}，sha256 {result.sha256}）：{result.summary()}",
    )
