"""The weekly 研商通报: which cases it lists for a week, the progress of the week, the deadlines
of the two weeks after, the year's running figures; the same content in Word.

Today is Wednesday 2026-06-24 (week 26: 22–28 June). For the current week the 通报 is as of
today: progress from 18 to 24 June, deadlines up to 8 July. For the week of 8 June it is as of
Sunday 14 June.
"""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
import time_machine
from django.urls import reverse

from fazhi.disputes.enums import LawsuitOutcome, LawsuitStatus, ReconOutcome
from fazhi.disputes.models import ProgressEntry
from fazhi.disputes.tests.factories import lawsuit, recon
from fazhi.org.roles import Role
from fazhi.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 24, 2, tzinfo=dt.UTC)
D = dt.date


@pytest.fixture
def week(tree, county_admin):
    u = tree["units"]
    leader = UserFactory(
        username="li_fuxianzhang",
        full_name="李副县长",
        position="副县长",
        unit=u["government"],
        roles=[Role.LEADER],
    )
    risky = {"high_risk": True, "risk_reason": "补偿标准争议", "lead_leader": leader}
    cases = {
        # Open and marked on 1 June; decision due 3 July (60 days from 4 May).
        "H1": recon(
            tree,
            case_number="H1",
            received_on=D(2026, 4, 30),
            accepted_on=D(2026, 5, 4),
            risk_marked_on=D(2026, 6, 1),
            **risky,
        ),
        # A lawsuit answering: due 1 July (15 days from 16 June).
        "H2": lawsuit(
            tree,
            case_number="H2",
            complaint_received_on=D(2026, 6, 16),
            status=LawsuitStatus.ANSWERING,
            risk_marked_on=D(2026, 6, 2),
            **risky,
        ),
        # Closed on 15 June: in the week of 8 June, not in this one.
        "H3": recon(
            tree,
            case_number="H3",
            received_on=D(2026, 3, 2),
            accepted_on=D(2026, 3, 3),
            closed_on=D(2026, 6, 15),
            outcome=ReconOutcome.MEDIATED,
            risk_marked_on=D(2026, 5, 1),
            **risky,
        ),
        # Marked on 23 June: in this week, not in the week of 8 June.
        "H4": recon(
            tree,
            case_number="H4",
            respondent=u["qingshi"],
            received_on=D(2026, 5, 25),
            accepted_on=D(2026, 5, 25),
            risk_marked_on=D(2026, 6, 23),
            **risky,
        ),
        # Not marked: due 30 June (in the window), 9 June (overdue), 24 July (beyond).
        "N1": recon(tree, case_number="N1", received_on=D(2026, 4, 28), accepted_on=D(2026, 5, 1)),
        "N2": recon(tree, case_number="N2", received_on=D(2026, 4, 8), accepted_on=D(2026, 4, 10)),
        "N3": recon(tree, case_number="N3", received_on=D(2026, 5, 22), accepted_on=D(2026, 5, 25)),
        # Judgment served 20 June: appeal period ends Sunday 5 July, so Monday 6 July.
        "S1": lawsuit(
            tree,
            case_number="S1",
            filed_on=D(2026, 3, 1),
            status=LawsuitStatus.DECIDED,
            outcome=LawsuitOutcome.REJECT_CLAIM,
            closed_on=D(2026, 6, 18),
            served_on=D(2026, 6, 20),
        ),
        # Another county's case never shows.
        "Z1": recon(
            tree,
            case_number="Z1",
            respondent=u["peer_justice"],
            organ=u["peer_justice"],
            handling_unit=u["peer_justice"],
            received_on=D(2026, 5, 4),
            accepted_on=D(2026, 5, 4),
            risk_marked_on=D(2026, 6, 1),
            **risky,
        ),
    }
    for day, content in ((D(2026, 6, 10), "第一次研商"), (D(2026, 6, 19), "县领导约谈申请人")):
        ProgressEntry.objects.create(
            reconsideration=cases["H1"],
            kind="meeting",
            happened_on=day,
            content=content,
            author=county_admin,
        )
    ProgressEntry.objects.create(
        lawsuit=cases["H2"],
        kind="measure",
        happened_on=D(2026, 6, 24),
        content="补充证据",
        author=county_admin,
    )
    return cases


def _briefing(client, **params):
    response = client.get(reverse("disputes:briefing"), params)
    assert response.status_code == 200
    return response.context["b"], response


@time_machine.travel(NOW, tick=False)
def test_the_current_weeks_briefing_lists_open_high_risk_cases_with_the_weeks_progress(
    client, county_admin, week
):
    client.force_login(county_admin)
    b, response = _briefing(client)
    assert (b.monday, b.as_of, b.subtitle) == (
        D(2026, 6, 22),
        D(2026, 6, 24),
        "2026年第26周（6月22日—6月28日）",
    )
    rows = {row.case.case_number: row for row in b.risks}
    assert set(rows) == {"H1", "H2", "H4"}
    assert [e.content for e in rows["H1"].week_entries] == ["县领导约谈申请人"]  # not 10 June
    assert [e.content for e in rows["H2"].week_entries] == ["补充证据"]
    assert rows["H4"].week_entries == []
    page = response.content.decode()
    assert "李副县长" in page and "本周无新进展" in page


@time_machine.travel(NOW, tick=False)
def test_the_briefing_lists_deadlines_of_the_next_two_weeks_and_overdue_ones(
    client, county_admin, week
):
    client.force_login(county_admin)
    b, _response = _briefing(client)
    due = [(row.case.case_number, row.what, row.item.due, row.item.status) for row in b.deadlines]
    assert due == [
        ("N2", "作出复议决定", D(2026, 6, 9), "overdue"),
        ("N1", "作出复议决定", D(2026, 6, 30), "normal"),
        ("H2", "提交答辩状及证据", D(2026, 7, 1), "normal"),
        ("H1", "作出复议决定", D(2026, 7, 3), "normal"),
        ("S1", "上诉期届满", D(2026, 7, 6), "normal"),
    ]  # N3 (24 July) and H4 (24 July) are beyond 8 July


@time_machine.travel(NOW, tick=False)
def test_a_past_weeks_briefing_shows_the_cases_open_and_marked_then(client, county_admin, week):
    client.force_login(county_admin)
    b, _response = _briefing(client, week="2026-06-10")
    assert (b.monday, b.as_of) == (D(2026, 6, 8), D(2026, 6, 14))
    rows = {row.case.case_number: row for row in b.risks}
    assert set(rows) == {"H1", "H2", "H3"}
    assert [e.content for e in rows["H1"].week_entries] == ["第一次研商"]
    assert not b.current


@time_machine.travel(NOW, tick=False)
def test_the_briefing_carries_the_years_running_figures(client, county_admin, week):
    client.force_login(county_admin)
    b, response = _briefing(client)
    figures = {r.indicator.name: r for r in b.figures}
    assert list(figures) == [
        "行政复议收案数",
        "行政复议审结数",
        "行政复议纠错率",
        "行政复议调撤率",
        "行政诉讼收案数",
        "行政诉讼败诉率",
        "行政诉讼调撤率",
        "行政机关负责人出庭应诉率",
        "复议诉讼收案比",
    ]
    # 示例县 2026 to 24 June: 复议 H1 H3 H4 N1 N2 N3 (Z1 is 临溪县); 审结 H3 (调解); 诉讼 H2 S1.
    assert figures["行政复议收案数"].numerator == 6
    assert str(figures["行政复议调撤率"].value) == "100.00"
    assert figures["行政诉讼收案数"].numerator == 2
    assert str(figures["复议诉讼收案比"].value) == "3.00"
    assert b.period.label == "2026年1月1日至6月24日"
    assert "code=disputes.reconsideration_received" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_future_or_malformed_week_shows_the_current_one_with_a_note(client, county_admin, week):
    client.force_login(county_admin)
    b, response = _briefing(client, week="2026-07-01")
    assert b.monday == D(2026, 6, 22)
    assert "尚未开始" in response.content.decode()
    b, response = _briefing(client, week="第26周")
    assert b.monday == D(2026, 6, 22)
    assert "格式不正确" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_briefing_is_scoped_to_the_users_units(client, township_clerk, outsider, week):
    client.force_login(township_clerk)
    b, _response = _briefing(client)
    assert [row.case.case_number for row in b.risks] == ["H4"]
    assert {row.case.case_number for row in b.deadlines} <= {"H4"}
    assert b.scope_label == "青石镇人民政府"
    client.force_login(outsider)
    b, _response = _briefing(client)
    assert [row.case.case_number for row in b.risks] == ["Z1"]
    assert b.scope_label == "临溪县"


@time_machine.travel(NOW, tick=False)
def test_the_word_briefing_has_the_same_content(client, county_admin, week):
    client.force_login(county_admin)
    response = client.get(reverse("disputes:briefing-docx"), {"week": "2026-06-24"})
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "行政争议化解研商通报" in text and "2026年第26周" in text
    assert "二、高败诉风险案件（3件）" in text
    assert "H1" in text and "县领导约谈申请人" in text and "李副县长（副县长）" in text
    assert "三、近两周到期事项（5项）" in text
    assert "N2" in cells and "2026-07-06" in cells and "超期" in cells
    assert "行政复议收案数" in cells and "复议诉讼收案比" in cells
    assert "示例县司法局" in text


@time_machine.travel(dt.datetime(2026, 12, 28, 2, tzinfo=dt.UTC), tick=False)
def test_a_decided_high_risk_lawsuit_whose_appeal_period_reaches_a_missing_year_shows_it(
    client, county_admin, leader, tree
):
    # Served 25 December 2026: the appeal period runs into 2027, whose calendar is not entered.
    lawsuit(
        tree,
        case_number="S27",
        status=LawsuitStatus.DECIDED,
        outcome=LawsuitOutcome.REVOKE,
        closed_on=D(2026, 12, 24),
        served_on=D(2026, 12, 25),
        high_risk=True,
        risk_reason="证据不足",
        lead_leader=leader,
        risk_marked_on=D(2026, 12, 25),
    )
    client.force_login(county_admin)
    board = client.get(reverse("disputes:risk-board"))
    briefing = client.get(reverse("disputes:briefing"))
    for response in (board, briefing):
        assert response.status_code == 200
        page = response.content.decode()
        assert "S27" in page and "2027 年节假日安排未录入" in page
    for row in (board.context["rows"][0], briefing.context["b"].risks[0]):
        assert (row.case.case_number, row.due.due, row.due.missing_year) == ("S27", None, 2027)
        assert row.due.title == "上诉期届满"
    response = client.get(reverse("disputes:briefing-docx"))
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    assert "S27" in "\n".join(p.text for p in document.paragraphs)
