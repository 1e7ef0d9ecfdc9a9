"""Excel export of the audit trail, for the 审计管理员 (等保 8.1.5: 审计记录的存储、管理和查询).

Every text cell is written through `fazhi.core.xlsx.safe_cell`: a string, never a formula.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import IO, Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from fazhi.core import audit
from fazhi.core.exceptions import ApplicationError
from fazhi.core.models import AuditEvent
from fazhi.core.xlsx import CONTENT_TYPE, safe_cell

XLSX_CONTENT_TYPE = CONTENT_TYPE
EXPORT_MAX_ROWS = 100_000

COLUMNS: tuple[tuple[str, int], ...] = (
    ("编号", 9),
    ("时间", 20),
    ("类别", 10),
    ("事件", 16),
    ("结果", 6),
    ("操作人", 14),
    ("角色", 16),
    ("来源地址", 16),
    ("对象类型", 14),
    ("对象编号", 10),
    ("对象", 28),
    ("说明", 40),
    ("变更内容", 60),
    ("摘要", 66),
)


class ExportTooLargeError(ApplicationError):
    def __init__(self, count: int) -> None:
        super().__init__(
            f"符合条件的审计日志共 {count:,} 条，超过单次导出上限 {EXPORT_MAX_ROWS:,} 条，"
            "请缩小时间范围或增加筛选条件后再导出"
        )
        self.count = count


@dataclass
class Export:
    file: IO[bytes]
    filename: str
    rows: int


def export_audit_events(*, actor: Any, filters: Mapping[str, Any], description: str) -> Export:
    """An .xlsx of the events matching `filters` (as `audit.search_events` takes them).

    Refuses more than EXPORT_MAX_ROWS rows with ExportTooLargeError. Both the export and a
    refusal are recorded in the audit trail with the filter used and the row count; the file is
    handed out only after its record is written (fail closed).
    """
    events = audit.search_events(**filters)
    # Rows appended while the file is being written are not part of this export.
    last_pk = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    events = events.filter(pk__lte=last_pk)
    criteria = description or "无（全部）"
    count = events.count()
    if count > EXPORT_MAX_ROWS:
        audit.record_security(
            event=audit.Event.EXPORT,
            user=actor,
            success=False,
            message=f"导出审计日志被拒绝：{count} 条超过上限 {EXPORT_MAX_ROWS} 条；筛选条件：{criteria}",
        )
        raise ExportTooLargeError(count)
    target = tempfile.TemporaryFile()  # noqa: SIM115  (closed by the FileResponse)
    rows = write_xlsx(events.iterator(chunk_size=2000), target)
    target.seek(0)
    audit.record_security(
        event=audit.Event.EXPORT,
        user=actor,
        message=f"导出审计日志 {rows} 条；筛选条件：{criteria}",
    )
    return Export(file=target, filename=f"审计日志_{timezone.localdate():%Y%m%d}.xlsx", rows=rows)


def write_xlsx(events: Iterable[AuditEvent], target: IO[bytes]) -> int:
    """Write one sheet of `events` to `target`; return how many rows were written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("审计日志")
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([safe_cell(sheet, title) for title, _ in COLUMNS])
    rows = 0
    for event in events:
        sheet.append([safe_cell(sheet, value) for value in row_values(event)])
        rows += 1
    workbook.save(target)
    return rows


def row_values(event: AuditEvent) -> list[Any]:
    """One exported row, in COLUMNS order; the time in local time, to the second."""
    return [
        event.pk,
        timezone.localtime(event.created_at).replace(tzinfo=None, microsecond=0),
        event.get_category_display(),
        audit.event_label(event.event),
        "成功" if event.success else "失败",
        event.actor_name,
        event.actor_roles,
        event.ip or "",
        audit.object_type_label(event.object_type) if event.object_type else "",
        event.object_id,
        event.object_repr,
        event.message,
        audit.describe_changes(event),
        event.hash,
    ]
