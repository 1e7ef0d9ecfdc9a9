"""`fazhi corpus extract|ingest|compare`."""

from __future__ import annotations

import io
import json

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from fazhi.corpus.models import Report
from fazhi.corpus.schema import EXTRACT_SCHEMA
from fazhi.corpus.tests.fixtures import GBK_REPORT, QINGHE_HTML, YUNXI, docx_bytes, pdf_bytes


def _run(*args):
    out = io.StringIO()
    call_command("corpus", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("云溪县.txt", YUNXI.encode()),
        ("青禾市.html", QINGHE_HTML.encode()),
        ("柳林县.txt", GBK_REPORT.encode("gbk")),
        ("云溪县.docx", docx_bytes(YUNXI)),
        (
            "石桥县.pdf",
            pdf_bytes(
                [
                    "石桥县2022年度法治政府建设情况报告",
                    "一、主要举措和成效",
                    "全年新收行政复议案件128件。",
                ]
            ),
        ),
    ],
)
def test_extract_prints_one_json_object_that_validates_against_the_schema(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)

    result = json.loads(_run("extract", str(path), "--format", "json"))

    jsonschema.validate(result, EXTRACT_SCHEMA)
    assert result["facts"]
    assert all(s["statutory_part"] is None for s in result["sections"] if s["level"] > 1)


def test_extract_json_carries_the_reports_metadata_and_exact_spans(tmp_path):
    path = tmp_path / "云溪县.txt"
    path.write_text(YUNXI, encoding="utf-8")

    result = json.loads(_run("extract", str(path), "--format", "json"))

    assert (result["reporter"], result["region"], result["level"], result["year"]) == (
        "云溪县人民政府",
        "云溪县",
        "县",
        2023,
    )
    assert result["published"] == "2024-02-06"
    fact = next(f for f in result["facts"] if f["indicator"] == "行政复议收案数")
    assert (
        fact["value"],
        fact["unit"],
        fact["normalized_value"],
        fact["approx"],
        fact["target"],
    ) == (156, "件", 156, False, False)
    assert YUNXI[fact["start"] : fact["end"]] == fact["text"]


def test_extract_writes_nothing(tmp_path, db):
    path = tmp_path / "云溪县.txt"
    path.write_text(YUNXI, encoding="utf-8")

    _run("extract", str(path))

    assert Report.objects.count() == 0


def test_extract_refuses_a_missing_file_and_a_binary_one_in_chinese(tmp_path):
    with pytest.raises(CommandError, match="文件不存在"):
        _run("extract", str(tmp_path / "none.txt"))
    binary = tmp_path / "x.bin"
    binary.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(CommandError, match="不是可识别的文档"):
        _run("extract", str(binary))


def test_a_missing_subcommand_is_explained(db):
    with pytest.raises(CommandError, match="请指定子命令"):
        _run()


@pytest.mark.django_db
def test_ingest_stores_a_folder_and_a_second_run_finds_them_stored(tmp_path, county_admin):
    (tmp_path / "a.txt").write_text(YUNXI, encoding="utf-8")
    (tmp_path / "b.html").write_text(QINGHE_HTML, encoding="utf-8")

    first = _run("ingest", str(tmp_path), "--user", "county_admin")
    second = _run("ingest", str(tmp_path / "a.txt"))

    assert "新增 2 份，已在库中 0 份，失败 0 份" in first
    assert "新增 0 份，已在库中 1 份，失败 0 份" in second
    assert Report.objects.count() == 2


@pytest.mark.django_db
def test_ingest_reports_a_file_with_only_a_title_and_goes_on_with_the_others(tmp_path):
    (tmp_path / "a.txt").write_text("桐溪县2023年度法治政府建设情况报告", encoding="utf-8")
    (tmp_path / "b.txt").write_text(YUNXI, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()

    call_command("corpus", "ingest", str(tmp_path), stdout=out, stderr=err)

    assert "新增 1 份，已在库中 0 份，失败 1 份" in out.getvalue()
    assert "a.txt 没有正文" in err.getvalue()
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_ingest_with_only_bad_files_fails(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")

    with pytest.raises(CommandError, match="所有文件都未能导入"):
        _run("ingest", str(tmp_path / "empty.txt"))
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_compare_prints_regions_by_year(tmp_path):
    for name, county, year, rate in [
        ("a", "云溪县", 2023, "4.6"),
        ("b", "云溪县", 2022, "9.1"),
        ("c", "桐溪县", 2023, "3.3"),
    ]:
        text = f"{county}{year}年度法治政府建设情况报告\n一、主要举措和成效\n全县行政诉讼败诉率{rate}%，成效明显。"
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    _run("ingest", str(tmp_path))

    table = _run("compare", "--indicator", "行政诉讼败诉率")
    data = json.loads(_run("compare", "--indicator", "行政诉讼败诉率", "--format", "json"))

    assert table.splitlines()[0] == "行政诉讼败诉率（%）"
    assert "云溪县" in table and "9.1" in table and "4.6" in table
    assert data["years"] == [2022, 2023]
    assert {row["region"]: sorted(row["values"]) for row in data["rows"]} == {
        "云溪县": ["2022", "2023"],
        "桐溪县": ["2023"],
    }


@pytest.mark.django_db
def test_compare_without_an_indicator_is_refused():
    with pytest.raises(CommandError, match="--indicator"):
        _run("compare")
