"""The dashboard's tables in one shape, shown on the page and exported to Excel alike, so that
an export holds exactly what the screen shows (SECURITY.md R-EXP-01: cells through core.xlsx)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from fazhi.core.xlsx import write_header, write_safe
from fazhi.indicators.output import DASH

# 三色 on paper: the fills Excel shows for a coloured cell (the page uses CSS classes).
FILLS = {
    "green": PatternFill("solid", fgColor="D8F0DF"),
    "yellow": PatternFill("solid", fgColor="FFF1C2"),
    "red": PatternFill("solid", fgColor="FAD9D7"),
}
TITLE_FONT = Font(bold=True, size=13)
MAX_COLUMN_WIDTH = 48


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = False
    url: str = ""  # a header that re-sorts (rank by this indicator)


@dataclass(frozen=True)
class Cell:
    """One cell: its text as shown; `number` for Excel when the text is a number; `colour`
    (green/yellow/red/grey) for a 三色 cell; `url` where a click leads (the records behind)."""

    text: str
    number: Decimal | int | float | None = None
    colour: str = ""
    url: str = ""
    tone: str = ""  # "better"/"worse" for a 同比 cell
    note: str = ""  # a muted remark after the text, exported with it
    hint: str = ""  # a tooltip on the page only (the target of a ranked figure)


def number_cell(number: Decimal | int | float | None) -> Cell:
    """A number as shown and exported as a number; "—" without one."""
    return Cell(DASH) if number is None else Cell(f"{number}", number=number)


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    caption: str = ""  # scope and period, written above the table in Excel
    export_url: str = ""
    detail_url: str = ""  # where the table comes from in full (an assessment run's page)

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def lines(self) -> list[list[tuple[Cell, Column]]]:
        """Each row's cells with their columns, as the template walks them."""
        return [list(zip(row, self.columns, strict=False)) for row in self.rows]


def workbook_bytes(tables: list[Table]) -> bytes:
    """An .xlsx with one sheet per table: a title line, the caption, the header, the rows."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        _write_sheet(book, table)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_sheet(book: Workbook, table: Table) -> None:
    sheet = book.create_sheet(_sheet_title(table.title, book.sheetnames))
    write_safe(sheet, 1, 1, table.title).font = TITLE_FONT
    write_safe(sheet, 2, 1, table.caption)
    widths = [len(c.label) * 2 + 2 for c in table.columns]
    for index, column in enumerate(table.columns, start=1):
        write_header(sheet, 3, index, column.label)
    for row_number, row in enumerate(table.rows, start=4):
        for index, cell in enumerate(row, start=1):
            text = f"{cell.text}（{cell.note}）" if cell.note else cell.text
            value = cell.number if cell.number is not None else text
            written = write_safe(sheet, row_number, index, value)
            if cell.colour in FILLS:
                written.fill = FILLS[cell.colour]
            widths[index - 1] = max(widths[index - 1], len(text) * 2 + 2)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width, MAX_COLUMN_WIDTH)
    sheet.freeze_panes = "A4"


def _sheet_title(title: str, taken: list[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\ and unique in the book.
    clean = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "表"
    name, number = clean, 2
    while name in taken:
        name, number = f"{clean}{number}", number + 1
    return name
