"""Writing spreadsheet cells safely, for every export of the project.

openpyxl stores a `str` that starts with "=" as a formula, so a recorded name such as
`=HYPERLINK(...)` would run in the reader's Excel (SECURITY.md R-EXP-01, ASVS 1.2.10). Text cells
are therefore always strings; text starting with a formula trigger also gets Excel's quote
prefix, so editing the cell later keeps it text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
MAX_CELL_CHARS = 32_767
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E7EEF7")


def safe_value(value: Any) -> Any:
    """`value` as a cell may hold it: text loses the characters Excel rejects and is cut to
    Excel's limit; anything else is unchanged."""
    if not isinstance(value, str):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_CHARS]


def safe_cell(sheet: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    """A cell of a write-only sheet holding `value`; text is never a formula."""
    return _store(WriteOnlyCell(sheet), value)


def write_safe(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """`value` written to a cell of a normal (not write-only) sheet; text is never a formula."""
    return _store(sheet.cell(row=row, column=column), value)


def header_cell(
    sheet: WriteOnlyWorksheet, text: str, *, fill: PatternFill | None = HEADER_FILL
) -> WriteOnlyCell:
    """A header cell of a write-only sheet: bold, on the header fill (or `fill`)."""
    return _header(safe_cell(sheet, text), fill)


def write_header(
    sheet: Worksheet, row: int, column: int, text: str, *, fill: PatternFill | None = HEADER_FILL
) -> Cell:
    """A header cell written to a normal sheet: bold, on the header fill (or `fill`; None for
    none)."""
    return _header(write_safe(sheet, row, column, text), fill)


def _header(cell: Any, fill: PatternFill | None) -> Any:
    cell.font = HEADER_FONT
    if fill is not None:
        cell.fill = fill
    return cell


def _store(cell: Any, value: Any) -> Any:
    cell.value = safe_value(value)
    if isinstance(value, dt.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    elif isinstance(value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    return cell
