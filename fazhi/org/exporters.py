"""The organisation tree as an .xlsx in the import format (sheets 「区划」 and 「单位」).

An export of the tree can be edited and imported again unchanged; the blank template is the
same workbook with one example row per sheet. Codes are written as text cells, so Excel does not
turn 330102001000 into 3.30102E+11.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from fazhi.core import audit
from fazhi.core.xlsx import header_cell, safe_cell
from fazhi.org.importers import (
    NO,
    OVERSEES_COLUMN,
    REGION_COLUMNS,
    REGION_SHEET,
    UNIT_COLUMNS,
    UNIT_OPTIONAL_COLUMNS,
    UNIT_SHEET,
    YES,
)
from fazhi.org.models import Region, RegionLevel, Unit, UnitKind
from fazhi.org.selectors import org_regions, org_units

UNIT_HEADER = (*UNIT_COLUMNS, *UNIT_OPTIONAL_COLUMNS)
TEXT = "@"
_WIDTHS = {REGION_SHEET: (16, 24, 12, 16), UNIT_SHEET: (16, 30, 18, 16, 16, 14, 12)}

EXAMPLE_REGION = ("330000000000", "浙江省", "省", "")
EXAMPLE_UNIT = ("U-330000-GOV", "浙江省人民政府", "人民政府", "330000000000", "", "省政府", YES)


def _sheet(book: Workbook, title: str, header: Iterable[str]) -> WriteOnlyWorksheet:
    sheet = book.create_sheet(title)
    for index, width in enumerate(_WIDTHS.get(title, ()), start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    sheet.append([header_cell(sheet, text) for text in header])
    return sheet


def _row(sheet: WriteOnlyWorksheet, values: Iterable[Any]) -> None:
    cells = []
    for value in values:
        cell = safe_cell(sheet, value)  # user text never becomes a formula
        cell.number_format = TEXT  # codes stay text
        cells.append(cell)
    sheet.append(cells)


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def region_row(region: Region) -> tuple[str, str, str, str]:
    codes = [c for c in region.path.strip("/").split("/") if c]
    parent = codes[-2] if len(codes) > 1 else ""
    return (region.code, region.name, RegionLevel(region.level).label, parent)


def unit_row(unit: Unit) -> tuple[str, ...]:
    return (
        unit.code,
        unit.name,
        UnitKind(unit.kind).label,
        unit.region.code,
        unit.parent.code if unit.parent else "",
        unit.short_name,
        YES if unit.oversees_region else NO,
    )


def org_tree_workbook(regions: Iterable[Region], units: Iterable[Unit]) -> bytes:
    """The workbook for `regions` and `units`, in the order given."""
    book = Workbook(write_only=True)
    region_sheet = _sheet(book, REGION_SHEET, REGION_COLUMNS)
    for region in regions:
        _row(region_sheet, region_row(region))
    unit_sheet = _sheet(book, UNIT_SHEET, UNIT_HEADER)
    for unit in units:
        _row(unit_sheet, unit_row(unit))
    _notes(book)
    return _save(book)


def _notes(book: Workbook) -> None:
    sheet = _sheet(book, "说明", ("项目", "可填写的值"))
    _row(sheet, ("层级", "省、市、县、乡镇、村（或 县(市、区)、乡镇(街道)、村(社区)）"))
    _row(sheet, ("单位类型", "、".join(k.label for k in UnitKind)))
    _row(sheet, ("上级区划", "须为上一级区划；县可直属于省（省直管县）；只有省可不填"))
    _row(
        sheet,
        (
            OVERSEES_COLUMN,
            f"{YES} 或 {NO}：{YES} 表示本单位统筹本区划事务，其法审员可查看本区划及下级区划的"
            "全部记录（人民政府、乡镇政府/街道办、承担合法性审查的县司法局）；"
            "留空时新单位按类型默认（人民政府、乡镇政府/街道办为是，其余为否），已有单位保持不变",
        ),
    )
    _row(sheet, ("导入规则", "按代码新增或更新；任何一行有错则整批不导入"))


def template_workbook() -> bytes:
    """The blank import template: both sheets with their headers and one example row each."""
    book = Workbook(write_only=True)
    _row(_sheet(book, REGION_SHEET, REGION_COLUMNS), EXAMPLE_REGION)
    _row(_sheet(book, UNIT_SHEET, UNIT_HEADER), EXAMPLE_UNIT)
    _notes(book)
    return _save(book)


def org_tree_export(*, actor: Any) -> bytes:
    """The part of the tree `actor` may see (all of it from the command line), audited."""
    regions: QuerySet[Region]
    units: QuerySet[Unit]
    if actor is None:
        regions, units = Region.objects.all(), Unit.objects.all()
    else:
        regions, units = org_regions(actor), org_units(actor)
    regions = regions.order_by("path")
    units = units.select_related("region", "parent").order_by("region__path", "sort_order", "code")
    content = org_tree_workbook(regions.iterator(), units.iterator())
    audit.record_security(
        event=audit.Event.EXPORT,
        user=actor,
        message=f"导出组织机构：区划 {regions.count()} 条、单位 {units.count()} 条",
    )
    return content
