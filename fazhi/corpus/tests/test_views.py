"""The corpus pages: who may read and upload, the list filters, a report's marked figures, the
comparison with the county's own computed figure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.core.models import AuditEvent
from fazhi.corpus import selectors, services
from fazhi.corpus.models import Report
from fazhi.corpus.tests.fixtures import GBK_REPORT, QINGHE_HTML, YUNXI
from fazhi.indicators import registry
from fazhi.indicators.registry import Direction, Indicator, Measure
from tests.testapp.models import SampleCase

pytestmark = pytest.mark.django_db

OWN_NAME = "测试案件收案数"


def _report(text=YUNXI, name="云溪县.txt"):
    return services.ingest_report(actor=None, data=text.encode(), filename=name).report


def _peer_report(county, year, value):
    text = f"{county}{year}年度法治政府建设情况报告\n一、主要举措和成效\n全县{OWN_NAME[:-1]}{value}件，成效明显，各项工作稳步推进。"
    return _report(text, f"{county}{year}.txt")


@pytest.fixture
def own_indicator():
    """An indicator of the platform named like a figure the peers publish."""
    indicator = Indicator(
        code="corpus_test.sample_cases",
        name=OWN_NAME,
        definition="测试案件的收案数",
        unit="件",
        direction=Direction.NEUTRAL,
        numerator=Measure(SampleCase.objects.all(), date_field="received_on", label="测试案件"),
    )
    registry.register(indicator)
    yield indicator
    registry.registry.unregister(indicator.code)


def test_signed_out_visitors_are_sent_to_login(client):
    report = _report()
    urls = [
        reverse(f"corpus:{name}") for name in ("report-list", "compare", "peers", "report-upload")
    ]
    urls += [
        report.get_absolute_url(),
        reverse("corpus:report-original", kwargs={"report_id": report.pk}),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["county_admin", "leader", "township_clerk", "outsider"])
def test_every_business_user_reads_the_whole_corpus(client, request, persona):
    report = _report()
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("corpus:report-list")).status_code == 200
    assert client.get(report.get_absolute_url()).status_code == 200


def test_administrators_without_business_data_are_refused(client, sysadmin):
    report = _report()
    client.force_login(sysadmin)

    assert client.get(report.get_absolute_url()).status_code == 403
    assert client.get(reverse("corpus:compare")).status_code == 403


def test_an_unknown_report_is_404(client, county_admin):
    client.force_login(county_admin)

    assert (
        client.get(reverse("corpus:report-detail", kwargs={"report_id": 999999})).status_code == 404
    )


def test_the_list_filters_by_text_year_level_missing_parts_and_indicator(client, county_admin):
    yunxi = _report()
    qinghe = _report(QINGHE_HTML, "qinghe.html")
    client.force_login(county_admin)
    url = reverse("corpus:report-list")

    def titles(**query):
        return [r.title for r in client.get(url, query).context["page_obj"].object_list]

    assert len(titles()) == 2
    assert titles(q="青禾") == [qinghe.title]
    assert titles(year="2023") == [yunxi.title]
    assert titles(level="部门") == [qinghe.title]
    assert titles(missing="1") == [qinghe.title]
    assert set(titles(indicator="行政复议审结数")) == {yunxi.title, qinghe.title}
    assert titles(year="二〇二三") == titles()


def test_a_report_page_shows_the_outline_parts_and_every_figure_marked(client, county_admin):
    report = _report()
    client.force_login(county_admin)

    html = client.get(report.get_absolute_url()).content.decode()

    assert html.count('class="fz-fact') >= report.fact_count - 2
    assert 'title="行政复议收案数：156 件"' in html
    assert 'title="行政诉讼调撤率目标：50%约（目标）"' in html
    assert "规范性文件合法性审查率：100%；规范性文件备案审查率：100%" not in html  # not in YUNXI
    assert 'href="#s-0"' in html and 'id="s-0"' in html
    assert "第5部分" in html


def test_a_combined_heading_covers_both_its_parts_on_the_page_as_in_the_badge(client, county_admin):
    text = (
        "桐溪县2023年度法治政府建设情况报告\n"
        "一、主要举措和成效\n全县扎实推进依法行政，各项工作取得明显成效。\n"
        "二、党政主要负责人履行推进法治建设第一责任人职责情况\n县政府主要负责人带头述法，专题研究法治建设工作。\n"
        "三、存在的问题和下一步工作安排\n基层法治力量仍然薄弱，下一步将持续加强执法队伍建设。"
    )
    report = _report(text, "桐溪县.txt")
    client.force_login(county_admin)

    response = client.get(report.get_absolute_url())

    html = response.content.decode()
    assert report.outline_complete and "提纲完整" in html
    assert [(p.part, p.covered) for p in response.context["parts"]] == [
        (1, True),
        (2, True),
        (3, True),
        (4, True),
    ]
    assert "未单列标题" not in html


def test_a_missing_part_is_flagged_on_the_page_as_in_the_badge(client, county_admin):
    report = _report(QINGHE_HTML, "qinghe.html")
    client.force_login(county_admin)

    response = client.get(report.get_absolute_url())

    missing = [p.part for p in response.context["parts"] if not p.covered]
    assert missing == report.missing_parts == [3]
    assert "缺 1 个法定部分" in response.content.decode()


def test_a_shared_figure_lists_every_fact_in_its_hover_text(client, county_admin):
    text = "桐溪县2021年度法治政府建设情况报告\n一、主要举措和成效\n备案规范性文件13件，合法性审查、备案审查率100%，成效明显。"
    report = _report(text, "t.txt")
    client.force_login(county_admin)

    html = client.get(report.get_absolute_url()).content.decode()

    assert 'title="规范性文件合法性审查率：100%；规范性文件备案审查率：100%"' in html


def test_a_report_page_reads_its_outline_once_and_leaves_the_stored_file_alone(
    client, county_admin, django_assert_max_num_queries
):
    report = _report()
    client.force_login(county_admin)
    page = client.get(report.get_absolute_url())

    assert "content" in page.context["report"].source_file.get_deferred_fields()
    with django_assert_max_num_queries(3):
        report = selectors.report_for(report.pk)
        selectors.marked_paragraphs(report, list(report.facts.all()))
        selectors.statutory_status(report)
        list(report.sections.all())


def test_the_original_file_downloads_as_an_attachment(client, county_admin):
    report = services.ingest_report(
        actor=None, data=GBK_REPORT.encode("gbk"), filename="柳林县.txt"
    ).report
    client.force_login(county_admin)

    response = client.get(reverse("corpus:report-original", kwargs={"report_id": report.pk}))

    assert response.content == GBK_REPORT.encode("gbk")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


def test_a_county_admin_uploads_a_report_and_the_upload_is_audited(client, county_admin):
    client.force_login(county_admin)
    upload = SimpleUploadedFile("青禾.html", QINGHE_HTML.encode(), content_type="text/html")

    response = client.post(reverse("corpus:report-upload"), {"file": upload})

    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert AuditEvent.objects.filter(
        event="import", object_id=str(report.pk), actor=county_admin
    ).exists()


def test_uploading_the_same_report_again_says_so_and_stores_nothing_new(client, county_admin):
    _report()
    client.force_login(county_admin)

    response = client.post(
        reverse("corpus:report-upload"),
        {"file": SimpleUploadedFile("again.txt", YUNXI.encode())},
        follow=True,
    )

    assert "该报告已在库中" in response.content.decode()
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (bytes(range(256)) * 20, "x.bin", "不是可识别的文档"),
        (b"", "empty.txt", "文件为空"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "scan.png", "图片文件"),
    ],
)
def test_a_bad_upload_gets_a_chinese_message_and_changes_nothing(
    client, county_admin, data, name, words
):
    client.force_login(county_admin)
    events = AuditEvent.objects.count()

    response = client.post(
        reverse("corpus:report-upload"), {"file": SimpleUploadedFile(name, data)}
    )

    assert response.status_code == 400
    assert words in response.content.decode()
    assert Report.objects.count() == 0 and AuditEvent.objects.count() == events


def test_a_file_with_only_a_title_is_refused_as_having_no_body(client, county_admin):
    client.force_login(county_admin)
    title_only = "桐溪县2023年度法治政府建设情况报告".encode()

    response = client.post(
        reverse("corpus:report-upload"), {"file": SimpleUploadedFile("标题.txt", title_only)}
    )

    assert response.status_code == 400
    assert "标题.txt 没有正文" in response.content.decode()
    assert Report.objects.count() == 0


def test_a_leader_may_read_but_not_upload(client, leader):
    client.force_login(leader)

    assert client.get(reverse("corpus:report-upload")).status_code == 403


def test_the_comparison_shows_peers_by_year_in_a_chart_and_a_table(client, county_admin):
    _peer_report("桐溪县", 2022, 40)
    _peer_report("桐溪县", 2023, 45)
    _peer_report("云溪县", 2023, 52)
    client.force_login(county_admin)

    response = client.get(reverse("corpus:compare"), {"indicator": OWN_NAME})

    chart = response.context["chart"]
    assert chart["years"] == ["2022", "2023"]
    assert {s["name"]: s["data"] for s in chart["series"]} == {
        "桐溪县": [40.0, 45.0],
        "云溪县": [None, 52.0],
    }
    html = response.content.decode()
    assert 'id="corpus-chart-data"' in html and "vendor/echarts/echarts.min.js" in html


def test_the_county_sees_its_own_computed_value_beside_its_peers(
    client, county_admin, tree, own_indicator
):
    for day in ("2023-03-01", "2023-05-02", "2022-06-01"):
        SampleCase.objects.create(
            title="案件", unit=tree["units"]["police"], received_on=dt.date.fromisoformat(day)
        )
    _peer_report("桐溪县", 2023, 45)
    _peer_report("桐溪县", 2022, 41)
    client.force_login(county_admin)

    result = client.get(reverse("corpus:compare"), {"indicator": OWN_NAME}).context["result"]

    own = result.rows[0]
    assert own.own and own.label == "示例县（本平台计算）"
    assert {year: int(cell.value) for year, cell in own.cells.items()} == {2022: 1, 2023: 2}
    assert OWN_NAME in result.own_note


def test_without_a_declared_indicator_the_comparison_shows_peers_only(client, county_admin):
    _peer_report("桐溪县", 2023, 45)
    client.force_login(county_admin)

    result = client.get(reverse("corpus:compare"), {"indicator": OWN_NAME}).context["result"]

    assert [row.own for row in result.rows] == [False]


def test_an_indicator_nobody_published_says_so(client, county_admin):
    client.force_login(county_admin)

    response = client.get(reverse("corpus:compare"), {"indicator": "不存在的指标"})

    assert "报告库中没有“不存在的指标”" in response.content.decode()


def test_the_peers_fragment_sets_the_county_beside_its_peers(
    client, county_admin, tree, own_indicator
):
    SampleCase.objects.create(
        title="案件", unit=tree["units"]["police"], received_on=dt.date(2023, 4, 1)
    )
    _peer_report("桐溪县", 2023, 45)
    client.force_login(county_admin)

    response = client.get(reverse("corpus:peers"), {"indicator": OWN_NAME})

    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "示例县（本平台计算）" in html and "桐溪县" in html and ">45<" in html
