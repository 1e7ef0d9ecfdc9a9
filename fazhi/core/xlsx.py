"""Writing spreadsheet cells safely, for every export of the project.

openpyxl stores a `str` that starts with "=" as a formula, so a recorded name such as
`=HYPERLINK(...)` would run in the reader's Excel (SECURITY.md R-EXP-01, ASVS 1.2.10). Text cells
are therefore always strings; text starting with a formula trigger also gets Excel's quote
prefix, so editing the cell later keeps it text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
MAX_CELL_CHARS = 32_767


def safe_cell(sheet: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    """A cell holding `value`; text is never a formula and loses characters Excel rejects."""
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
        return cell
    if not isinstance(value, str):
        return WriteOnlyCell(sheet, value=value)
    text = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_CHARS]
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    if text.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
    return cell
