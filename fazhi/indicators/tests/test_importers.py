"""Excel import and export of indicator systems: all or nothing, errors by sheet, row, column."""

from __future__ import annotations

import io

import openpyxl
import pytest

from fazhi.indicators import exporters, importers
from fazhi.indicators.models import IndicatorSystem, ScoringRule, SystemItem, SystemStatus
from fazhi.indicators.systems import tree_rows

INFO = [
    ("名称", "乡镇考核"), ("版本", "2025年版"), ("适用年度", 2025), ("考核对象层级", "乡镇"),
    ("总分", 100),
]  # fmt: skip
ITEMS = [
    ("一", "依法化解", "", 60, "", "", "", ""),
    ("1.1", "败诉率", "一", 30, "testapp.loss_rate", "线性", '{"zero_at": 20}', "说明"),
    ("1.2", "败诉率分档", "一", 30, "testapp.loss_rate", "分档", '{"steps": [[0, 5]]}', ""),
    ("二", "加分", "", 5, "testapp.loss_rate", "加扣分", "", ""),
    ("三", "其他", "", 40, "", "", "", ""),
]


def workbook(info=INFO, items=ITEMS, *, info_sheet="体系信息", item_sheet="指标项") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = info_sheet
    sheet.append(("项目", "内容"))
    for row in info:
        sheet.append(row)
    items_sheet = book.create_sheet(item_sheet)
    items_sheet.append(importers.ITEM_COLUMNS)
    for row in items:
        items_sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def errors(result) -> list[str]:
    return [str(e) for e in result.errors]


def test_a_sound_workbook_creates_a_draft_system_with_its_tree(county_admin, tree):
    result = importers.import_system(
        data=workbook(), actor=county_admin, region=tree["regions"]["county"], filename="a.xlsx"
    )

    assert result.ok, errors(result)
    system = result.system
    assert (system.name, system.edition, system.level, system.status) == (
        "乡镇考核", "2025年版", "township", SystemStatus.DRAFT,
    )  # fmt: skip
    rows = [(r.item.number, r.depth, r.is_leaf) for r in tree_rows(system)]
    assert rows == [
        ("一", 1, False), ("1.1", 2, True), ("1.2", 2, True), ("二", 1, True), ("三", 1, True),
    ]  # fmt: skip
    linear = SystemItem.objects.get(system=system, number="1.1")
    assert (linear.rule, linear.rule_params) == (ScoringRule.LINEAR, {"zero_at": 20})


def test_an_export_imports_back_unchanged(county_admin, towns, scheme, tree):
    exported = exporters.export_system(scheme)
    before = [(r.item.number, r.item.weight, r.item.rule, r.item.rule_params) for r in
              tree_rows(scheme)]  # fmt: skip

    result = importers.import_system(
        data=exported, actor=county_admin, region=tree["regions"]["county"]
    )

    assert result.ok, errors(result)
    assert result.system.pk == scheme.pk  # the draft of the same name and 版本, replaced
    after = [(r.item.number, r.item.weight, r.item.rule, r.item.rule_params) for r in
             tree_rows(result.system)]  # fmt: skip
    assert after == before


def test_a_weight_tree_that_does_not_sum_is_refused_naming_row_and_column(county_admin, tree):
    items = [*ITEMS[:2], ("1.2", "败诉率分档", "一", 25, "testapp.loss_rate", "达标", "", ""),
             *ITEMS[3:]]  # fmt: skip

    result = importers.import_system(
        data=workbook(items=items), actor=county_admin, region=tree["regions"]["county"]
    )

    assert errors(result) == [
        "工作表「指标项」第 2 行「分值」列：「一 依法化解」的下级指标分值合计 55.00 分，"
        "与其分值 60.00 分不符（加扣分项不计入合计）"
    ]
    assert not IndicatorSystem.objects.exists()


@pytest.mark.parametrize(
    ("info", "items", "message"),
    [
        (INFO, [("一", "x", "", "六十", "", "", "", "")], "第 2 行「分值」列：应为数字"),
        (INFO, [("一", "x", "", 100, "", "随便", "", "")], "第 2 行「评分规则」列：应为 达标"),
        (
            INFO,
            [("一", "x", "", 100, "testapp.loss_rate", "线性", "{zero_at: 1}", "")],
            "第 2 行「评分参数」列：应为 JSON 对象",
        ),
        (
            INFO,
            [("一", "x", "", 100, "testapp.loss_rate", "线性", "", "")],
            "「一 x」：线性扣分须设置 zero_at",
        ),
        (INFO, [("一", "x", "", 100, "nothing.here", "", "", "")], "指标编码“nothing.here”不存在"),
        (
            INFO,
            [("一", "x", "九", 100, "", "", "", "")],
            "「上级序号」列：「一 x」的上级指标不存在",
        ),
        (INFO, [("一", "", "", 100, "", "", "", "")], "第 2 行「名称」列：不能为空"),
        (INFO[:3], ITEMS, "工作表「体系信息」「内容」列：请填写考核对象层级"),
        (
            [*INFO[:3], ("考核对象层级", "村"), INFO[4]],
            ITEMS,
            "第 5 行「内容」列：考核对象层级应为",
        ),
    ],
)
def test_bad_rows_are_refused_by_sheet_row_and_column(county_admin, tree, info, items, message):
    result = importers.import_system(
        data=workbook(info, items), actor=county_admin, region=tree["regions"]["county"]
    )

    assert any(message in text for text in errors(result)), errors(result)
    assert not IndicatorSystem.objects.exists()


def test_a_missing_sheet_or_a_file_that_is_not_xlsx_is_refused(county_admin, tree):
    county = tree["regions"]["county"]
    missing = importers.import_system(
        data=workbook(item_sheet="Sheet2"), actor=county_admin, region=county
    )
    fake = importers.import_system(
        data=b"not a workbook", actor=county_admin, region=county, filename="a.xlsx"
    )

    assert "缺少工作表「指标项」" in errors(missing)
    assert errors(fake) == ["文件内容不是 .xlsx 工作簿"]
    assert not IndicatorSystem.objects.exists()


def test_an_active_system_is_never_overwritten(county_admin, towns, scheme, tree):
    IndicatorSystem.objects.filter(pk=scheme.pk).update(status=SystemStatus.ACTIVE)
    before = list(SystemItem.objects.filter(system=scheme).values())

    result = importers.import_system(
        data=exporters.export_system(scheme), actor=county_admin, region=tree["regions"]["county"]
    )

    assert any("已在用，不能覆盖" in text for text in errors(result))
    assert list(SystemItem.objects.filter(system=scheme).values()) == before


def test_the_template_lists_rules_and_indicators(db):
    book = openpyxl.load_workbook(io.BytesIO(exporters.template_workbook()))

    assert book.sheetnames == ["体系信息", "指标项", "填写说明"]
    guide = [row[0] for row in book["填写说明"].iter_rows(values_only=True)]
    assert "按颜色得分（绿满分、黄半分、红零分）" in guide
    assert "testapp.loss_rate" in guide
