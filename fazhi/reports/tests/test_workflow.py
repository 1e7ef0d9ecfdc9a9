"""From draft to publication: who may act, sign-off refused with failed checks, pinned figures,
and the deadlines in 待办与预警."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core import inbox
from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.org.roles import Role
from fazhi.org.tests.factories import UserFactory
from fazhi.reports import checks, exporters, services
from fazhi.reports.models import PinnedFigure
from fazhi.reports.tests.factories import LOST, lawsuits
from fazhi.reports.tests.helpers import fill
from fazhi.reports.workflow import Action, Status

pytestmark = pytest.mark.django_db


def _act(report, action, actor, **data):
    report.refresh_from_db()
    return services.transition(
        report=report, action=action, actor=actor, expected_version=report.version, data=data
    )


def test_sign_off_is_refused_while_checks_fail_and_nothing_changes(report, county_admin, leader):
    _act(report, Action.REVIEW, county_admin)
    with pytest.raises(ApplicationError, match="签发前检查未通过"):
        _act(report, Action.SIGN_OFF, leader, secrecy_confirmed=True)
    report.refresh_from_db()
    assert report.status == Status.REVIEW and not PinnedFigure.objects.exists()


def test_sign_off_needs_the_secrecy_confirmation(report, county_admin, leader):
    fill(report, county_admin)
    _act(report, Action.REVIEW, county_admin)
    with pytest.raises(ApplicationError, match="确认公开文本不含"):
        _act(report, Action.SIGN_OFF, leader)


def test_only_a_leader_of_the_reporting_unit_signs_off(report, county_admin, tree):
    fill(report, county_admin)
    _act(report, Action.REVIEW, county_admin)
    with pytest.raises(NotAllowedError):
        _act(report, Action.SIGN_OFF, county_admin, secrecy_confirmed=True)
    elsewhere = UserFactory(
        username="police_head", unit=tree["units"]["police"], roles=[Role.LEADER]
    )
    with pytest.raises(NotAllowedError):
        _act(report, Action.SIGN_OFF, elsewhere, secrecy_confirmed=True)


def test_the_whole_way_to_publication(report, county_admin, leader, frozen):
    fill(report, county_admin)
    _act(report, Action.COLLECT, county_admin)
    _act(report, Action.REVIEW, county_admin)
    _act(report, Action.SIGN_OFF, leader, secrecy_confirmed=True, signer_title="县长")
    report.refresh_from_db()
    assert report.signed_off_by == leader and report.signer_title == "县长"
    assert PinnedFigure.objects.filter(report=report, key="disputes.litigation_loss_rate").exists()
    with pytest.raises(ApplicationError, match="报送回执"):
        _act(report, Action.SUBMIT, county_admin, submitted_on="2026-01-20")
    _act(
        report,
        Action.SUBMIT,
        county_admin,
        submitted_on="2026-01-20",
        receipt="县委办收文〔2026〕12号",
    )
    _act(
        report,
        Action.PUBLISH,
        county_admin,
        published_on="2026-01-20",
        published_where="县政府门户网站",
    )
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED
    assert report.submitted_to.startswith("中共示例县委")
    assert [e.action for e in report.events.all()] == [
        "draft", "collect", "review", "sign_off", "submit", "publish",
    ]  # fmt: skip


def test_a_signed_report_keeps_its_figures_and_flags_a_later_change(
    report, county_admin, leader, data
):
    fill(report, county_admin)
    _act(report, Action.REVIEW, county_admin)
    _act(report, Action.SIGN_OFF, leader, secrecy_confirmed=True)
    lawsuits(data, 2025, [LOST, LOST])  # two more lost cases arrive after sign-off
    report.refresh_from_db()
    html = exporters.publication_html(report)
    assert "行政诉讼败诉率降至10.00%" in html  # pinned, not 25.00%
    drift = [f.message for f in checks.run(report) if f.check == "pinned"]
    assert any("冻结为10.00%" in m and "当前数据为25.00%" in m for m in drift)
    with pytest.raises(ApplicationError, match="签发后不能修改"):
        section = report.sections.get(part=2)
        services.save_section(
            section=section, body="x", actor=county_admin, expected_version=section.version
        )


def test_revoking_sign_off_unpins_and_needs_a_reason(report, county_admin, leader):
    fill(report, county_admin)
    _act(report, Action.REVIEW, county_admin)
    _act(report, Action.SIGN_OFF, leader, secrecy_confirmed=True)
    with pytest.raises(ApplicationError, match="理由"):
        _act(report, Action.REVOKE, leader)
    _act(report, Action.REVOKE, leader, note="数据更正")
    assert not PinnedFigure.objects.exists()


def test_the_deadlines_feed_the_inbox(report, county_admin, time_machine):
    items = [
        i for i in inbox.items_for(county_admin, dt.date(2026, 2, 26)) if i.module == "年度报告"
    ]
    titles = {i.title: i for i in items}
    submission = titles[f"{report.title}（报送）"]
    assert submission.due == dt.date(2026, 3, 1) and submission.status == "soon"
    assert titles[f"{report.title}（公开）"].status == "normal"


def test_a_signed_report_does_not_list_a_secrecy_finding_it_cannot_change(
    report, county_admin, leader
):
    fill(report, county_admin)
    _act(report, Action.REVIEW, county_admin)
    _act(report, Action.SIGN_OFF, leader, secrecy_confirmed=True)
    assert not [f for f in checks.run(report) if f.blocks]
