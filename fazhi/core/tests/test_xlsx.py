"""Safe spreadsheet cells: text never becomes a formula, on write-only and on normal sheets."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from openpyxl import Workbook

from fazhi.core.xlsx import (
    HEADER_FILL,
    HEADER_FONT,
    MAX_CELL_CHARS,
    header_cell,
    safe_cell,
    safe_value,
    write_header,
    write_safe,
)

TRIGGERS = ['=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)"]


def _reopen(book: Workbook) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    book.save(buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def test_safe_value_drops_characters_excel_rejects_and_cuts_to_the_limit():
    assert safe_value("a\x00b\x1fc") == "abc"
    assert len(safe_value("x" * (MAX_CELL_CHARS + 10))) == MAX_CELL_CHARS
    assert safe_value(3) == 3 and safe_value(None) is None


@pytest.mark.parametrize("text", TRIGGERS)
def test_text_on_a_write_only_sheet_stays_text(text):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("s")
    sheet.append([safe_cell(sheet, text), safe_cell(sheet, 7)])
    reopened = _reopen(book)["s"]
    cell, number = reopened["A1"], reopened["B1"]
    assert cell.value == text and cell.data_type == "s" and cell.quotePrefix
    assert number.value == 7


@pytest.mark.parametrize("text", TRIGGERS)
def test_text_written_to_a_normal_sheet_stays_text(text):
    book = Workbook()
    sheet = book.active
    written = write_safe(sheet, 2, 3, text)
    assert written.coordinate == "C2"
    cell = _reopen(book).active["C2"]
    assert cell.value == text and cell.data_type == "s" and cell.quotePrefix


def test_dates_and_times_keep_their_formats():
    book = Workbook()
    write_safe(book.active, 1, 1, dt.date(2026, 6, 30))
    write_safe(book.active, 1, 2, dt.datetime(2026, 6, 30, 9, 5))
    sheet = _reopen(book).active
    assert sheet["A1"].number_format == "yyyy-mm-dd"
    assert sheet["B1"].number_format == "yyyy-mm-dd hh:mm:ss"


def test_header_cells_are_bold_on_the_header_fill_or_the_one_given():
    book = Workbook(write_only=True)
    sheet = book.create_sheet("s")
    assert header_cell(sheet, "列名").fill == HEADER_FILL
    normal = Workbook().active
    plain = write_header(normal, 1, 1, "=列名", fill=None)
    assert plain.font == HEADER_FONT and plain.fill != HEADER_FILL
    assert plain.data_type == "s" and plain.quotePrefix
