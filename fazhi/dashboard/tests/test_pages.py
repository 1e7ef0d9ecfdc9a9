"""一屏掌控: what each persona sees, the records behind a figure, Excel, and the landing."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.models import AuditEvent
from fazhi.dashboard.tests.conftest import CODE
from fazhi.indicators import engine, registry
from fazhi.indicators.periods import Period
from fazhi.indicators.scopes import Scope
from fazhi.org.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _card(html: str, code: str) -> str:
    """The HTML of the key-figure card of indicator `code`."""
    match = re.search(
        rf'<div class="fz-kpi[^"]*" data-testid="kpi-card" data-code="{re.escape(code)}".*?</div>\s*</div>',
        html,
        re.S,
    )
    assert match, f"no card for {code}"
    return match.group(0)


def _region_url(name: str, region, **kwargs) -> str:
    return reverse(f"dashboard:{name}-region", kwargs={"region_code": region.code, **kwargs})


def _unit_url(name: str, unit, **kwargs) -> str:
    return reverse(f"dashboard:{name}-unit", kwargs={"unit_code": unit.code, **kwargs})


# --- the board -----------------------------------------------------------------------------


def test_leader_sees_the_county_figure_with_its_target_colour_and_change(
    client, leader, cases, targets
):
    client.force_login(leader)
    html = client.get(reverse("dashboard:home")).content.decode()

    card = _card(html, CODE)
    assert "18.18%" in card  # 2 lost of 11 closed in 示例县, 临溪县's never counted
    assert 'data-colour="red"' in card  # county target: green ≤5, yellow ≤10
    assert "≤5.00%" in card
    assert "-31.82 个百分点" in card  # 50.00% in 2025 to 15 June
    assert "fz-tone-better" in card  # lower is better: a fall is good news


def test_townships_and_departments_are_ranked_with_their_own_level_colours(
    client, leader, cases, targets
):
    client.force_login(leader)
    html = client.get(reverse("dashboard:home")).content.decode()

    townships = html[html.index('data-testid="table-townships"') :]
    townships = townships[: townships.index("</table>")]
    assert re.search(r'fz-ind-green"[^>]*>.*?0\.00%', townships)  # 青石镇 with its village
    assert re.search(r'fz-ind-yellow"[^>]*>.*?25\.00%', townships)  # 白沙镇
    assert townships.index("青石镇") < townships.index("白沙镇")  # lower is better: 青石镇 first
    departments = html[html.index('data-testid="table-departments"') :]
    assert re.search(r"示例县公安局.*?fz-ind-green", departments, re.S)


def test_region_tree_colours_each_unit_and_region(client, leader, cases, targets):
    client.force_login(leader)
    html = client.get(reverse("dashboard:home") + f"?rank={CODE}").content.decode()

    tree = html[html.index('data-testid="region-tree"') :]
    assert re.search(r'data-colour="red"></span>\s*<a href="[^"]*">示例县</a>', tree)
    assert re.search(r'data-colour="green"></span>\s*<a href="[^"]*">青石镇</a>', tree)
    assert re.search(r'data-colour="yellow"></span>\s*<a href="[^"]*">白沙镇</a>', tree)


def test_township_clerk_sees_only_their_own_units_figures(
    client, township_clerk, tree, cases, targets
):
    client.force_login(township_clerk)
    response = client.get(reverse("dashboard:home"))

    assert response.context["choice"].scope == Scope.of_unit(tree["units"]["qingshi"])
    html = response.content.decode()
    card = _card(html, CODE)
    assert "0.00%" in card  # 青石镇人民政府's own two cases: not its village's, not the county's
    assert 'data-colour="green"' in card  # a township government: the township target
    assert "18.18%" not in html
    assert 'data-testid="table-townships"' not in html


@pytest.mark.parametrize("region", ["qingshi", "county", "baisha"])
def test_township_clerk_gets_404_for_any_regions_board(client, township_clerk, tree, region):
    client.force_login(township_clerk)

    assert client.get(_region_url("page", tree["regions"][region])).status_code == 404


def test_township_clerk_gets_404_for_another_units_board(client, township_clerk, tree):
    client.force_login(township_clerk)

    assert client.get(_unit_url("page", tree["units"]["baisha"])).status_code == 404


def test_leader_may_open_a_township_inside_the_county(client, leader, tree, cases, targets):
    client.force_login(leader)
    response = client.get(_region_url("page", tree["regions"]["qingshi"]) + "?year=2026")

    assert response.status_code == 200
    assert 'data-colour="green"' in _card(response.content.decode(), CODE)  # township target


def test_outsider_gets_404_for_the_countys_board(client, outsider, tree):
    client.force_login(outsider)

    assert client.get(_region_url("page", tree["regions"]["county"])).status_code == 404
    assert client.get(_unit_url("page", tree["units"]["police"])).status_code == 404


def test_sysadmin_is_refused_the_board(client, sysadmin):
    client.force_login(sysadmin)

    assert client.get(reverse("dashboard:home")).status_code == 403


def test_a_year_not_understood_is_named_and_the_current_year_shown(client, leader, cases):
    client.force_login(leader)
    response = client.get(reverse("dashboard:home") + "?year=20x6")

    assert "年度格式不正确：20x6" in response.content.decode()
    assert response.context["choice"].year == 2026


def test_a_past_year_runs_whole_or_to_the_same_day(client, leader, cases):
    client.force_login(leader)

    whole = client.get(reverse("dashboard:home") + "?year=2025").context["choice"].period
    same_day = client.get(reverse("dashboard:home") + "?year=2025&ytd=1").context["choice"]

    assert (whole.start.isoformat(), whole.end.isoformat()) == ("2025-01-01", "2025-12-31")
    assert same_day.period.end.isoformat() == "2025-06-15"


def test_no_data_shows_wu_shu_ju_never_zero(client, leader, tree, targets):
    client.force_login(leader)
    html = client.get(reverse("dashboard:home")).content.decode()

    card = _card(html, CODE)
    assert 'data-testid="kpi-value">无数据<' in card


def test_wall_mode_has_no_navigation(client, leader, cases):
    client.force_login(leader)
    html = client.get(reverse("dashboard:home") + "?wall=1").content.decode()

    assert 'data-testid="wall"' in html
    assert "主导航" not in html


def test_board_is_recomputed_after_a_record_changes(client, leader, tree, cases, targets):
    from tests.testapp.models import SampleCase

    client.force_login(leader)
    before = _card(client.get(reverse("dashboard:home")).content.decode(), CODE)
    SampleCase.objects.create(
        title="新结案", unit=tree["units"]["police"],
        received_on="2026-05-02", closed_on="2026-06-02", lost=True,
    )  # fmt: skip
    after = _card(client.get(reverse("dashboard:home")).content.decode(), CODE)

    assert "18.18%" in before
    assert "25.00%" in after  # 3 lost of 12


# --- the records behind a figure -----------------------------------------------------------


@pytest.mark.parametrize("part", ["numerator", "denominator"])
def test_records_page_lists_exactly_the_records_the_engine_counts(
    client, leader, tree, cases, part
):
    client.force_login(leader)
    county = tree["regions"]["county"]
    response = client.get(_region_url("records", county, indicator=CODE, part=part))

    indicator = registry.get(CODE)
    scope, period = (
        Scope.of_region(county),
        Period(
            cases[0].closed_on.replace(month=1, day=1), cases[0].closed_on.replace(month=6, day=15)
        ),
    )
    counted = engine.records_behind(indicator, scope, period, part)
    listed = [row[0].text for row in response.context["rows"]]
    assert sorted(listed) == sorted(str(case) for case in counted)
    result = engine.evaluate(indicator, scope, period)
    expected = result.numerator if part == "numerator" else result.denominator
    assert response.context["page_obj"].paginator.count == expected


def test_records_page_of_a_township_lists_its_villages_records_too(client, leader, tree, cases):
    client.force_login(leader)
    url = _region_url("records", tree["regions"]["qingshi"], indicator=CODE, part="denominator")

    titles = [row[0].text for row in client.get(url).context["rows"]]

    assert len(titles) == 3
    assert any("青石村" in t for t in titles)


@pytest.mark.parametrize(
    ("name", "kind", "key"),
    [
        ("records", "region", "county"),
        ("records", "unit", "police"),
        ("export", "region", "county"),
    ],
)
def test_outsider_gets_404_on_the_countys_records_and_exports(
    client, outsider, tree, cases, name, kind, key
):
    client.force_login(outsider)
    extra = {"indicator": CODE, "part": "numerator"} if name == "records" else {"table": "all"}
    if kind == "region":
        url = _region_url(name, tree["regions"][key], **extra)
    else:
        url = _unit_url(name, tree["units"][key], **extra)

    assert client.get(url).status_code == 404


def test_township_clerk_gets_404_on_another_townships_records(client, township_clerk, tree):
    client.force_login(township_clerk)
    url = _unit_url("records", tree["units"]["baisha"], indicator=CODE, part="numerator")

    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("indicator", "part"),
    [("testapp.nothing", "numerator"), ("testapp.received", "denominator"), (CODE, "values")],
)
def test_unknown_indicator_or_part_answers_404(client, leader, tree, indicator, part):
    client.force_login(leader)
    url = _region_url("records", tree["regions"]["county"], indicator=indicator, part=part)

    assert client.get(url).status_code == 404


# --- Excel -----------------------------------------------------------------------------------


def _sheet(response):
    book = load_workbook(
        io.BytesIO(
            b"".join(response.streaming_content if response.streaming else [response.content])
        )
    )
    return book[book.sheetnames[0]], book


def test_ranking_exports_to_excel_as_shown_and_is_audited(client, leader, tree, cases, targets):
    client.force_login(leader)
    url = _region_url("export", tree["regions"]["county"], table="townships") + "?year=2026&ytd=1"
    response = client.get(url)

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet, _book = _sheet(response)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "乡镇（街道）排名"
    header = rows[2]
    names = [row[1] for row in rows[3:]]
    assert names[:2] == ["青石镇", "白沙镇"]
    column = header.index("测试败诉率（%）")
    assert float(rows[3][column]) == 0.0
    fill = sheet.cell(row=5, column=column + 1).fill.fgColor.rgb
    assert fill.endswith("FFF1C2")  # 白沙镇 in yellow
    assert AuditEvent.objects.filter(event="export", message__contains="乡镇（街道）排名").exists()


def test_export_all_holds_every_table_of_the_board(client, leader, tree, cases, targets):
    client.force_login(leader)
    response = client.get(_region_url("export", tree["regions"]["county"], table="all"))

    _first, book = _sheet(response)
    assert {"关键指标", "乡镇（街道）排名", "部门排名", "月度趋势", "超期与临期事项"} <= set(
        book.sheetnames
    )


def test_unknown_table_answers_404(client, leader, tree):
    client.force_login(leader)

    url = _region_url("export", tree["regions"]["county"], table="nothing")
    assert client.get(url).status_code == 404


def test_records_export_lists_the_pages_records(client, leader, tree, cases):
    client.force_login(leader)
    url = _region_url("records-export", tree["regions"]["county"], indicator=CODE, part="numerator")

    sheet, _book = _sheet(client.get(url))

    titles = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert len(titles) == 2
    assert all("案件" in t for t in titles)


def test_excel_text_is_never_a_formula(client, leader, tree):
    from tests.testapp.models import SampleCase

    SampleCase.objects.create(
        title="=HYPERLINK(\"http://x\")", unit=tree["units"]["police"],
        received_on="2026-03-01", closed_on="2026-03-02", lost=True,
    )  # fmt: skip
    client.force_login(leader)
    url = _region_url("records-export", tree["regions"]["county"], indicator=CODE, part="numerator")

    sheet, _book = _sheet(client.get(url))

    cell = sheet.cell(row=4, column=1)
    assert cell.data_type == "s"


# --- landing -------------------------------------------------------------------------------


def test_leader_lands_on_the_dashboard_after_signing_in(client, leader):
    response = client.post(reverse("login"), {"username": "leader", "password": PASSWORD})

    assert response["Location"] == reverse("dashboard:home")


def test_county_admin_still_lands_on_the_inbox(client, county_admin):
    response = client.post(reverse("login"), {"username": "county_admin", "password": PASSWORD})

    assert response["Location"] == reverse("core:inbox")


def test_a_leader_asking_for_a_page_goes_there(client, leader):
    response = client.post(
        reverse("login") + "?next=/org/",
        {"username": "leader", "password": PASSWORD, "next": "/org/"},
    )

    assert response["Location"] == "/org/"


def test_nav_entry_is_shown_to_leaders(client, leader):
    client.force_login(leader)

    assert "一屏掌控" in client.get(reverse("core:inbox")).content.decode()
