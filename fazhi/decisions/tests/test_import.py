"""The catalog's Excel import (all or nothing, errors by sheet, row and column) and export."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from fazhi.decisions import exporters, importers
from fazhi.decisions.models import Decision
from fazhi.decisions.services import catalog as catalogs
from fazhi.decisions.tests import factories as f
from fazhi.decisions.tests.factories import D

pytestmark = pytest.mark.django_db
HEADER = [
    "序号",
    "事项名称",
    "决策主体",
    "承办单位",
    "法律政策依据",
    "公众参与",
    "听证",
    "专家论证",
    "风险评估",
    "集体讨论决定时间",
    "合法性审查完成时间",
]


def workbook(
    rows: list[list[Any]], header: list[str] = HEADER, title: str = "决策事项目录"
) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = [
    [
        1,
        "城区停车收费标准调整",
        "示例县人民政府",
        "公安局",
        "《价格法》",
        "是",
        "是",
        "否",
        "是",
        "2026-06",
        "2026年5月",
    ],
    [2, "青石镇集镇改造规划", "", "青石镇人民政府", "", "是", "否", "是", "否", "9月", ""],
]


@pytest.fixture
def draft(tree, clock, county_admin):
    return catalogs.open_catalog(region=tree["regions"]["county"], year=2026, actor=county_admin)


def _import(draft, actor, data, dry_run=False):
    return importers.import_catalog(
        catalog=draft, actor=actor, data=data, dry_run=dry_run, filename="目录.xlsx"
    )


def test_a_good_file_imports_and_importing_it_again_changes_nothing(draft, county_admin, tree):
    preview = _import(draft, county_admin, workbook(GOOD), dry_run=True)
    assert (preview.ok, preview.created, Decision.objects.count()) == (True, 2, 0)
    result = _import(draft, county_admin, workbook(GOOD))
    assert result.summary() == "新增 2 项、更新 0 项、未变 0 项"
    first = Decision.objects.get(seq=1)
    assert (first.host_unit, first.decision_unit) == (
        tree["units"]["police"],
        tree["units"]["government"],
    )
    assert (first.needs_hearing, first.needs_expert, first.plan_meeting) == (
        True,
        False,
        D(2026, 6, 30),
    )
    again = _import(draft, county_admin, workbook(GOOD))
    assert again.summary() == "新增 0 项、更新 0 项、未变 2 项"


def test_every_bad_cell_is_named_and_nothing_is_stored(draft, county_admin):
    rows = [
        [1, "无承办单位的事项", "", "", "", "是", "否", "否", "否", "", ""],
        [2, "单位不存在", "", "水务局", "", "是", "否", "否", "否", "", ""],
        [3, "是否写错", "", "公安局", "", "也许", "否", "否", "否", "", ""],
        [4, "时间倒置", "", "公安局", "", "是", "否", "否", "否", "2026-04", "2026-06"],
        [4, "序号重复", "", "公安局", "", "是", "否", "否", "否", "", ""],
        [5, "听证不要公参", "", "公安局", "", "否", "是", "否", "否", "", ""],
        ["x", "月份不对", "", "公安局", "", "是", "否", "否", "否", "13月", ""],
    ]
    result = _import(draft, county_admin, workbook(GOOD + rows))
    found = {(e.row, e.column): e.message for e in result.errors}
    assert found[(4, "承办单位")] == "不能为空"
    assert found[(5, "承办单位")] == "在示例县找不到单位「水务局」"
    assert found[(6, "公众参与")] == "应填“是”或“否”，不能识别「也许」"
    assert found[(7, "集体讨论决定时间")].startswith("不能早于「合法性审查完成时间」")
    assert found[(8, "序号")] == "序号 4 在本文件中重复（首次出现在第 7 行）"
    assert "须同时要求公众参与" in found[(9, "听证")]
    assert (10, "序号") in found and found[
        (10, "集体讨论决定时间")
    ] == "月份「13月」不在 1 至 12 月之间"
    assert str(result.errors[0]).startswith("工作表「决策事项目录」第 4 行「承办单位」列")
    assert not Decision.objects.exists()


def test_a_file_without_the_required_columns_or_sheet_is_refused(draft, county_admin):
    missing = _import(draft, county_admin, workbook([[1, "x"]], header=["序号", "事项名称"]))
    assert str(missing.errors[0]) == "工作表「决策事项目录」第 1 行：缺少列：承办单位"
    book = openpyxl.Workbook()
    book.create_sheet("其他")
    buffer = io.BytesIO()
    book.save(buffer)
    assert (
        str(_import(draft, county_admin, buffer.getvalue()).errors[0])
        == "缺少工作表「决策事项目录」"
    )
    assert "只接受 .xlsx" in str(
        importers.import_catalog(
            catalog=draft, actor=county_admin, data=b"x", dry_run=True, filename="a.csv"
        ).errors[0]
    )


def test_only_a_catalog_being_compiled_takes_an_import_and_only_from_its_managers(
    tree, clock, county_admin, police_clerk
):
    catalog, _lines = f.published_catalog(tree, county_admin, [f.line(tree)])
    refused = _import(catalog, county_admin, workbook(GOOD))
    assert str(refused.errors[0]) == "2026年度目录已“已公布”，不能再导入，请通过目录调整变更"
    assert "只能由示例县" in str(_import(catalog, police_clerk, workbook(GOOD)).errors[0])


def test_the_export_imports_back(draft, county_admin, tree, clock):
    _import(draft, county_admin, workbook(GOOD))
    content = exporters.catalog_workbook(
        catalog=draft, decisions=draft.decisions.all(), actor=county_admin
    )
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("序号", "事项名称", "决策类别", "决策主体")
    assert rows[1][1] == "城区停车收费标准调整"
    other = catalogs.open_catalog(region=tree["regions"]["county"], year=2027, actor=county_admin)
    assert _import(other, county_admin, content).summary() == "新增 2 项、更新 0 项、未变 0 项"


def test_an_exported_cell_is_never_a_formula(draft, county_admin, tree):
    data = f.line(tree, title='=HYPERLINK("http://x")')
    catalogs.add_item(catalog=draft, actor=county_admin, data=data)
    content = exporters.catalog_workbook(
        catalog=draft, decisions=draft.decisions.all(), actor=county_admin
    )
    cell = openpyxl.load_workbook(io.BytesIO(content)).active.cell(row=2, column=2)
    assert cell.data_type == "s"


def test_the_import_pages_preview_then_confirm(client, draft, county_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(county_admin)
    url = reverse("decisions:import", kwargs={"year": 2026})
    upload = SimpleUploadedFile("目录.xlsx", workbook(GOOD))
    response = client.post(url, {"file": upload})
    assert response.status_code == 200 and not Decision.objects.exists()
    token = response.context["token"]
    confirm = reverse("decisions:import-confirm", kwargs={"year": 2026})
    response = client.post(confirm, {"token": token})
    assert response.status_code == 302 and Decision.objects.count() == 2
