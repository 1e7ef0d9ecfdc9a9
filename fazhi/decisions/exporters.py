"""Excel export of a year's catalog, in the columns the import reads (so it imports back), with
each line's progress after them; and the empty template. Every cell through `fazhi.core.xlsx`."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from fazhi.core import audit
from fazhi.core.xlsx import header_cell, safe_cell
from fazhi.decisions.importers import SHEET
from fazhi.decisions.items import COLUMNS, NEED_COLUMNS, PLAN_COLUMNS
from fazhi.decisions.models import Decision, DecisionCatalog
from fazhi.decisions.workflow import OPTIONAL_STAGES, PLANNED_STAGES

PROGRESS_COLUMNS = ("来源", "状态", "集体讨论决定日期", "公布日期")
HEADER = (*COLUMNS.values(), *NEED_COLUMNS.values(), *PLAN_COLUMNS.values())
WIDTHS = {"事项名称": 40, "法律政策依据": 40, "决策主体": 22, "承办单位": 22}


def _row(decision: Decision) -> list[Any]:
    plans = [getattr(decision, PLANNED_STAGES[s]) for s in PLAN_COLUMNS]
    return [
        decision.seq,
        decision.title,
        decision.get_category_display(),
        decision.decision_unit.name,
        decision.host_unit.name,
        decision.legal_basis,
        *("是" if getattr(decision, flag) else "否" for flag in OPTIONAL_STAGES.values()),
        *(f"{day:%Y-%m}" if day else "" for day in plans),
        decision.get_origin_display(),
        decision.get_status_display(),
        decision.decided_on,
        decision.published_on,
    ]


def _workbook(rows: Iterable[list[Any]], header: tuple[str, ...]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    for index, title in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(title, 12)
    sheet.append([header_cell(sheet, title) for title in header])
    for row in rows:
        sheet.append([safe_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def catalog_workbook(
    *, catalog: DecisionCatalog, decisions: Iterable[Decision], actor: Any
) -> bytes:
    """The lines the user sees, and one EXPORT line in the audit trail."""
    lines = list(decisions)
    content = _workbook((_row(d) for d in lines), (*HEADER, *PROGRESS_COLUMNS))
    audit.record_security(
        event=audit.Event.EXPORT,
        user=actor,
        obj=catalog,
        message=f"导出{catalog}（{len(lines)} 项）",
    )
    return content


def template_workbook() -> bytes:
    return _workbook([], HEADER)
