"""The deadline engine: rules as data, due dates, overrides, status transitions, DueItem."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.test import modify_settings

from fazhi.core import calendar, deadlines, inbox
from fazhi.core.deadlines import (
    DeadlineRule,
    DueItem,
    DueStatus,
    PeriodUnit,
    due_date,
    due_item,
    due_status,
    register_rule,
)
from fazhi.core.exceptions import CalendarMissingError
from fazhi.core.models import DeadlineRuleOverride
from tests.testapp.models import SampleCase

pytestmark = pytest.mark.django_db

D = dt.date
TZ = ZoneInfo("Asia/Shanghai")

CD15 = register_rule(
    DeadlineRule(
        key="tests.answer_cd",
        name="答辩",
        event="收到起诉状副本",
        count=15,
        unit=PeriodUnit.CALENDAR_DAYS,
        basis="行政诉讼法 第67条（测试用）",
    )
)
SIX_MONTHS = register_rule(
    DeadlineRule(
        key="tests.first_instance",
        name="一审审结",
        event="立案",
        count=6,
        unit=PeriodUnit.MONTHS,
        basis="行政诉讼法 第81条（测试用）",
    )
)
UNCONFIRMED = register_rule(
    DeadlineRule(
        key="tests.unconfirmed",
        name="合法性审核",
        event="收到送审稿",
        count=5,
        unit=PeriodUnit.WORKING_DAYS,
        basis="国办发〔2018〕115号（待核实，测试用）",
        unconfirmed=True,
    )
)


def _at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 9, tzinfo=TZ), tick=False)


# --- discovery --------------------------------------------------------------------------------


def test_core_imports_every_installed_apps_deadlines_module():
    assert "tests.discovered" not in {rule.key for rule in deadlines.all_rules()}

    with modify_settings(INSTALLED_APPS={"append": "fazhi.core.tests.discovery_app"}):
        assert deadlines.get_rule("tests.discovered").count == 3


def test_running_the_discovery_again_registers_nothing_twice():
    rules, modules = deadlines.all_rules(), inbox.modules()

    apps.get_app_config("core").ready()
    apps.get_app_config("testapp").ready()

    assert deadlines.all_rules() == rules
    assert inbox.modules() == modules
    assert len(inbox._providers) == len(set(inbox._providers))


# --- rules and due dates ----------------------------------------------------------------------


def test_due_date_by_key_or_rule_in_each_unit():
    # 9/28, 9/29, 9/30, 10/8, 10/9, 10/10 (调休 Saturday), 10/12 … 10/15.
    assert due_date("testapp.answer", D(2026, 9, 25)) == D(2026, 10, 15)
    assert due_date(CD15, D(2026, 9, 18)) == D(2026, 10, 8)
    assert due_date(SIX_MONTHS, D(2026, 4, 1)) == D(2026, 10, 8)


def test_due_date_into_2027_raises_naming_the_year():
    with pytest.raises(CalendarMissingError, match="2027"):
        due_date("testapp.answer", D(2026, 12, 28))


def test_an_unknown_rule_key_is_a_clear_error():
    with pytest.raises(LookupError, match="未登记的期限规则：nope"):
        due_date("nope", D(2026, 1, 5))


def test_registering_a_different_rule_under_a_taken_key_is_refused():
    assert register_rule(CD15) is CD15
    changed = DeadlineRule(
        key=CD15.key, name="答辩", event="x", count=10, unit=PeriodUnit.CALENDAR_DAYS, basis="x"
    )
    with pytest.raises(ValueError, match="重复登记"):
        register_rule(changed)


def test_an_override_applies_to_an_unconfirmed_rule_only():
    start = D(2026, 11, 2)  # Monday
    assert due_date(UNCONFIRMED, start) == D(2026, 11, 9)
    DeadlineRuleOverride.objects.create(rule_key=UNCONFIRMED.key, count=15, reason="本省规定")
    DeadlineRuleOverride.objects.create(rule_key="testapp.answer", count=1, reason="不应生效")
    deadlines.clear_override_cache()

    assert due_date(UNCONFIRMED, start) == D(2026, 11, 23)
    assert due_date("testapp.answer", start) == D(2026, 11, 16)
    assert deadlines.overridden(UNCONFIRMED)


def test_rules_page_lists_rules_and_says_that_unconfirmed_ones_can_be_adjusted(client, leader):
    DeadlineRuleOverride.objects.create(rule_key=UNCONFIRMED.key, count=15, reason="本省规定")
    client.force_login(leader)
    body = client.get("/deadlines/rules/").content.decode()
    assert "testapp.answer" in body
    assert "10 工作日" in body
    assert "待核实" in body
    assert "已调整（原 5）" in body
    assert "期限规则调整" in body


# --- status -----------------------------------------------------------------------------------


def test_due_status_counts_working_days_left():
    due = D(2026, 10, 15)
    assert due_status(due, D(2026, 10, 8)) == DueStatus.NORMAL  # 6 working days left
    assert due_status(due, D(2026, 10, 9)) == DueStatus.NORMAL  # 10/10 works: 4 left
    assert due_status(due, D(2026, 10, 12)) == DueStatus.SOON  # 3 left
    assert due_status(due, D(2026, 10, 15)) == DueStatus.SOON  # due today
    assert due_status(due, D(2026, 10, 16)) == DueStatus.OVERDUE
    assert due_status(due, D(2026, 10, 16), done=True) == DueStatus.DONE


def test_due_soon_threshold_is_a_setting(settings):
    settings.FAZHI_DUE_SOON_WORKING_DAYS = 5
    assert due_status(D(2026, 10, 15), D(2026, 10, 8)) == DueStatus.NORMAL
    assert due_status(D(2026, 10, 15), D(2026, 10, 9)) == DueStatus.SOON


def test_status_with_days_left_reaching_into_a_missing_year_counts_the_known_part():
    # Only 1 known working day (12/31) before 2027: could be due soon, so 临期.
    assert due_status(D(2027, 1, 20), D(2026, 12, 30)) == DueStatus.SOON
    # Weeks of known working days before 2027: 正常 whatever 2027 brings.
    assert due_status(D(2027, 1, 20), D(2026, 11, 2)) == DueStatus.NORMAL


def test_status_moves_from_normal_to_due_soon_to_overdue_then_done(tree, township_clerk):
    case = SampleCase.objects.create(
        title="青石镇答复", unit=tree["units"]["qingshi"], received_on=D(2026, 9, 25)
    )  # due 2026-10-15

    def status_now():
        [item] = [i for i in inbox.items_for(township_clerk) if i.title == "青石镇答复"]
        return item.status, item.days_left

    with _at(D(2026, 10, 8)):
        assert status_now() == (DueStatus.NORMAL, 6)
    with _at(D(2026, 10, 12)):
        assert status_now() == (DueStatus.SOON, 3)
    with _at(D(2026, 10, 15)):
        assert status_now() == (DueStatus.SOON, 0)
    with _at(D(2026, 10, 19)):
        assert status_now() == (DueStatus.OVERDUE, -2)
    case.closed_on = D(2026, 10, 19)
    case.save()
    with _at(D(2026, 10, 19)):
        assert not [i for i in inbox.items_for(township_clerk) if i.title == "青石镇答复"]


# --- DueItem ----------------------------------------------------------------------------------


def test_due_item_carries_the_missing_year_instead_of_raising():
    item = due_item(
        module="测试模块",
        title="跨年案件",
        unit_name="青石镇人民政府",
        today=D(2026, 12, 28),
        rule="testapp.answer",
        start=D(2026, 12, 28),
    )
    assert item.due is None
    assert item.missing_year == 2027
    assert item.status == DueStatus.SOON
    assert item.days_left is None


def test_due_item_with_a_stored_date_in_a_missing_year_keeps_the_date():
    item = due_item(
        module="测试模块", title="x", unit_name="", today=D(2026, 11, 2), due=D(2027, 3, 1)
    )
    assert item.due == D(2027, 3, 1)
    assert item.status == DueStatus.NORMAL
    assert (item.days_left, item.missing_year) == (None, 2027)


@pytest.mark.parametrize(
    ("today", "due", "expected"),
    [
        (D(2026, 10, 8), D(2026, 10, 15), (DueStatus.NORMAL, 6, None)),
        (D(2026, 10, 19), D(2026, 10, 15), (DueStatus.OVERDUE, -2, None)),
        (D(2026, 12, 30), D(2027, 1, 20), (DueStatus.SOON, None, 2027)),
    ],
)
def test_due_item_counts_the_working_days_left_once(monkeypatch, today, due, expected):
    calls = []
    real = calendar.working_days_between

    def counting(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(calendar, "working_days_between", counting)
    item = due_item(module="m", title="t", unit_name="", today=today, due=due)

    assert (item.status, item.days_left, item.missing_year) == expected
    # Once; a count reaching into a missing year is retried once on its known part.
    assert len(calls) == (1 if expected[2] is None else 2)


def test_due_item_needs_a_date_or_a_rule_and_start():
    with pytest.raises(ValueError):
        due_item(module="m", title="t", unit_name="", today=D(2026, 11, 2))


def _item(title, status, due, days_left, missing_year=None):
    return DueItem("m", title, "", due, status, days_left, missing_year=missing_year)


def test_items_sort_overdue_first_by_most_overdue_then_due_soon_then_normal_by_date():
    items = [
        _item("正常晚", DueStatus.NORMAL, D(2026, 12, 1), 15),
        _item("临期", DueStatus.SOON, D(2026, 11, 5), 2),
        _item("超期少", DueStatus.OVERDUE, D(2026, 10, 30), -1),
        _item("正常早", DueStatus.NORMAL, D(2026, 11, 20), 10),
        _item("超期多", DueStatus.OVERDUE, D(2026, 10, 20), -9),
        _item("临期今日", DueStatus.SOON, D(2026, 11, 3), 0),
        _item("未录入", DueStatus.SOON, None, None, 2027),
    ]
    ordered = [i.title for i in sorted(items, key=lambda i: i.sort_key)]
    assert ordered == ["超期多", "超期少", "未录入", "临期今日", "临期", "正常早", "正常晚"]


def test_due_date_or_none_is_none_without_a_start_or_a_year():
    from fazhi.core.deadlines import due_date_or_none

    rule = DeadlineRule("t.none", "测试", "事件", 5, PeriodUnit.WORKING_DAYS, "测试")
    assert due_date_or_none(rule, None) is None
    assert due_date_or_none(rule, dt.date(2099, 12, 1)) is None
    assert due_date_or_none(rule, dt.date(2026, 3, 2)) == dt.date(2026, 3, 9)
