"""The 待办与预警 items of dispute cases: which cases, which stage, scoped to the user."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core import inbox
from fazhi.core.deadlines import DueStatus
from fazhi.disputes.enums import LawsuitStatus, ReconOutcome, ReconStatus
from fazhi.disputes.tests.factories import lawsuit, recon

pytestmark = pytest.mark.django_db


def _items(user, today, module):
    return {item.title: item for item in inbox.items_for(user, today, module)}


def test_an_accepted_case_is_due_for_decision_and_a_closed_one_is_not_listed(tree, county_admin):
    open_case = recon(tree, accepted_on=dt.date(2026, 3, 3))
    recon(
        tree,
        accepted_on=dt.date(2026, 3, 3),
        outcome=ReconOutcome.UPHOLD,
        closed_on=dt.date(2026, 4, 1),
    )
    items = _items(county_admin, dt.date(2026, 4, 28), "行政复议")
    assert list(items) == [f"{open_case.case_number}：作出复议决定"]
    item = items[f"{open_case.case_number}：作出复议决定"]
    # 3 March + 60 days = 2 May, inside the May Day holiday: rolls to 6 May.
    assert item.due == dt.date(2026, 5, 6)
    assert item.status == DueStatus.SOON


def test_a_received_case_past_its_admission_review_is_overdue(tree, county_admin):
    case = recon(tree, received_on=dt.date(2026, 3, 2))
    items = _items(county_admin, dt.date(2026, 3, 12), "行政复议")
    item = items[f"{case.case_number}：受理审查"]
    assert (item.due, item.status) == (dt.date(2026, 3, 9), DueStatus.OVERDUE)


def test_the_respondent_reply_is_listed_while_awaited(tree, county_admin):
    case = recon(tree, accepted_on=dt.date(2026, 3, 3), copy_sent_on=dt.date(2026, 3, 5))
    items = _items(county_admin, dt.date(2026, 3, 10), "行政复议")
    # 10 working days from Thursday 5 March: 19 March.
    assert items[f"{case.case_number}：被申请人书面答复"].due == dt.date(2026, 3, 19)


def test_a_suspended_case_has_no_running_deadline(tree, county_admin):
    recon(tree, accepted_on=dt.date(2026, 3, 3), status=ReconStatus.SUSPENDED)
    assert _items(county_admin, dt.date(2026, 3, 10), "行政复议") == {}


def test_lawsuit_answer_and_appeal_periods_are_listed(tree, county_admin):
    answering = lawsuit(
        tree, complaint_received_on=dt.date(2026, 3, 5), status=LawsuitStatus.ANSWERING
    )
    decided = lawsuit(
        tree,
        outcome="reject_claim",
        closed_on=dt.date(2026, 3, 20),
        served_on=dt.date(2026, 3, 23),
        status=LawsuitStatus.DECIDED,
    )
    items = _items(county_admin, dt.date(2026, 3, 24), "行政应诉")
    assert items[f"{answering.case_number}：提交答辩状及证据"].due == dt.date(2026, 3, 20)
    assert items[f"{decided.case_number}：上诉期届满"].due == dt.date(2026, 4, 7)


def test_items_are_scoped_to_the_users_units(tree, county_admin, township_clerk, outsider):
    recon(tree, accepted_on=dt.date(2026, 3, 3))
    township_case = recon(
        tree, respondent=tree["units"]["qingshi"], accepted_on=dt.date(2026, 3, 3)
    )
    assert len(_items(county_admin, dt.date(2026, 3, 10), "行政复议")) == 2
    assert list(_items(township_clerk, dt.date(2026, 3, 10), "行政复议")) == [
        f"{township_case.case_number}：作出复议决定"
    ]
    assert _items(outsider, dt.date(2026, 3, 10), "行政复议") == {}
