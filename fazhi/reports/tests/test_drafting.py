"""Drafting a report from the data: title, addressees, deadlines, the outline and its figures."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.org.tests.factories import UnitFactory
from fazhi.reports import outline, services, template_services
from fazhi.reports.models import Report, Revision, Section

pytestmark = pytest.mark.django_db


def test_the_county_report_has_the_statutory_title_addressees_and_deadlines(report):
    assert report.title == "示例县人民政府2025年法治政府建设年度报告"
    # 市/县 government: own 县委 and 人大常委会, and the 市委 and 市政府 one level up (RULES §1.1)
    assert report.recipients == [
        "中共示例县委",
        "示例县人大常委会",
        "中共示例市委",
        "示例市人民政府",
    ]
    assert report.copies == ["中共示例市委全面依法治市委员会办公室"]
    assert report.submission_due == dt.date(2026, 3, 1)
    assert report.publication_due == dt.date(2026, 4, 1)
    assert report.status == "draft"


def test_a_department_reports_to_its_own_level_and_the_counterpart_above(
    data, county_admin, frozen
):
    police = services.draft_report(reporter=data["units"]["police"], year=2025, actor=county_admin)
    assert police.recipients == ["中共示例县委", "示例县人民政府", "示例市公安局"]
    assert police.copies == ["中共示例县委全面依法治县委员会办公室"]
    assert police.kind == "department"


def test_the_draft_follows_the_five_part_outline_with_module_figures(report):
    sections = list(report.sections.order_by("order"))
    parts = [s.heading for s in sections if s.level == 1]
    assert parts == [
        "一、2025年推进法治政府建设的主要举措和成效",
        "二、2025年推进法治政府建设存在的不足和原因",
        "三、党政主要负责人履行推进法治建设第一责任人职责情况",
        "四、2026年推进法治政府建设的主要安排",
        "五、其他需要报告的情况",
    ]
    disputes = next(s for s in sections if s.module == "disputes")
    assert "{{disputes.litigation_loss_rate|judged}}" in disputes.body
    assert disputes.body.startswith("2025年，全县")
    # Every section starts with its first revision, by the drafter.
    assert Revision.objects.filter(section__report=report, number=1).count() == len(sections)


def test_a_module_the_outline_does_not_name_gets_its_own_heading(report):
    # The test app registers indicators too: a new domain fills in by itself.
    extra = Section.objects.get(report=report, module="testapp")
    assert extra.part == 1 and extra.heading.endswith("工作情况")


def test_a_county_outline_replaces_the_default_for_new_drafts(data, county_admin, frozen):
    text = outline.as_text(outline.DEFAULT_OUTLINE).replace(
        "（四）严格规范公正文明执法，提升依法履职水平", "（四）建设法治政府数字化平台"
    )
    template_services.save_outline(
        region=data["regions"]["county"],
        text=text,
        title_pattern="{单位}关于{年度}年度法治政府建设情况的报告",
        actor=county_admin,
        expected_version=0,
    )
    report = services.draft_report(
        reporter=data["units"]["government"], year=2025, actor=county_admin
    )
    assert report.title == "示例县人民政府关于2025年度法治政府建设情况的报告"
    assert report.sections.filter(heading="（四）建设法治政府数字化平台").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1] 一、举措\n[2] 二、不足", "五个法定部分"),
        ("  （一）没有上级", "缺少一级标题"),
        ("[1] 一、举措\n  （一）x [数据:nosuch]\n[2] b\n[3] c\n[4] d\n[5] e", "未知的数据模块"),
    ],
)
def test_a_wrong_outline_is_refused_naming_the_problem(data, county_admin, text, message):
    with pytest.raises(ApplicationError, match=message):
        template_services.save_outline(
            region=data["regions"]["county"], text=text, title_pattern="{单位}{年度}",
            actor=county_admin, expected_version=0,
        )  # fmt: skip


def test_a_reporter_without_data_is_refused_and_nothing_is_stored(tree, county_admin, frozen):
    with pytest.raises(ApplicationError, match="没有可用于起草报告的数据"):
        services.draft_report(reporter=tree["units"]["government"], year=2025, actor=county_admin)
    assert not Report.objects.exists()


def test_a_unit_that_does_not_report_is_refused(data, county_admin, frozen):
    village = data["units"]["village"]
    with pytest.raises(ApplicationError, match="不是法治政府建设年度报告的报告主体"):
        services.draft_report(reporter=village, year=2025, actor=county_admin)


def test_a_second_draft_for_the_same_year_is_refused(report, county_admin):
    with pytest.raises(ApplicationError, match="已经存在"):
        services.draft_report(reporter=report.reporter, year=2025, actor=county_admin)


def test_a_township_clerk_cannot_draft_the_county_report(data, township_clerk, frozen):
    with pytest.raises(NotAllowedError):
        services.draft_report(reporter=data["units"]["government"], year=2025, actor=township_clerk)


def test_a_township_reports_one_level_up(data, county_admin, frozen):
    from fazhi.reports import reporters

    found = reporters.addressees(data["units"]["qingshi"])
    assert found.recipients == ["中共示例县委", "示例县人民政府"]
    assert found.copies == ["中共示例县委全面依法治县委员会办公室"]


def test_a_province_government_reports_to_the_centre_by_1_april(tree):
    from fazhi.reports import reporters

    province = UnitFactory(code="U-PROV", name="示例省人民政府", kind="government",
                           region=tree["regions"]["province"])  # fmt: skip
    assert reporters.addressees(province).recipients == ["党中央", "国务院"]
    assert reporters.submission_due(province, 2025) == dt.date(2026, 4, 1)
