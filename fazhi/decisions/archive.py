"""立卷归档: a decision's whole record as one ZIP (条例 第33条: the process is recorded and
archived) — every stage's materials in the procedure's order, the signed 合法性审查意见书, and
an index workbook (卷内目录, the decision's facts stage by stage, the timeline)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from django.core.files.storage import default_storage
from django.utils import timezone
from openpyxl import Workbook

from fazhi.core import audit
from fazhi.core.xlsx import header_cell, safe_cell
from fazhi.decisions import progress
from fazhi.decisions.models import Decision
from fazhi.decisions.workflow import Stage
from fazhi.review.letter import opinion_letter
from fazhi.review.workflow import SIGNED_OR_LATER

INDEX_NAME = "00-卷内目录.xlsx"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass(frozen=True)
class Entry:
    number: int
    stage: str
    title: str
    name: str  # inside the ZIP
    original: str
    when: Any
    by: str
    size: int
    sha256: str


def _safe(text: str) -> str:
    return _UNSAFE.sub("_", text).strip("_")[:60] or "文件"


def archive(*, decision: Decision, actor: Any) -> tuple[bytes, str]:
    """The ZIP's bytes and its file name; one EXPORT line in the audit trail."""
    buffer = io.BytesIO()
    entries: list[Entry] = []
    order = {stage.value: index for index, stage in enumerate(Stage)}
    files = sorted(
        decision.materials.select_related("uploaded_by"),
        key=lambda m: (order[m.stage], m.uploaded_at, m.pk),
    )
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for material in files:
            number = len(entries) + 1
            stage = Stage(material.stage).label
            name = (
                f"{number:02d}-{stage}-{_safe(material.kind_label)}-{_safe(material.original_name)}"
            )
            with default_storage.open(material.file.name, "rb") as handle:
                bundle.writestr(name, handle.read())
            entries.append(
                Entry(
                    number,
                    stage,
                    material.kind_label,
                    name,
                    material.original_name,
                    timezone.localtime(material.uploaded_at).strftime("%Y-%m-%d %H:%M"),
                    str(material.uploaded_by or ""),
                    material.size,
                    material.sha256,
                )
            )
        _add_letter(bundle, decision, entries)
        bundle.writestr(INDEX_NAME, _index(decision, entries))
    audit.record_security(
        event=audit.Event.EXPORT,
        user=actor,
        obj=decision,
        message=f"导出立卷归档：{decision}（{len(entries)} 份材料）",
    )
    return buffer.getvalue(), f"{decision.number}-{_safe(decision.title)[:30]}-立卷归档.zip"


def _add_letter(bundle: zipfile.ZipFile, decision: Decision, entries: list[Entry]) -> None:
    matter = decision.review_matter if decision.review_matter_id else None
    if matter is None or matter.status not in SIGNED_OR_LATER or not matter.letter_seq:
        return
    content = opinion_letter(matter)
    number = len(entries) + 1
    name = f"{number:02d}-{Stage.LEGALITY.label}-合法性审查意见书.docx"
    bundle.writestr(name, content)
    entries.append(
        Entry(
            number,
            Stage.LEGALITY.label,
            "合法性审查意见书",
            name,
            matter.letter_number,
            str(matter.signed_on),
            str(matter.signed_by or ""),
            len(content),
            "",
        )
    )


def _index(decision: Decision, entries: list[Entry]) -> bytes:
    workbook = Workbook(write_only=True)
    _sheet(
        workbook,
        "卷内目录",
        (
            "序号",
            "阶段",
            "材料",
            "卷内文件名",
            "原文件名",
            "形成时间",
            "提交人",
            "大小（字节）",
            "SHA-256",
        ),
        [
            (e.number, e.stage, e.title, e.name, e.original, e.when, e.by, e.size, e.sha256)
            for e in entries
        ],
    )
    _sheet(workbook, "决策概况", ("项目", "内容"), _facts(decision))
    _sheet(
        workbook,
        "办理过程",
        ("时间", "阶段", "操作", "操作人", "说明"),
        [
            (
                timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M"),
                e.get_stage_display(),
                e.action_label,
                str(e.actor or ""),
                e.note,
            )
            for e in decision.events.select_related("actor")
        ],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet(workbook: Workbook, title: str, header: tuple[str, ...], rows: Any) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append([header_cell(sheet, text) for text in header])
    for row in rows:
        sheet.append([safe_cell(sheet, value) for value in row])


def _facts(decision: Decision) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = [
        ("事项名称", decision.title),
        (
            "目录",
            f"{decision.catalog.year}年度第{decision.seq}项（{decision.get_origin_display()}）",
        ),
        ("决策主体", decision.decision_unit.name),
        ("承办单位", decision.host_unit.name),
        ("法律政策依据", decision.legal_basis),
        ("状态", decision.get_status_display()),
    ]
    for step in progress.steps(decision, timezone.localdate()):
        if step.applies:
            planned = progress.month_label(step.planned) if step.planned else "—"
            done = str(step.done) if step.done else step.state.label
            rows.append((step.stage.label, f"计划 {planned}；完成 {done}"))
    if decision.exploratory:
        rows.append(("法律风险说明（条例 第25条）", decision.legal_risk_statement))
    return rows
