"""The 待办与预警 inbox: scoping through providers, urgency order, the calendar warning, the page."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from fazhi.core import calendar, inbox
from fazhi.core.calendar import parse_days
from fazhi.core.deadlines import DueStatus
from tests.testapp.models import SampleCase

pytestmark = pytest.mark.django_db

D = dt.date
TZ = ZoneInfo("Asia/Shanghai")
OCT_9 = D(2026, 10, 9)
OCT_12 = D(2026, 10, 12)


def _at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 9, tzinfo=TZ), tick=False)


def _case(tree, unit, title, received_on=OCT_9, **fields):
    return SampleCase.objects.create(
        title=title, unit=tree["units"][unit], received_on=received_on, **fields
    )


def _titles(user, today=OCT_12, **kwargs):
    return [i.title for i in inbox.items_for(user, today, **kwargs) if i.module == "测试模块"]


# --- scoping ----------------------------------------------------------------------------------


def test_township_clerk_sees_only_its_own_units_items(tree, township_clerk):
    _case(tree, "qingshi", "青石镇案件")
    _case(tree, "baisha", "白沙镇案件")
    _case(tree, "police", "公安局案件")

    assert _titles(township_clerk) == ["青石镇案件"]


def test_county_admin_sees_the_county_but_not_the_peer_county(tree, county_admin, outsider):
    for unit in ("qingshi", "baisha", "police", "peer_justice"):
        _case(tree, unit, f"{unit} 案件")

    assert sorted(_titles(county_admin)) == ["baisha 案件", "police 案件", "qingshi 案件"]
    assert _titles(outsider) == ["peer_justice 案件"]


def test_administrator_roles_see_no_business_items(tree, sysadmin, auditor):
    _case(tree, "qingshi", "青石镇案件")
    assert _titles(sysadmin) == []
    assert _titles(auditor) == []


# --- order and content ------------------------------------------------------------------------


def test_items_are_sorted_by_urgency_and_done_ones_left_out(tree, county_admin):
    today = D(2026, 10, 12)
    _case(tree, "qingshi", "正常", received_on=D(2026, 10, 9))  # due 10/23
    _case(tree, "baisha", "超期多", due_on=D(2026, 9, 28))
    _case(tree, "police", "临期", due_on=D(2026, 10, 14))
    _case(tree, "qingshi", "超期少", due_on=D(2026, 10, 9))
    _case(tree, "qingshi", "正常更早", due_on=D(2026, 10, 20))
    _case(tree, "qingshi", "已结", due_on=D(2026, 9, 1), closed_on=D(2026, 9, 1))

    assert _titles(county_admin, today) == ["超期多", "超期少", "临期", "正常更早", "正常"]


def test_the_test_provider_builds_items_for_open_cases_only(monkeypatch, tree, county_admin):
    # The provider contract (fazhi/core/inbox.py): closed records are filtered in SQL, so no
    # DueItem is built for them.
    from tests.testapp import deadlines as provider

    _case(tree, "qingshi", "未结")
    for i in range(3):
        _case(tree, "qingshi", f"已结{i}", closed_on=D(2026, 9, 1))
    built = []
    real_due_item = provider.due_item

    def counting(**kwargs):
        built.append(kwargs["title"])
        return real_due_item(**kwargs)

    monkeypatch.setattr(provider, "due_item", counting)

    items = list(provider.sample_items(county_admin, OCT_12))

    assert [i.title for i in items] == built == ["未结"]
    assert all(i.status != DueStatus.DONE for i in items)


def test_the_inbox_checks_the_calendar_once_for_all_its_items(
    tree, county_admin, django_assert_max_num_queries
):
    for i in range(30):
        _case(tree, "qingshi", f"案件{i}", received_on=OCT_9 - dt.timedelta(days=i))
    inbox.items_for(county_admin, OCT_12)  # warm: the years' days are loaded

    # One query for the calendar's token and one for the cases (the scoping may add one): not
    # one per item. (Only the test module's provider: each installed app adds one of its own.)
    with django_assert_max_num_queries(3):
        assert len(_titles(county_admin, module="测试模块")) == 30


def test_items_can_be_filtered_by_module(tree, county_admin):
    _case(tree, "qingshi", "青石镇案件")
    assert _titles(county_admin, module="测试模块") == ["青石镇案件"]
    assert inbox.items_for(county_admin, D(2026, 10, 12), module="行政复议") == []


# --- the calendar warning ---------------------------------------------------------------------


def test_calendar_and_org_administrators_are_warned_in_q4_that_2027_is_missing(
    sysadmin, county_admin, township_clerk
):
    for user in (sysadmin, county_admin):
        [item] = [i for i in inbox.items_for(user, D(2026, 11, 21)) if i.module == "节假日安排"]
        assert item.title == "2027 年节假日安排未录入"
        assert item.url == "/calendar/?year=2027"
        assert item.status == DueStatus.SOON
    assert not [
        i for i in inbox.items_for(township_clerk, D(2026, 11, 21)) if i.module == "节假日安排"
    ]


def test_no_calendar_warning_before_q4_or_once_the_year_is_entered(sysadmin):
    assert inbox.items_for(sysadmin, D(2026, 9, 30)) == []
    calendar.enter_year(
        actor=sysadmin, year=2027, source="测试", days=parse_days("2027-01-01 休 元旦", 2027)
    )
    assert inbox.items_for(sysadmin, D(2026, 11, 21)) == []


def test_a_current_year_not_entered_is_overdue(sysadmin):
    [item] = inbox.items_for(sysadmin, D(2027, 1, 4))
    assert (item.title, item.status) == ("2027 年节假日安排未录入", DueStatus.OVERDUE)


# --- the page ---------------------------------------------------------------------------------


def test_inbox_page_lists_items_with_status_tiles_and_days_left(client, tree, county_admin):
    _case(tree, "qingshi", "青石镇答复", received_on=D(2026, 9, 25))  # due 10/15
    _case(tree, "baisha", "白沙镇答复", due_on=D(2026, 10, 9))

    with _at(D(2026, 10, 12)):
        client.force_login(county_admin)
        body = client.get(reverse("core:inbox")).content.decode()

    assert "青石镇答复" in body
    assert "2026-10-15" in body
    assert "剩 3 个工作日" in body
    assert "超期 2 个工作日" in body  # 10/10 (调休 Saturday) and 10/12
    assert '<span class="badge fz-status-overdue">超期</span>' in body
    assert '<div class="fz-stat-value">1</div>' in body


def test_inbox_page_filters_by_status_and_module(client, tree, county_admin):
    _case(tree, "qingshi", "青石镇答复", received_on=D(2026, 9, 25))
    _case(tree, "baisha", "白沙镇答复", due_on=D(2026, 10, 9))

    with _at(D(2026, 10, 12)):
        client.force_login(county_admin)
        overdue = client.get(reverse("core:inbox"), {"status": "overdue"}).content.decode()
        calendar_only = client.get(reverse("core:inbox"), {"module": "节假日安排"}).content.decode()

    assert "白沙镇答复" in overdue
    assert "青石镇答复" not in overdue
    assert "2027 年节假日安排未录入" in calendar_only
    assert "白沙镇答复" not in calendar_only


def test_inbox_page_says_the_year_is_missing_instead_of_a_date(client, tree, township_clerk):
    _case(tree, "qingshi", "跨年案件", received_on=D(2026, 12, 28))

    with _at(D(2026, 12, 28)):
        client.force_login(township_clerk)
        body = client.get(reverse("core:inbox")).content.decode()

    assert "跨年案件" in body
    assert '<span class="fz-due-missing">2027 年节假日安排未录入</span>' in body
    assert "2027-01" not in body


def test_inbox_page_empty_state(client, township_clerk):
    with _at(D(2026, 10, 12)):
        client.force_login(township_clerk)
        body = client.get(reverse("core:inbox")).content.decode()
    assert 'data-testid="inbox-empty"' in body
    assert "暂无待办事项" in body


def test_inbox_and_calendar_are_in_the_navigation(client, township_clerk):
    client.force_login(township_clerk)
    body = client.get(reverse("core:inbox")).content.decode()
    assert '<i class="bi bi-inbox"></i> 待办与预警' in body
    assert '<i class="bi bi-calendar3"></i> 节假日安排' in body


def test_due_on_tag_renders_a_date_or_the_missing_year():
    from django.template import Context, Template

    template = Template('{% load fz_deadlines %}{% due_on "testapp.answer" start %}')
    assert template.render(Context({"start": D(2026, 9, 25)})) == "2026-10-15"
    assert "2027 年节假日安排未录入" in template.render(Context({"start": D(2026, 12, 28)}))
