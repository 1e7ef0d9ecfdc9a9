"""Ingesting reports: stored once, audited, linked to the platform's regions; bad input changes nothing."""

from __future__ import annotations

import pytest

from fazhi.core.exceptions import ApplicationError
from fazhi.core.models import AuditEvent
from fazhi.corpus import services
from fazhi.corpus.models import Fact, Report, Section, SourceFile
from fazhi.corpus.reading import DocumentError
from fazhi.corpus.tests.fixtures import GBK_REPORT, QINGHE_HTML, YUNXI, blank_pdf_bytes, docx_bytes

pytestmark = pytest.mark.django_db


def _ingest(data, name="云溪县.txt", actor=None, **overrides):
    return services.ingest_report(
        actor=actor, data=data, filename=name, overrides=services.Overrides(**overrides)
    )


def test_a_report_is_stored_with_its_file_outline_and_facts(county_admin):
    result = _ingest(YUNXI.encode(), actor=county_admin)

    report = result.report
    assert result.created
    assert (report.reporter, report.region, report.level, report.year) == (
        "云溪县人民政府",
        "云溪县",
        "县",
        2023,
    )
    assert report.outline_complete and report.missing_parts == []
    assert report.fact_count == Fact.objects.filter(report=report).count() > 20
    assert Section.objects.filter(report=report, level=1).count() == 5
    assert bytes(report.source_file.content) == YUNXI.encode()
    assert report.ingested_by == county_admin


def test_the_same_report_ingested_twice_is_one_report(county_admin):
    first = _ingest(YUNXI.encode(), actor=county_admin)
    events = AuditEvent.objects.count()

    second = _ingest(YUNXI.encode(), name="again.txt", actor=county_admin)

    assert not second.created and second.report.pk == first.report.pk
    assert Report.objects.count() == 1 and SourceFile.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_the_same_report_as_a_word_file_is_the_same_report():
    _ingest(YUNXI.encode())

    again = _ingest(docx_bytes(YUNXI), name="云溪县.docx")

    assert not again.created
    assert Report.objects.count() == 1


def test_an_ingest_writes_one_audit_line_naming_the_report(county_admin):
    report = _ingest(YUNXI.encode(), actor=county_admin).report

    event = AuditEvent.objects.get(object_type="corpus.report", object_id=str(report.pk))
    assert event.event == "import" and event.actor == county_admin
    assert event.changes["文件"] == "云溪县.txt"
    assert event.changes["数字条数"] == report.fact_count


def test_the_audit_line_names_the_missing_parts_in_words():
    report = _ingest(QINGHE_HTML.encode(), name="p.html").report

    event = AuditEvent.objects.get(object_type="corpus.report", object_id=str(report.pk))
    assert event.changes["缺少的法定部分"] == "第3部分"


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "empty.html", "文件为空"),
        (bytes(range(256)) * 40, "tool.exe", "不是可识别的文档"),
        (blank_pdf_bytes(), "scan.pdf", "扫描件"),
        (
            "<html><body><div>进入老年模式</div><div>分享到：</div></body></html>".encode(),
            "page.html",
            "没有正文",
        ),
        ("桐溪县2023年度法治政府建设情况报告".encode(), "title.txt", "没有正文"),
        ("桐溪县2023年度法治政府建设情况报告\n".encode(), "title2.txt", "没有正文"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_changes(data, name, words):
    _ingest(YUNXI.encode())
    before = (Report.objects.count(), Fact.objects.count(), AuditEvent.objects.count())

    with pytest.raises(DocumentError) as caught:
        _ingest(data, name=name)

    assert words in caught.value.message
    assert (Report.objects.count(), Fact.objects.count(), AuditEvent.objects.count()) == before


def test_a_gbk_file_is_read_and_stored_as_text():
    report = _ingest(GBK_REPORT.encode("gbk"), name="柳林县.txt").report

    assert report.encoding == "gb18030"
    assert "全年新收行政复议案件96件" in report.text
    assert report.region == "山西省吕梁市柳林县"


def test_a_report_of_a_platform_region_is_linked_to_it(tree):
    text = YUNXI.replace("云溪县", "临溪县")

    report = _ingest(text.encode()).report

    assert report.org_region == tree["regions"]["peer"]
    assert report.region == "示例省示例市临溪县"


def test_what_the_uploader_states_overrides_what_was_read():
    report = _ingest(
        QINGHE_HTML.encode(), name="p.html", year=2021, level="市", region="青禾市"
    ).report

    assert (report.year, report.level, report.region) == (2021, "市", "青禾市")


def test_a_wrong_level_is_refused_before_reading():
    with pytest.raises(ApplicationError, match="层级不正确"):
        _ingest(YUNXI.encode(), level="村")


def test_a_folder_is_ingested_file_by_file_and_a_bad_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "a.txt").write_text(YUNXI, encoding="utf-8")
    (tmp_path / "b.html").write_text(QINGHE_HTML, encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "ignored.xlsx").write_bytes(b"PK")
    seen = []

    result = services.ingest_files(
        services.report_files([tmp_path]), actor=None, progress=seen.append
    )

    assert [o.filename for o in result.created] == ["a.txt", "b.html"]
    assert [(name.endswith("c.txt"), "文件为空" in message) for name, message in result.errors] == [
        (True, True)
    ]
    assert len(seen) == 3
    assert result.summary() == "新增 2 份，已在库中 0 份，失败 1 份"
