"""The Excel import of the organisation tree: all or nothing, exact Chinese errors, idempotent."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from fazhi.core.models import AuditEvent
from fazhi.org.exporters import org_tree_export, template_workbook
from fazhi.org.importers import RowError, cell_text, org_tree_import, upload_problem
from fazhi.org.models import Region, Unit

pytestmark = pytest.mark.django_db

REGION_HEADER = ("区划代码", "区划名称", "层级", "上级区划代码")
UNIT_HEADER = ("单位编码", "单位名称", "单位类型", "所属区划代码", "上级单位编码", "简称")
# A new township with a village under 示例县; the codes typed as numbers, as Excel stores them.
REGIONS = [
    (990121102000, "红岩镇", "乡镇", 990121000000),
    (990121102201.0, "红岩村", "村(社区)", "990121102000"),
]
UNITS = [
    ("U-HY", "红岩镇人民政府", "乡镇政府/街道办", 990121102000, "", ""),
    ("U-HY-SFS", "红岩司法所", "司法所", "990121102000", "U-SFJ", "红岩所"),
    ("U-GAJ", "示例县公安局", "行政机关(部门)", "990121000000", "", "县公安局"),
]


def workbook(
    regions=REGIONS,
    units=UNITS,
    region_header=REGION_HEADER,
    unit_header=UNIT_HEADER,
    sheets=("区划", "单位"),
) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, header, rows in (("区划", region_header, regions), ("单位", unit_header, units)):
        if title not in sheets:
            continue
        sheet = book.create_sheet(title)
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(data: bytes, actor=None, dry_run=False):
    return org_tree_import(data=data, actor=actor, dry_run=dry_run, filename="组织机构.xlsx")


def counts():
    return Region.objects.count(), Unit.objects.count()


def messages(result) -> list[str]:
    return [str(e) for e in result.errors]


def test_a_good_file_creates_and_updates_by_code_with_one_audit_line_per_row(tree):
    result = run(workbook())

    assert result.ok, messages(result)
    assert result.regions == {"created": 2, "updated": 0, "unchanged": 0}
    assert result.units == {"created": 2, "updated": 1, "unchanged": 0}
    village = Region.objects.get(code="990121102201")
    assert village.path == "/990000000000/990100000000/990121000000/990121102000/990121102201/"
    office = Unit.objects.get(code="U-HY-SFS")
    assert (office.parent.code, office.short_name, office.kind) == (
        "U-SFJ",
        "红岩所",
        "judicial_office",
    )
    police = Unit.objects.get(code="U-GAJ")
    assert (police.short_name, police.version) == ("县公安局", 2)
    data_events = AuditEvent.objects.filter(category="data", message="Excel 导入组织机构")
    assert sorted(data_events.values_list("object_type", "event")) == [
        ("org.region", "create"),
        ("org.region", "create"),
        ("org.unit", "create"),
        ("org.unit", "create"),
        ("org.unit", "update"),
    ]
    event = AuditEvent.objects.get(event="import")
    assert result.sha256 in event.message
    assert "区划：新增 2、更新 0、未变 0；单位：新增 2、更新 1、未变 0" in event.message


def test_importing_the_same_file_twice_changes_nothing_the_second_time(tree):
    data = workbook()
    run(data)
    before_regions = list(Region.objects.values_list("code", "name", "path", "updated_at"))
    before_units = list(Unit.objects.values_list("code", "name", "version", "updated_at"))
    changes_before = AuditEvent.objects.filter(category="data").count()

    result = run(data)

    assert result.ok
    assert result.regions == {"created": 0, "updated": 0, "unchanged": 2}
    assert result.units == {"created": 0, "updated": 0, "unchanged": 3}
    assert list(Region.objects.values_list("code", "name", "path", "updated_at")) == before_regions
    assert list(Unit.objects.values_list("code", "name", "version", "updated_at")) == before_units
    assert AuditEvent.objects.filter(category="data").count() == changes_before


def test_a_dry_run_counts_but_writes_nothing(tree):
    before = counts()

    result = run(workbook(), dry_run=True)

    assert result.ok
    assert result.regions["created"] == 2
    assert result.units == {"created": 2, "updated": 1, "unchanged": 0}
    assert counts() == before
    assert not AuditEvent.objects.filter(event="import").exists()


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (330102001000, "330102001000"),
        (330102001000.0, "330102001000"),
        (" U-1 ", "U-1"),
        (None, ""),
    ],
)
def test_codes_excel_stored_as_numbers_become_the_right_text(value, text):
    assert cell_text(value) == text


def test_a_missing_column_names_the_sheet_and_the_columns(tree):
    before = counts()
    header = ("区划代码", "区划名称", "上级区划代码")
    rows = [(r[0], r[1], r[3]) for r in REGIONS]

    result = run(workbook(regions=rows, region_header=header))

    assert messages(result) == ["工作表「区划」第 1 行：缺少列：层级"]
    assert counts() == before


def test_a_missing_sheet_is_named(tree):
    result = run(workbook(sheets=("区划",)))

    assert messages(result) == ["缺少工作表「单位」"]


def test_a_duplicate_unit_code_names_both_rows_and_nothing_is_stored(tree):
    before = counts()
    units = [*UNITS, ("U-HY", "红岩镇政府", "乡镇政府/街道办", "990121102000", "", "")]

    result = run(workbook(units=units))

    assert messages(result) == [
        "工作表「单位」第 5 行「单位编码」列：单位编码 U-HY 在本文件中重复（首次出现在第 2 行）"
    ]
    assert result.errors[0] == RowError(
        "单位", 5, "单位编码", "单位编码 U-HY 在本文件中重复（首次出现在第 2 行）", "U-HY"
    )
    assert counts() == before
    assert Unit.objects.get(code="U-GAJ").short_name == ""  # the good rows were not written either


def test_a_cycle_in_the_region_tree_is_named_by_its_codes(tree):
    before = counts()
    regions = [
        ("990121103000", "甲镇", "乡镇", "990121104000"),
        ("990121104000", "乙镇", "乡镇", "990121103000"),
    ]

    result = run(workbook(regions=regions, units=[]))

    assert messages(result) == [
        "工作表「区划」第 2 行「上级区划代码」列："
        "区划上下级形成循环：990121103000 → 990121104000 → 990121103000"
    ]
    assert counts() == before


def test_a_cycle_through_stored_regions_is_found(tree):
    # 示例县 placed under its own township 青石镇.
    regions = [("990121000000", "示例县", "县", "990121100000")]

    result = run(workbook(regions=regions, units=[]))

    assert messages(result) == [
        "工作表「区划」第 2 行「上级区划代码」列："
        "区划上下级形成循环：990121000000 → 990121100000 → 990121000000"
    ]
    assert Region.objects.get(code="990121000000").parent.code == "990100000000"


def test_an_unknown_parent_code_is_named(tree):
    before = counts()
    regions = [("990121105000", "丙镇", "乡镇", "990199999999")]

    result = run(workbook(regions=regions, units=[]))

    assert messages(result) == [
        "工作表「区划」第 2 行「上级区划代码」列：上级区划代码 990199999999 在本文件和系统中均不存在"
    ]
    assert counts() == before


def test_an_unknown_level_is_refused(tree):
    regions = [("990121105000", "丙镇", "街道办", "990121000000")]

    result = run(workbook(regions=regions, units=[]))

    assert messages(result) == [
        "工作表「区划」第 2 行「层级」列：无法识别的层级「街道办」，应为 省、市、县、乡镇、村 之一"
    ]


def test_a_parent_that_is_not_one_level_up_is_refused(tree):
    before = counts()
    regions = [("990121000301", "丁村", "村", "990121000000")]

    result = run(workbook(regions=regions, units=[]))

    assert messages(result) == [
        "工作表「区划」第 2 行「上级区划代码」列："
        "上级区划 990121000000 为县(市、区)，村(社区)的上级应为乡镇(街道)"
    ]
    assert counts() == before


def test_a_county_directly_under_its_province_is_allowed(tree):
    regions = [("990190000000", "省直管示例市", "县(市、区)", "990000000000")]

    result = run(workbook(regions=regions, units=[]))

    assert result.ok, messages(result)
    assert Region.objects.get(code="990190000000").path == "/990000000000/990190000000/"


def test_only_a_province_may_have_no_parent(tree):
    result = run(workbook(regions=[("990121106000", "戊镇", "乡镇", "")], units=[]))

    assert messages(result) == [
        "工作表「区划」第 2 行「上级区划代码」列：只有省级区划可以不填上级区划代码"
    ]


def test_empty_cells_unknown_kinds_and_missing_regions_are_reported_per_cell(tree):
    before = counts()
    units = [
        ("U-X1", "", "司法所", "990121000000", "", ""),
        ("U-X2", "某单位", "协会", "990121000000", "", ""),
        ("U-X3", "某办", "司法所", "990121999000", "", ""),
        ("U-X4", "某所", "司法所", "990121000000", "U-NONE", ""),
    ]

    result = run(workbook(regions=[], units=units))

    assert messages(result)[0] == "工作表「单位」第 2 行「单位名称」列：不能为空"
    assert messages(result)[1].startswith(
        "工作表「单位」第 3 行「单位类型」列：无法识别的单位类型「协会」"
    )
    assert messages(result)[2:] == [
        "工作表「单位」第 4 行「所属区划代码」列：所属区划代码 990121999000 在本文件和系统中均不存在",
        "工作表「单位」第 5 行「上级单位编码」列：上级单位编码 U-NONE 在本文件和系统中均不存在",
    ]
    assert counts() == before


def test_a_unit_name_already_used_in_its_region_is_refused(tree):
    units = [("U-GAJ2", "示例县公安局", "行政机关（部门）", "990121000000", "", "")]

    result = run(workbook(regions=[], units=units))

    assert messages(result) == [
        "工作表「单位」第 2 行「单位名称」列："
        "所属区划 990121000000 下已有同名单位「示例县公安局」（单位编码 U-GAJ）"
    ]


def test_a_unit_cycle_is_named(tree):
    units = [
        ("U-GOV", "示例县人民政府", "人民政府", "990121000000", "U-SFJ", ""),
        ("U-SFJ", "示例县司法局", "行政机关（部门）", "990121000000", "U-GOV", ""),
    ]

    result = run(workbook(regions=[], units=units))

    assert messages(result) == [
        "工作表「单位」第 2 行「上级单位编码」列：单位上下级形成循环：U-GOV → U-SFJ → U-GOV"
    ]


def test_moving_a_township_rewrites_the_paths_of_its_villages(tree):
    regions = [("990121100000", "青石镇", "乡镇", "990122000000")]

    result = run(workbook(regions=regions, units=[]))

    assert result.ok, messages(result)
    assert result.regions["updated"] == 1
    village = Region.objects.get(code="990121100201")
    assert village.path == "/990000000000/990100000000/990122000000/990121100000/990121100201/"
    update = AuditEvent.objects.get(object_type="org.region", event="update")
    assert update.changes["parent_id"][1] == tree["regions"]["peer"].pk
    assert "下级区划路径随之更新 1 条" in update.message


def test_a_county_administrator_may_import_only_inside_its_county(tree, outsider):
    before = counts()

    result = run(workbook(), actor=outsider)

    assert "工作表「区划」第 2 行「区划代码」列：不在您的管辖范围内" in messages(result)
    assert counts() == before


def test_a_county_administrator_imports_its_own_county(tree, county_admin):
    result = run(workbook(), actor=county_admin)

    assert result.ok, messages(result)
    assert Unit.objects.filter(code="U-HY").exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.xlsm", b"PK\x03\x04", "不接受启用宏的工作簿（.xlsm），请另存为 .xlsx 后再上传"),
        ("a.xls", b"\xd0\xcf\x11\xe0", "只接受 .xlsx 格式的 Excel 文件"),
        ("a.csv", b"a,b", "只接受 .xlsx 格式的 Excel 文件"),
        ("a.xlsx", b"<html>", "文件内容不是 .xlsx 工作簿"),
        ("a.xlsx", b"PK\x03\x04" + b"0" * (10 * 1024 * 1024), "文件超过 10 MB"),
    ],
)
def test_uploads_that_are_not_plain_xlsx_are_refused(name, data, message):
    assert upload_problem(name, data) == message


def test_a_renamed_workbook_with_macros_is_refused():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/vbaProject.bin", b"macro")
    assert (
        upload_problem("a.xlsx", buffer.getvalue())
        == "不接受含宏的工作簿，请另存为不含宏的 .xlsx 后再上传"
    )


def test_an_export_imports_again_unchanged(tree):
    run(workbook())
    exported = org_tree_export(actor=None)

    result = run(exported)

    assert result.ok, messages(result)
    assert result.regions == {"created": 0, "updated": 0, "unchanged": Region.objects.count()}
    assert result.units == {"created": 0, "updated": 0, "unchanged": Unit.objects.count()}
    assert AuditEvent.objects.filter(event="export").count() == 1


def test_the_template_has_both_sheets_with_headers_and_an_example_row():
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()), read_only=True)
    try:
        regions = list(book["区划"].iter_rows(values_only=True))
        units = list(book["单位"].iter_rows(values_only=True))
    finally:
        book.close()
    assert regions[0] == REGION_HEADER and len(regions) == 2
    assert units[0] == (*UNIT_HEADER, "统筹本区划") and len(units) == 2
    assert units[1][-1] == "是"  # the example is a 人民政府
    assert regions[1][0] == "330000000000"  # a code stays text


def test_the_command_imports_and_reports_errors(tree, tmp_path):
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook())
    out = io.StringIO()
    call_command("import_org", str(good), "--dry-run", stdout=out)
    assert "检查通过（未写入）。区划：新增 2" in out.getvalue()
    assert not Unit.objects.filter(code="U-HY").exists()

    call_command("import_org", str(good), stdout=out)
    assert Unit.objects.filter(code="U-HY").exists()

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook(sheets=("区划",)))
    err = io.StringIO()
    with pytest.raises(CommandError, match="共 1 处错误"):
        call_command("import_org", str(bad), stderr=err)
    assert "缺少工作表「单位」" in err.getvalue()


def test_the_export_command_writes_the_tree(tree, tmp_path):
    target = tmp_path / "org.xlsx"
    call_command("export_org", str(target), stdout=io.StringIO())
    book = openpyxl.load_workbook(target, read_only=True)
    try:
        codes = [row[0] for row in book["区划"].iter_rows(min_row=2, values_only=True)]
    finally:
        book.close()
    assert codes[:3] == ["990000000000", "990100000000", "990121000000"]


# --- 统筹本区划 (whether a unit's reviewers see its region) ------------------------------------

OVERSEES_HEADER = (*UNIT_HEADER, "统筹本区划")


def test_without_the_oversight_column_new_units_take_the_default_of_their_kind(tree):
    result = run(workbook())

    assert result.ok, messages(result)
    assert Unit.objects.get(code="U-HY").oversees_region  # 乡镇政府/街道办
    assert not Unit.objects.get(code="U-HY-SFS").oversees_region  # 司法所
    assert not Unit.objects.get(code="U-GAJ").oversees_region


def test_the_oversight_column_sets_and_clears_it_and_an_empty_cell_keeps_the_stored_value(tree):
    units = [
        ("U-HY", "红岩镇人民政府", "乡镇政府/街道办", "990121102000", "", "", "否"),
        ("U-GAJ", "示例县公安局", "行政机关(部门)", "990121000000", "", "", "是"),
        ("U-SFJ", "示例县司法局", "行政机关(部门)", "990121000000", "", "", ""),
    ]

    result = run(workbook(units=units, unit_header=OVERSEES_HEADER))

    assert result.ok, messages(result)
    assert not Unit.objects.get(code="U-HY").oversees_region
    assert Unit.objects.get(code="U-GAJ").oversees_region
    assert Unit.objects.get(code="U-SFJ").oversees_region  # stored True, cell empty
    assert result.units == {"created": 1, "updated": 1, "unchanged": 1}


def test_an_oversight_value_other_than_yes_or_no_is_refused_and_nothing_is_stored(tree):
    units = [("U-GAJ", "示例县公安局", "行政机关(部门)", "990121000000", "", "", "可以")]
    before = counts()

    result = run(workbook(units=units, unit_header=OVERSEES_HEADER))

    assert messages(result) == [
        "工作表「单位」第 2 行「统筹本区划」列：应填“是”或“否”，或留空（按单位类型默认）"
    ]
    assert counts() == before
    assert not Unit.objects.get(code="U-GAJ").oversees_region


def test_the_export_writes_the_oversight_column(tree):
    book = openpyxl.load_workbook(io.BytesIO(org_tree_export(actor=None)), read_only=True)
    try:
        rows = list(book["单位"].iter_rows(values_only=True))
    finally:
        book.close()
    column = rows[0].index("统筹本区划")
    by_code = {row[0]: row[column] for row in rows[1:]}
    assert (by_code["U-SFJ"], by_code["U-GAJ"], by_code["U-QS"]) == ("是", "否", "是")
