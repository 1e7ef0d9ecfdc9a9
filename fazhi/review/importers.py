"""Excel import of a county's 专家库: sheet 「专家库」, all or nothing.

As the organisation import (fazhi/org/importers.py; SECURITY.md §5.3 R-REL-03): every row is
checked before anything is written; one bad row and nothing is stored, and each error names the
sheet, the row as Excel shows it, the column and the reason. Rows are keyed by 姓名 and 工作单位
within the importing administrator's county (the pool's own uniqueness), so importing the same
file twice changes nothing the second time (R-REL-04). 在库 (是/否) may be left empty: a new
expert is then 在库 and a stored one keeps its state.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction

from fazhi.core.exceptions import ApplicationError
from fazhi.core.services import versioned_update
from fazhi.org.importers import (
    FileImport,
    RowError,
    read_sheets,
    record_import,
    sheet_table,
    upload_problem,
)
from fazhi.review.models import Expert
from fazhi.review.services import experts as services

SHEET = "专家库"
COLUMNS = ("姓名", "专业领域", "工作单位", "职称或职务", "联系电话", "备注", "在库")
REQUIRED_COLUMNS = ("姓名", "专业领域")
FIELD_OF = dict(zip(COLUMNS, (*services.FIELDS, "is_active"), strict=True))
COLUMN_OF = {name: column for column, name in FIELD_OF.items()}
YES, NO = "是", "否"
MESSAGE = "Excel 导入专家库"
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def _no_counts() -> dict[str, int]:
    return {CREATED: 0, UPDATED: 0, UNCHANGED: 0}


@dataclass
class PoolImport(FileImport):
    """What an import did (or, in a dry run or with errors, would do)."""

    counts: dict[str, int] = field(default_factory=_no_counts)

    def summary(self) -> str:
        c = self.counts
        return f"新增 {c[CREATED]} 名、更新 {c[UPDATED]} 名、未变 {c[UNCHANGED]} 名"


@dataclass
class PoolRow:
    row: int
    values: dict[str, str]
    is_active: bool | None  # None: 在库 left empty


def _rows(data: bytes, errors: list[RowError]) -> list[tuple[int, dict[str, str]]]:
    """The sheet's rows with a value in one of COLUMNS, as {column: text} (others dropped)."""
    table = sheet_table(read_sheets(data, (SHEET,)), SHEET, REQUIRED_COLUMNS, errors) or []
    known = [(n, {t: v for t, v in values.items() if t in COLUMNS}) for n, values in table]
    return [(n, values) for n, values in known if any(values.values())]


def _parse(number: int, values: dict[str, str], errors: list[RowError]) -> PoolRow | None:
    fields = {FIELD_OF[column]: text for column, text in values.items() if column != "在库"}
    found = [
        RowError(SHEET, number, COLUMN_OF[name], reason, fields.get(name, ""))
        for name, reason in services.value_problems(fields)
    ]
    active_text = values.get("在库", "")
    if active_text not in ("", YES, NO):
        found.append(RowError(SHEET, number, "在库", f"应填“{YES}”或“{NO}”，或留空", active_text))
    errors.extend(found)
    if found:
        return None
    cleaned = {name: fields.get(name, "") for name in services.FIELDS}
    return PoolRow(number, cleaned, None if not active_text else active_text == YES)


def _unique(rows: list[PoolRow], errors: list[RowError]) -> list[PoolRow]:
    first: dict[tuple[str, str], int] = {}
    kept = []
    for row in rows:
        key = (row.values["name"], row.values["employer"])
        if key in first:
            msg = f"姓名和工作单位与第 {first[key]} 行重复"
            errors.append(RowError(SHEET, row.row, "姓名", msg, row.values["name"]))
            continue
        first[key] = row.row
        kept.append(row)
    return kept


def _changes(row: PoolRow, stored: Expert | None) -> dict[str, Any]:
    wanted: dict[str, Any] = dict(row.values)
    if row.is_active is not None:
        wanted["is_active"] = row.is_active
    if stored is None:
        return wanted
    return {name: value for name, value in wanted.items() if getattr(stored, name) != value}


def expert_pool_import(*, data: bytes, actor: Any, dry_run: bool, filename: str = "") -> PoolImport:
    """Check the workbook; unless `dry_run` or any error, write it in one transaction.

    With errors nothing is stored and `result.errors` lists them. A real import writes one audit
    line per created or updated expert and one import event with the counts and the sha256.
    """
    result = PoolImport(dry_run=dry_run, sha256=hashlib.sha256(data).hexdigest())
    problem = upload_problem(filename or "upload.xlsx", data)
    try:
        if problem:
            raise ApplicationError(problem)
        region = services.county_of_actor(actor)
        services.require_pool_manager(actor, region)
        rows = [r for n, v in _rows(data, result.errors) if (r := _parse(n, v, result.errors))]
    except ApplicationError as exc:
        result.errors.append(RowError("", 0, "", exc.message))
        return result
    rows = _unique(rows, result.errors)
    # A county's pool is a few hundred experts at most: read it whole.
    stored = {(e.name, e.employer): e for e in Expert.objects.filter(region=region)}
    plan = []
    for row in rows:
        expert = stored.get((row.values["name"], row.values["employer"]))
        changes = _changes(row, expert)
        result.counts[CREATED if expert is None else UPDATED if changes else UNCHANGED] += 1
        plan.append((row, expert, changes))
    if result.errors or dry_run:
        return result
    _write(plan, actor, result, filename)
    return result


Plan = list[tuple[PoolRow, Expert | None, dict[str, Any]]]  # row, stored expert, changes


def _write(plan: Plan, actor: Any, result: PoolImport, filename: str) -> None:
    current = 0
    try:
        with transaction.atomic():
            for row, expert, changes in plan:
                current = row.row
                if expert is None:
                    active = row.is_active is not False
                    services.create_expert(
                        actor=actor, values=row.values, is_active=active, message=MESSAGE
                    )
                elif changes:
                    versioned_update(
                        expert,
                        expected_version=expert.version,
                        changes=changes,
                        actor=actor,
                        message=MESSAGE,
                    )
            record_import(
                actor=actor,
                what=MESSAGE,
                filename=filename,
                sha256=result.sha256,
                summary=result.summary(),
            )
    except (IntegrityError, ApplicationError) as exc:
        reason = getattr(exc, "message", None) or str(exc)
        where = RowError(SHEET, current, "", f"写入失败，全部未导入：{reason}")
        result.errors.append(where)
        result.counts = _no_counts()
        return
    result.written = True
