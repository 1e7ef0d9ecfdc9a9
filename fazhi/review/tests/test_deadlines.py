"""Review deadlines in the 待办与预警 inbox: the reviewer's, the unit's, filings and expiry."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from fazhi.core import inbox
from fazhi.core.deadlines import DueStatus, all_rules
from fazhi.review import deadlines
from fazhi.review.services import normative, reviewing
from fazhi.review.tests import factories as f

pytestmark = pytest.mark.django_db


def _items(user, module="合法性审查"):
    return {item.title: item for item in inbox.items_for(user, module=module)}


def test_every_review_rule_names_its_basis_and_only_the_decision_period_is_statutory():
    rules = [r for r in all_rules() if r.key.startswith("review.")]
    assert {r.key for r in rules if not r.unconfirmed} == {"review.decision"}
    assert all(r.basis for r in rules)


def test_the_reviewer_sees_waiting_matters_with_their_review_deadline(
    catalog, township_clerk, township_reviewer
):
    matter = f.submitted(township_clerk, title="保洁合同")
    items = _items(township_reviewer)
    item = items["待受理：保洁合同"]
    assert item.due == matter.due_on == dt.date(2026, 11, 23)
    assert item.status == DueStatus.NORMAL and item.days_left == 5


def test_a_matter_turns_soon_then_overdue(catalog, township_clerk, township_reviewer):
    f.submitted(township_clerk, title="保洁合同")
    with time_machine.travel(dt.datetime(2026, 11, 19, 2, 0, tzinfo=dt.UTC), tick=False):
        assert _items(township_reviewer)["待受理：保洁合同"].status == DueStatus.SOON
    with time_machine.travel(dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.UTC), tick=False):
        assert _items(township_reviewer)["待受理：保洁合同"].status == DueStatus.OVERDUE


def test_the_unit_sees_supplement_and_feedback_items_and_not_the_reviewers(
    catalog, township_clerk, township_reviewer
):
    returned = f.submitted(township_clerk, title="退回的合同")
    reviewing.return_for_supplement(
        matter=returned, actor=township_reviewer, expected_version=returned.version, note="补充附件"
    )
    f.signed(township_clerk, township_reviewer, title="已签发的合同")
    f.submitted(township_clerk, title="审查中的合同")
    items = _items(township_clerk)
    assert set(items) == {"补正材料：退回的合同", "反馈采纳情况：已签发的合同"}
    assert items["反馈采纳情况：已签发的合同"].due == dt.date(2026, 11, 30)  # 10 WD


def test_closed_matters_leave_the_inbox(catalog, township_clerk, township_reviewer):
    f.closed(township_clerk, township_reviewer, title="办结的合同")
    assert "反馈采纳情况：办结的合同" not in _items(township_clerk)
    assert not _items(township_reviewer)


def test_a_reviewing_deadline_past_the_entered_calendar_says_so(
    catalog, township_clerk, township_reviewer
):
    with time_machine.travel(dt.datetime(2026, 12, 28, 2, 0, tzinfo=dt.UTC), tick=False):
        matter = f.submitted(township_clerk, title="年底的合同")
        assert matter.due_on is None  # 2027 is not entered
        item = _items(township_reviewer)["待受理：年底的合同"]
        assert item.due is None and item.missing_year == 2027


def test_unfiled_documents_and_expiring_ones_reach_the_inbox(
    catalog, county_admin, tree, township_clerk
):
    normative.register_document(
        actor=township_clerk,
        unit=township_clerk.unit,
        title="镇规划办法",
        doc_number="青政发〔2026〕9号",
        published_on=dt.date(2026, 11, 2),
        effective_on=dt.date(2026, 12, 1),
    )
    normative.register_document(
        actor=township_clerk,
        unit=township_clerk.unit,
        title="旧办法",
        doc_number="青政发〔2022〕1号",
        published_on=dt.date(2022, 1, 4),
        effective_on=dt.date(2022, 2, 1),
        expires_on=dt.date(2027, 1, 31),
    )
    items = _items(township_clerk, "规范性文件")
    filing = items["报送备案：镇规划办法 → 示例县人民政府"]
    assert filing.due == dt.date(2026, 12, 2)  # 30 日 from 11-02
    assert "有效期届满评估：旧办法（青政发〔2022〕1号）" in items


def test_the_expiry_horizon_is_six_months_ahead_configurably():
    assert deadlines.expiry_horizon(dt.date(2026, 8, 31)) == dt.date(2027, 2, 28)
