"""Excel import of the organisation tree: sheets 「区划」 and 「单位」, all or nothing.

SECURITY.md §5.3 (R-REL-03): every row is validated before anything is written; one bad row and
nothing is stored, and each error names the sheet, the row as Excel shows it, the column and the
reason in Chinese. §5.4 (R-REL-04): rows are keyed by their codes, so importing the same file
twice changes nothing the second time.

Region levels: a region's parent must be exactly one level up (市 under 省, 乡镇 under 县, 村
under 乡镇), except that a 县 may sit directly under its 省 (省直管县). Only a 省, or a region
already stored without a parent, may leave 上级区划代码 empty.

统筹本区划 (是/否, optional): whether the unit oversees its region, which widens its 法审员's scope
to the region subtree (fazhi/org/scoping.py). Left empty or without the column, a new unit takes
the default of its kind (人民政府 and 乡镇政府/街道办: 是) and a stored unit keeps its setting.

The other Excel imports (专家库, 决策事项目录, 指标体系) build on the public parts here: the file
checks (`upload_problem`), the reading (`read_sheets`, `sheet_table`, `cell_text`), the errors
(`RowError`), the result (`FileImport`), the audit line (`record_import`) and the staging of a file
between preview and confirmation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model

from fazhi.core import audit
from fazhi.core.exceptions import ApplicationError
from fazhi.org import services
from fazhi.org.models import Region, RegionLevel, Unit, UnitKind
from fazhi.org.selectors import sees_whole_org

REGION_SHEET = "区划"
UNIT_SHEET = "单位"
REGION_COLUMNS = ("区划代码", "区划名称", "层级", "上级区划代码")
UNIT_COLUMNS = ("单位编码", "单位名称", "单位类型", "所属区划代码")
OVERSEES_COLUMN = "统筹本区划"
UNIT_OPTIONAL_COLUMNS = ("上级单位编码", "简称", OVERSEES_COLUMN)
YES, NO = "是", "否"
_YES_NO = {YES: True, NO: False}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"

_REGION_CODE = re.compile(r"^\d{1,12}$")
_UNIT_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
_FULLWIDTH = str.maketrans("（）", "()")


def _norm_label(text: str) -> str:
    return re.sub(r"\s+", "", text).translate(_FULLWIDTH)


LEVELS: dict[str, RegionLevel] = {
    **{_norm_label(level.label): level for level in RegionLevel},
    **{level.value: level for level in RegionLevel},
    "省": RegionLevel.PROVINCE,
    "市": RegionLevel.CITY,
    "县": RegionLevel.COUNTY,
    "乡镇": RegionLevel.TOWNSHIP,
    "村": RegionLevel.VILLAGE,
}
KINDS: dict[str, UnitKind] = {
    **{_norm_label(kind.label): kind for kind in UnitKind},
    **{kind.value: kind for kind in UnitKind},
}


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int  # as Excel shows it; 0 when the error is about the whole sheet or file
    column: str
    message: str
    value: str = ""

    def __str__(self) -> str:
        if not self.row and not self.column and f"「{self.sheet}」" in self.message:
            return self.message  # 缺少工作表「单位」
        where = f"工作表「{self.sheet}」" if self.sheet else ""
        if self.row:
            where += f"第 {self.row} 行"
        if self.column:
            where += f"「{self.column}」列"
        return f"{where}：{self.message}" if where else self.message


def _counts() -> dict[str, int]:
    return {services.CREATED: 0, services.UPDATED: 0, services.UNCHANGED: 0}


@dataclass
class FileImport:
    """What importing one workbook found and did: its sha256, the errors (none: `ok`), and
    whether it was written (never with an error or in a dry run). Each importer adds its counts."""

    dry_run: bool
    sha256: str = ""
    errors: list[RowError] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportResult(FileImport):
    regions: dict[str, int] = field(default_factory=_counts)
    units: dict[str, int] = field(default_factory=_counts)

    def summary(self) -> str:
        r, u = self.regions, self.units
        return (
            f"区划：新增 {r['created']}、更新 {r['updated']}、未变 {r['unchanged']}；"
            f"单位：新增 {u['created']}、更新 {u['updated']}、未变 {u['unchanged']}"
        )


@dataclass
class RegionRow:
    row: int
    code: str
    name: str
    level: str
    parent_code: str


@dataclass
class UnitRow:
    row: int
    code: str
    name: str
    kind: str
    region_code: str
    parent_code: str | None  # None: the column is absent, keep the stored parent
    short_name: str | None  # None: the column is absent, keep the stored short name
    oversees_region: bool | None = None  # None: absent or empty, default by kind or keep


# --- upload checks ---------------------------------------------------------------------------


def upload_problem(filename: str, data: bytes) -> str | None:
    """Why an uploaded file is refused before it is opened (None when it may be read)."""
    name = filename.lower()
    if name.endswith(".xlsm"):
        return "不接受启用宏的工作簿（.xlsm），请另存为 .xlsx 后再上传"
    if not name.endswith(".xlsx"):
        return "只接受 .xlsx 格式的 Excel 文件"
    if len(data) > MAX_UPLOAD_BYTES:
        return "文件超过 10 MB"
    if not data.startswith(XLSX_MAGIC):
        return "文件内容不是 .xlsx 工作簿"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return "文件内容不是 .xlsx 工作簿"
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        return "不接受含宏的工作簿，请另存为不含宏的 .xlsx 后再上传"
    return None


# --- reading ---------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell as text; a code Excel stored as a number (330102001000.0) becomes "330102001000"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def read_sheets(
    data: bytes, names: Collection[str] | None = None
) -> dict[str, list[tuple[Any, ...]]]:
    """The workbook's sheets (those titled as in `names`, or all) as rows of cell values, keyed
    by title; ApplicationError when openpyxl cannot read the file."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return {
                sheet.title.strip(): list(sheet.iter_rows(values_only=True))
                for sheet in workbook.worksheets
                if names is None or sheet.title.strip() in names
            }
        finally:
            workbook.close()  # read-only workbooks keep the file open until closed
    except Exception as exc:  # openpyxl raises many kinds on a damaged file, also while reading
        raise ApplicationError("文件无法读取，不是有效的 .xlsx 工作簿") from exc


def sheet_table(
    sheets: dict[str, list[tuple[Any, ...]]],
    sheet: str,
    required: tuple[str, ...],
    errors: list[RowError],
) -> list[tuple[int, dict[str, str]]] | None:
    """The sheet's non-empty data rows as {header: text}, numbered as Excel shows them; None
    (and an error in `errors`) when the sheet or a `required` column is missing."""
    if sheet not in sheets:
        errors.append(RowError(sheet, 0, "", f"缺少工作表「{sheet}」"))
        return None
    rows = sheets[sheet]
    header = [cell_text(c) for c in rows[0]] if rows else []
    missing = [title for title in required if title not in header]
    if missing:
        errors.append(RowError(sheet, 1, "", f"缺少列：{'、'.join(missing)}"))
        return None
    index = {title: header.index(title) for title in header if title}
    table = []
    for number, cells in enumerate(rows[1:], start=2):
        values = {t: cell_text(cells[i]) if i < len(cells) else "" for t, i in index.items()}
        if any(values.values()):
            table.append((number, values))
    return table


# --- row-local checks ------------------------------------------------------------------------


def _required(
    sheet: str, number: int, values: dict[str, str], titles: tuple[str, ...]
) -> list[RowError]:
    return [RowError(sheet, number, t, "不能为空") for t in titles if not values.get(t)]


def _too_long(sheet: str, number: int, column: str, text: str | None, limit: int) -> list[RowError]:
    if text and len(text) > limit:
        return [RowError(sheet, number, column, f"不能超过 {limit} 个字符", text)]
    return []


def _parse_region(number: int, values: dict[str, str], errors: list[RowError]) -> RegionRow | None:
    found = _required(REGION_SHEET, number, values, REGION_COLUMNS[:3])
    code, level_text = values["区划代码"], values["层级"]
    if code and not _REGION_CODE.match(code):
        found.append(RowError(REGION_SHEET, number, "区划代码", "应为不超过 12 位的数字", code))
    parent = values["上级区划代码"]
    if parent and not _REGION_CODE.match(parent):
        msg = "应为不超过 12 位的数字"
        found.append(RowError(REGION_SHEET, number, "上级区划代码", msg, parent))
    level = LEVELS.get(_norm_label(level_text))
    if level_text and level is None:
        msg = f"无法识别的层级「{level_text}」，应为 省、市、县、乡镇、村 之一"
        found.append(RowError(REGION_SHEET, number, "层级", msg, level_text))
    found += _too_long(REGION_SHEET, number, "区划名称", values["区划名称"], 100)
    errors.extend(found)
    if found or level is None:
        return None
    return RegionRow(number, code, values["区划名称"], level, parent)


def _parse_unit(number: int, values: dict[str, str], errors: list[RowError]) -> UnitRow | None:
    found = _required(UNIT_SHEET, number, values, UNIT_COLUMNS)
    code, kind_text = values["单位编码"], values["单位类型"]
    if code and not _UNIT_CODE.match(code):
        msg = "只能由字母、数字和 - _ . 组成，且不超过 32 个字符"
        found.append(RowError(UNIT_SHEET, number, "单位编码", msg, code))
    kind = KINDS.get(_norm_label(kind_text))
    if kind_text and kind is None:
        names = "、".join(k.label for k in UnitKind)
        msg = f"无法识别的单位类型「{kind_text}」，应为 {names} 之一"
        found.append(RowError(UNIT_SHEET, number, "单位类型", msg, kind_text))
    found += _too_long(UNIT_SHEET, number, "单位名称", values["单位名称"], 100)
    found += _too_long(UNIT_SHEET, number, "简称", values.get("简称"), 50)
    oversees_text = values.get(OVERSEES_COLUMN, "")
    if oversees_text and oversees_text not in _YES_NO:
        msg = f"应填“{YES}”或“{NO}”，或留空（按单位类型默认）"
        found.append(RowError(UNIT_SHEET, number, OVERSEES_COLUMN, msg, oversees_text))
    errors.extend(found)
    if found or kind is None:
        return None
    return UnitRow(
        row=number,
        code=code,
        name=values["单位名称"],
        kind=kind,
        region_code=values["所属区划代码"],
        parent_code=values.get("上级单位编码"),
        short_name=values.get("简称"),
        oversees_region=_YES_NO.get(oversees_text),
    )


def _unique_rows(rows: list[Any], sheet: str, column: str, errors: list[RowError]) -> list[Any]:
    """Rows with a code seen before are errors naming the first row; keeps the first."""
    first: dict[str, int] = {}
    kept = []
    for row in rows:
        if row.code in first:
            msg = f"{column} {row.code} 在本文件中重复（首次出现在第 {first[row.code]} 行）"
            errors.append(RowError(sheet, row.row, column, msg, row.code))
            continue
        first[row.code] = row.row
        kept.append(row)
    return kept


def _find_cycles(starts: list[str], parent_of: dict[str, str]) -> list[list[str]]:
    """The cycles reachable from `starts` in a child → parent map, each found once."""
    done: set[str] = set()
    cycles = []
    for start in starts:
        trail: list[str] = []
        seen: dict[str, int] = {}
        node: str | None = start
        while node and node not in done:
            if node in seen:
                cycles.append(trail[seen[node] :])
                break
            seen[node] = len(trail)
            trail.append(node)
            node = parent_of.get(node)
        done.update(trail)
    return cycles


def _cycle_errors(
    cycles: list[list[str]], rows: dict[str, Any], sheet: str, column: str, what: str
) -> tuple[list[RowError], set[str]]:
    errors, members = [], set()
    for cycle in cycles:
        members.update(cycle)
        in_file = [c for c in cycle if c in rows]
        first = min(in_file, key=lambda c: rows[c].row)
        turn = cycle.index(first)
        ordered = cycle[turn:] + cycle[:turn] + [first]
        msg = f"{what}上下级形成循环：{' → '.join(ordered)}"
        errors.append(RowError(sheet, rows[first].row, column, msg, rows[first].parent_code))
    return errors, members


# --- checks against the file as a whole and the stored tree ------------------------------------


def _parent_from_path(path: str) -> str:
    codes = [c for c in path.strip("/").split("/") if c]
    return codes[-2] if len(codes) > 1 else ""


def _load_regions(codes: set[str]) -> dict[str, dict[str, str]]:
    """Stored regions named by `codes`, with all their ancestors (read from their paths)."""
    fields = ("code", "name", "level", "path")
    found = {r["code"]: r for r in Region.objects.filter(code__in=codes).values(*fields)}
    ancestors = {c for r in found.values() for c in r["path"].strip("/").split("/") if c}
    missing = ancestors - set(found)
    found.update({r["code"]: r for r in Region.objects.filter(code__in=missing).values(*fields)})
    for region in found.values():
        region["parent_code"] = _parent_from_path(region["path"])
    return found


def _chain(code: str, parent_of: dict[str, str]) -> list[str]:
    """`code` and its ancestors up to the root (the map has been checked for cycles)."""
    chain = [code]
    while parent_of.get(chain[-1]):
        chain.append(parent_of[chain[-1]])
    return chain


class _RegionCheck:
    """The 「区划」 rows against each other and the stored tree; computes resulting paths."""

    def __init__(self, rows: list[RegionRow], root_path: str) -> None:
        self.rows = {r.code: r for r in rows}
        self.root_path = root_path
        self.db = _load_regions(set(self.rows) | {r.parent_code for r in rows if r.parent_code})
        self.parent_of = {c: r["parent_code"] for c, r in self.db.items()}
        self.parent_of.update({c: r.parent_code for c, r in self.rows.items()})
        self.level_of = {c: r["level"] for c, r in self.db.items()}
        self.level_of.update({c: r.level for c, r in self.rows.items()})
        self.paths: dict[str, str] = {}
        self.errors: list[RowError] = []

    def error(self, row: RegionRow, column: str, message: str, value: str = "") -> None:
        self.errors.append(RowError(REGION_SHEET, row.row, column, message, value))

    def run(self) -> list[RowError]:
        linked = [r for r in self.rows.values() if self._parent_ok(r)]
        cycles = _find_cycles([r.code for r in linked], self.parent_of)
        errors, in_cycle = _cycle_errors(cycles, self.rows, REGION_SHEET, "上级区划代码", "区划")
        self.errors += errors
        for row in linked:
            if row.code not in in_cycle:
                self._check_levels(row)
        if not self.errors:
            for code in self.rows:
                chain = _chain(code, self.parent_of)
                self.paths[code] = "/" + "/".join(reversed(chain)) + "/"
            self._check_scope()
        return self.errors

    def _parent_ok(self, row: RegionRow) -> bool:
        if not row.parent_code:
            stored_root = row.code in self.db and not self.db[row.code]["parent_code"]
            if row.level != RegionLevel.PROVINCE and not stored_root:
                self.error(row, "上级区划代码", "只有省级区划可以不填上级区划代码")
                return False
            return True
        if row.parent_code not in self.rows and row.parent_code not in self.db:
            msg = f"上级区划代码 {row.parent_code} 在本文件和系统中均不存在"
            self.error(row, "上级区划代码", msg, row.parent_code)
            return False
        return True

    def _check_levels(self, row: RegionRow) -> None:
        if row.parent_code:
            parent_level = self.level_of[row.parent_code]
            problem = services.region_parent_problem(row.level, parent_level, row.parent_code)
            if problem:
                self.error(row, "上级区划代码", problem, row.parent_code)
        stored = self.db.get(row.code)
        if stored and stored["level"] != row.level:
            self._check_stored_children(row)

    def _check_stored_children(self, row: RegionRow) -> None:
        children = Region.objects.filter(parent__code=row.code).values_list("code", "level")
        for child, level in children:
            if child in self.rows:
                continue  # the file says where that child goes; its own row is checked
            if services.region_parent_problem(level, row.level, row.code):
                msg = f"改为{RegionLevel(row.level).label}后，下级区划 {child} 的层级不再相符"
                self.error(row, "层级", msg, row.level)

    def _check_scope(self) -> None:
        if not self.root_path:
            return
        for code, row in self.rows.items():
            stored = self.db.get(code)
            inside = self.paths[code].startswith(self.root_path)
            if not inside or (stored and not stored["path"].startswith(self.root_path)):
                self.error(row, "区划代码", "不在您的管辖范围内", code)

    def outcome(self, row: RegionRow) -> str:
        stored = self.db.get(row.code)
        if stored is None:
            return services.CREATED
        same = (stored["name"], stored["level"], stored["parent_code"]) == (
            row.name,
            row.level,
            row.parent_code,
        )
        return services.UNCHANGED if same else services.UPDATED

    def ordered(self) -> list[RegionRow]:
        """Parents before children, so each parent exists (and has its new path) in time."""
        return sorted(self.rows.values(), key=lambda r: (self.paths[r.code].count("/"), r.row))

    def path_of(self, code: str) -> str:
        return self.paths.get(code) or self.db.get(code, {}).get("path", "")


def _load_units(codes: set[str]) -> dict[str, dict[str, Any]]:
    """Stored units named by `codes` and, following parent links, all their ancestors."""
    fields = (
        "code",
        "name",
        "kind",
        "short_name",
        "oversees_region",
        "region__code",
        "region__path",
        "parent__code",
    )
    found: dict[str, dict[str, Any]] = {}
    pending = set(codes)
    for _ in range(50):  # unit hierarchies are shallow; the bound guards a corrupt cycle
        pending -= set(found)
        if not pending:
            break
        rows = Unit.objects.filter(code__in=pending).values(*fields)
        found.update({r["code"]: r for r in rows})
        pending = {r["parent__code"] for r in rows if r["parent__code"]}
    return found


class _UnitCheck:
    """The 「单位」 rows against each other, the regions of the file and the stored units."""

    def __init__(self, rows: list[UnitRow], regions: _RegionCheck) -> None:
        self.rows = {r.code: r for r in rows}
        self.regions = regions
        parents = {r.parent_code for r in rows if r.parent_code}
        self.db = _load_units(set(self.rows) | parents)
        region_codes = {r.region_code for r in rows} - set(regions.rows)
        self.db_regions = dict(
            Region.objects.filter(code__in=region_codes).values_list("code", "path")
        )
        self.parent_of = {c: u["parent__code"] or "" for c, u in self.db.items()}
        for code, row in self.rows.items():
            if row.parent_code is not None:
                self.parent_of[code] = row.parent_code
        self.errors: list[RowError] = []

    def error(self, row: UnitRow, column: str, message: str, value: str = "") -> None:
        self.errors.append(RowError(UNIT_SHEET, row.row, column, message, value))

    def region_path(self, code: str) -> str:
        return self.regions.path_of(code) or self.db_regions.get(code, "")

    def run(self) -> list[RowError]:
        linked = [r for r in self.rows.values() if self._links_ok(r)]
        cycles = _find_cycles([r.code for r in linked], self.parent_of)
        errors, _ = _cycle_errors(cycles, self.rows, UNIT_SHEET, "上级单位编码", "单位")
        self.errors += errors
        self._check_names()
        if self.regions.root_path and not self.regions.errors:
            self._check_scope()
        return self.errors

    def _links_ok(self, row: UnitRow) -> bool:
        ok = True
        if row.region_code not in self.regions.rows and row.region_code not in self.db_regions:
            msg = f"所属区划代码 {row.region_code} 在本文件和系统中均不存在"
            self.error(row, "所属区划代码", msg, row.region_code)
            ok = False
        parent = row.parent_code
        if parent and parent not in self.rows and parent not in self.db:
            msg = f"上级单位编码 {parent} 在本文件和系统中均不存在"
            self.error(row, "上级单位编码", msg, parent)
            ok = False
        return ok

    def _check_names(self) -> None:
        """A unit name is unique within its region (the model's constraint), in the end state."""
        region_codes = {r.region_code for r in self.rows.values()}
        holder: dict[tuple[str, str], str] = {}
        for code, name, region in Unit.objects.filter(region__code__in=region_codes).values_list(
            "code", "name", "region__code"
        ):
            if code not in self.rows:
                holder[(region, name)] = code
        for row in sorted(self.rows.values(), key=lambda r: r.row):
            key = (row.region_code, row.name)
            other = holder.setdefault(key, row.code)
            if other == row.code:
                continue
            if other in self.rows:
                msg = f"所属区划 {row.region_code} 下单位名称「{row.name}」重复（另见第 {self.rows[other].row} 行）"
            else:
                msg = f"所属区划 {row.region_code} 下已有同名单位「{row.name}」（单位编码 {other}）"
            self.error(row, "单位名称", msg, row.name)

    def _check_scope(self) -> None:
        root = self.regions.root_path
        for code, row in self.rows.items():
            stored = self.db.get(code)
            if not self.region_path(row.region_code).startswith(root):
                self.error(row, "所属区划代码", "不在您的管辖范围内", row.region_code)
            elif stored and not stored["region__path"].startswith(root):
                self.error(row, "单位编码", "不在您的管辖范围内", code)

    def outcome(self, row: UnitRow) -> str:
        stored = self.db.get(row.code)
        if stored is None:
            return services.CREATED
        return services.UPDATED if _unit_changes(row, stored) else services.UNCHANGED

    def ordered(self) -> list[UnitRow]:
        """Parent units before their children."""
        return sorted(
            self.rows.values(), key=lambda r: (len(_chain(r.code, self.parent_of)), r.row)
        )


def _unit_values(row: UnitRow) -> dict[str, Any]:
    values: dict[str, Any] = {"name": row.name, "kind": row.kind, "region_code": row.region_code}
    if row.parent_code is not None:
        values["parent_code"] = row.parent_code
    if row.short_name is not None:
        values["short_name"] = row.short_name
    if row.oversees_region is not None:
        values["oversees_region"] = row.oversees_region
    return values


def _unit_changes(row: UnitRow, stored: dict[str, Any]) -> bool:
    stored_values = {
        "name": stored["name"],
        "kind": stored["kind"],
        "region_code": stored["region__code"],
        "parent_code": stored["parent__code"] or "",
        "short_name": stored["short_name"],
        "oversees_region": stored["oversees_region"],
    }
    return any(stored_values[k] != v for k, v in _unit_values(row).items())


# --- the import ------------------------------------------------------------------------------

IMPORT_MESSAGE = "Excel 导入组织机构"


def _scope_root_path(actor: Any) -> str:
    """'' for the whole tree (command line, system administrator); else the actor's subtree."""
    if actor is None or sees_whole_org(actor):
        return ""
    unit = getattr(actor, "unit", None)
    if unit is None:
        raise ApplicationError("您的账号没有所在单位，不能导入组织机构")
    return unit.region.path


def _validate(data: bytes, actor: Any, result: ImportResult) -> tuple[_RegionCheck, _UnitCheck]:
    sheets = read_sheets(data, (REGION_SHEET, UNIT_SHEET))
    errors = result.errors
    region_table = sheet_table(sheets, REGION_SHEET, REGION_COLUMNS, errors)
    unit_table = sheet_table(sheets, UNIT_SHEET, UNIT_COLUMNS, errors)
    if region_table is None or unit_table is None:
        raise _Stop
    region_rows = [r for n, v in region_table if (r := _parse_region(n, v, errors))]
    unit_rows = [u for n, v in unit_table if (u := _parse_unit(n, v, errors))]
    region_rows = _unique_rows(region_rows, REGION_SHEET, "区划代码", errors)
    unit_rows = _unique_rows(unit_rows, UNIT_SHEET, "单位编码", errors)
    regions = _RegionCheck(region_rows, _scope_root_path(actor))
    errors += regions.run()
    units = _UnitCheck(unit_rows, regions)
    errors += units.run()
    errors.sort(key=lambda e: (e.sheet != REGION_SHEET, e.row))
    return regions, units


class _Stop(Exception):  # noqa: N818  (control flow inside this module, never raised out)
    pass


def org_tree_import(*, data: bytes, actor: Any, dry_run: bool, filename: str = "") -> ImportResult:
    """Validate the workbook; unless `dry_run` or any error, write it all in one transaction.

    With errors nothing is stored and `result.errors` lists them. The counts say what was (or,
    in a dry run, would be) created, updated or left unchanged. A real import writes one audit
    line per created or updated row and one import event with the counts and the file's sha256.
    """
    result = ImportResult(dry_run=dry_run, sha256=hashlib.sha256(data).hexdigest())
    problem = upload_problem(filename or "upload.xlsx", data)
    if problem:
        result.errors.append(RowError("", 0, "", problem))
        return result
    try:
        regions, units = _validate(data, actor, result)
    except _Stop:
        return result
    except ApplicationError as exc:
        result.errors.append(RowError("", 0, "", exc.message))
        return result
    if result.errors or dry_run:
        for row in regions.rows.values():
            result.regions[regions.outcome(row)] += 1
        for unit in units.rows.values():
            result.units[units.outcome(unit)] += 1
        return result
    _write(regions, units, actor, result, filename)
    return result


def _write(
    regions: _RegionCheck, units: _UnitCheck, actor: Any, result: ImportResult, filename: str
) -> None:
    current: RowError | None = None
    try:
        with transaction.atomic():
            for row in regions.ordered():
                current = RowError(REGION_SHEET, row.row, "", "")
                outcome = services.region_upsert(
                    actor=actor,
                    code=row.code,
                    name=row.name,
                    level=row.level,
                    parent_code=row.parent_code,
                    message=IMPORT_MESSAGE,
                )
                result.regions[outcome] += 1
            for unit in units.ordered():
                current = RowError(UNIT_SHEET, unit.row, "", "")
                values = _unit_values(unit)
                outcome = services.unit_upsert(
                    actor=actor, code=unit.code, values=values, message=IMPORT_MESSAGE
                )
                result.units[outcome] += 1
            record_import(
                actor=actor,
                what=IMPORT_MESSAGE,
                filename=filename,
                sha256=result.sha256,
                summary=result.summary(),
            )
    except (IntegrityError, ValidationError, ApplicationError) as exc:
        reason = getattr(exc, "message", None) or "；".join(getattr(exc, "messages", [str(exc)]))
        where = current or RowError("", 0, "", "")
        result.errors.append(
            RowError(where.sheet, where.row, "", f"写入失败，全部未导入：{reason}")
        )
        result.regions, result.units = _counts(), _counts()
        return
    result.written = True


def record_import(
    *,
    actor: Any,
    what: str,
    filename: str,
    sha256: str,
    summary: str,
    obj: Model | None = None,
    changes: Mapping[str, Any] | None = None,
) -> None:
    """The one audit line of a finished import: what, from which file (and its sha256), with
    what result. On `obj` (a data event in its history) when the import fills that record,
    else a security event. Call it last in the import's transaction."""
    name = f"「{filename}」" if filename else ""
    message = f"{what}{name}（sha256 {sha256}）：{summary}"
    if obj is None:
        audit.record_security(event=audit.Event.IMPORT, user=actor, message=message)
    else:
        audit.record_change(
            actor=actor, event=audit.Event.IMPORT, obj=obj, changes=changes, message=message
        )


# --- a file waiting between preview and confirmation ----------------------------------------

_TOKEN = re.compile(r"^[0-9a-f]{64}$")
STAGE_MAX_AGE = dt.timedelta(days=1)


def _stage_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "org_imports"


def stage_upload(data: bytes) -> str:
    """Keep an uploaded file until the user confirms its preview; returns its token (sha256)."""
    folder = _stage_dir()
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = dt.datetime.now(tz=dt.UTC).timestamp() - STAGE_MAX_AGE.total_seconds()
    for old in folder.glob("*.xlsx"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = hashlib.sha256(data).hexdigest()
    (folder / f"{token}.xlsx").write_bytes(data)
    return token


def staged_upload(token: str) -> bytes | None:
    if not _TOKEN.match(token or ""):
        return None
    path = _stage_dir() / f"{token}.xlsx"
    return path.read_bytes() if path.exists() else None


def discard_upload(token: str) -> None:
    if _TOKEN.match(token or ""):
        (_stage_dir() / f"{token}.xlsx").unlink(missing_ok=True)
