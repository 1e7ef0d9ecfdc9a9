"""The 专家库 as an .xlsx in the import format (sheet 「专家库」), so an export can be edited and
imported again. Phone numbers are masked for users without Perm.VIEW_PERSONAL_DATA (SECURITY.md
§2.3); such a file cannot be imported back, the import refuses the masked numbers."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook

from fazhi.core import audit
from fazhi.core.masking import mask_phone
from fazhi.core.permissions import Perm, has_perm
from fazhi.core.xlsx import header_cell, safe_cell
from fazhi.review import selectors
from fazhi.review.importers import COLUMNS, NO, SHEET, YES
from fazhi.review.models import Expert

TEXT = "@"
WIDTHS = (10, 18, 28, 16, 16, 24, 6)


def expert_pool_workbook(experts: Iterable[Expert], *, reveal: bool) -> bytes:
    """The workbook for `experts` in the order given; phones masked unless `reveal`."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    sheet.append([header_cell(sheet, title) for title in COLUMNS])
    for expert in experts:
        phone = expert.phone if reveal else mask_phone(expert.phone)
        values = (
            expert.name,
            expert.specialty,
            expert.employer,
            expert.title,
            phone,
            expert.note,
            YES if expert.is_active else NO,
        )
        cells = []
        for value in values:
            cell = safe_cell(sheet, value)  # user text never becomes a formula
            cell.number_format = TEXT  # phone numbers stay text
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def expert_pool_export(*, actor: Any, flt: selectors.ExpertFilter) -> bytes:
    """The experts `actor` sees under `flt`, audited (how many, whether phones were shown)."""
    experts = selectors.expert_list(actor, flt)
    reveal = has_perm(actor, Perm.VIEW_PERSONAL_DATA)
    content = expert_pool_workbook(experts.iterator(), reveal=reveal)
    audit.record_security(
        event=audit.Event.EXPORT,
        user=actor,
        message=f"导出专家库：{experts.count()} 名专家（联系电话{'完整' if reveal else '已脱敏'}）",
    )
    return content
