"""The official holiday calendar: 2026 as seeded from chinesecalendar, arithmetic, missing years,
entering and fixing days, the calendar page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from fazhi.core import audit, calendar, stamp
from fazhi.core.calendar import (
    CalendarInputError,
    DayEntry,
    add_calendar_days,
    add_months,
    add_working_days,
    is_working_day,
    parse_days,
    working_days_between,
)
from fazhi.core.exceptions import ApplicationError, CalendarMissingError
from fazhi.core.models import AuditEvent, CalendarDay, CalendarYear, DayKind

pytestmark = pytest.mark.django_db

D = dt.date

# A made-up 2027 arrangement for tests (the real notice is not out yet): 元旦 on Friday, a
# 春节 block with one Saturday worked.
ARRANGEMENT_2027 = """
2027-01-01 休 元旦
2027-02-05 至 2027-02-12 休 春节
2027-02-20 班 春节
"""


def _enter_2027(actor=None):
    return calendar.enter_year(
        actor=actor, year=2027, source="测试通知", days=parse_days(ARRANGEMENT_2027, 2027)
    )


# --- 2026 as seeded by the migration ----------------------------------------------------------


def test_2026_national_day_block_is_rest_and_its_makeup_weekend_days_are_working():
    assert [is_working_day(D(2026, 10, d)) for d in range(1, 8)] == [False] * 7
    assert is_working_day(D(2026, 9, 20))  # Sunday, 调休上班
    assert is_working_day(D(2026, 10, 10))  # Saturday, 调休上班
    assert not is_working_day(D(2026, 10, 11))  # plain Sunday
    assert not is_working_day(D(2026, 9, 25))  # Friday, 中秋
    assert is_working_day(D(2026, 10, 8))


def test_seeded_days_carry_chinese_holiday_names():
    assert CalendarDay.objects.get(date=D(2026, 10, 1)).name == "国庆节"
    assert CalendarDay.objects.get(date=D(2026, 2, 16)).name == "春节"
    work = CalendarDay.objects.get(date=D(2026, 10, 10))
    assert (work.kind, work.name) == (DayKind.WORK, "国庆节")
    # Weekend days inside a block are not stored: they are rest days anyway.
    assert not CalendarDay.objects.filter(date=D(2026, 10, 3)).exists()


def test_every_year_the_package_knows_is_entered():
    years = set(CalendarYear.objects.values_list("year", flat=True))
    assert set(range(2004, 2027)) <= years
    assert 2027 not in years


# --- working days -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 9, 30), 1, D(2026, 10, 8)),  # over the whole 国庆 block
        (D(2026, 10, 9), 1, D(2026, 10, 10)),  # the 调休 Saturday is a working day
        (D(2026, 10, 10), 1, D(2026, 10, 12)),  # the Sunday after it is not
        (D(2026, 10, 3), 1, D(2026, 10, 8)),  # a start inside the block is not counted
        (D(2026, 9, 24), 1, D(2026, 9, 28)),  # 中秋 Friday and the weekend skipped
        (D(2026, 9, 25), 5, D(2026, 10, 9)),
        (D(2026, 9, 18), 5, D(2026, 9, 24)),  # Sunday 9/20 is the first working day
        (D(2026, 9, 25), 10, D(2026, 10, 15)),
        (D(2026, 10, 12), 0, D(2026, 10, 12)),
    ],
)
def test_add_working_days_follows_the_2026_national_day_arrangement(start, n, expected):
    assert add_working_days(start, n) == expected


def test_working_days_between_counts_after_a_up_to_b():
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 10)) == 3
    assert working_days_between(D(2026, 10, 10), D(2026, 9, 30)) == -3
    assert working_days_between(D(2026, 10, 1), D(2026, 10, 7)) == 0


def test_working_days_between_inverts_add_working_days_across_years():
    start = D(2025, 12, 20)
    for n in range(40):
        assert working_days_between(start, add_working_days(start, n)) == n


# --- calendar-day and month periods -----------------------------------------------------------


def test_calendar_day_period_ending_in_the_holiday_rolls_to_the_next_working_day():
    # 民事诉讼法 第85条: 15 days from 9/18 end on 10/3, a holiday: the deadline is 10/8.
    assert add_calendar_days(D(2026, 9, 18), 15) == D(2026, 10, 8)


def test_calendar_day_period_ending_on_a_makeup_saturday_does_not_roll():
    assert add_calendar_days(D(2026, 9, 25), 15) == D(2026, 10, 10)


def test_calendar_day_period_ending_on_a_plain_weekend_rolls_to_monday():
    assert add_calendar_days(D(2026, 11, 6), 8) == D(2026, 11, 16)


def test_month_period_takes_the_month_end_when_the_day_is_missing():
    assert add_months(D(2026, 5, 31), 1) == D(2026, 6, 30)
    # 2026-02-28 is a Saturday worked for 春节, so it stays.
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    # 2026-05-31 is a Sunday: rolls to Monday.
    assert add_months(D(2026, 3, 31), 2) == D(2026, 6, 1)
    # 2026-10-01 is 国庆节: rolls past the whole block.
    assert add_months(D(2026, 9, 1), 1) == D(2026, 10, 8)
    assert add_months(D(2025, 11, 30), 12) == D(2026, 11, 30)


def test_negative_period_is_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 10, 9), -1)


# --- a year not entered -----------------------------------------------------------------------


def test_a_date_in_2027_raises_naming_the_year_even_on_a_monday():
    with pytest.raises(CalendarMissingError) as excinfo:
        is_working_day(D(2027, 1, 4))
    assert excinfo.value.year == 2027
    assert str(excinfo.value) == "2027 年节假日安排未录入"


def test_working_days_crossing_into_2027_raise_naming_2027():
    with pytest.raises(CalendarMissingError, match="2027 年节假日安排未录入"):
        add_working_days(D(2026, 12, 28), 10)


def test_calendar_days_ending_in_2027_raise():
    with pytest.raises(CalendarMissingError):
        add_calendar_days(D(2026, 12, 20), 15)
    assert add_calendar_days(D(2026, 12, 1), 15) == D(2026, 12, 16)


# --- cache: fresh in every process ------------------------------------------------------------


def test_a_cold_computation_reads_the_token_then_each_year_once(django_assert_num_queries):
    # The token, the entered years, then the days of 2025 and of 2026.
    with django_assert_num_queries(4):
        working_days_between(D(2025, 12, 1), D(2026, 1, 31))
    with django_assert_num_queries(1):  # warm: only the token
        add_working_days(D(2025, 12, 1), 30)


def test_a_batch_reads_the_token_once_for_many_computations(django_assert_num_queries):
    working_days_between(D(2025, 12, 1), D(2026, 1, 31))

    with django_assert_num_queries(1), calendar.batch():
        for day in range(1, 29):
            is_working_day(D(2026, 2, day))
        add_working_days(D(2025, 12, 1), 30)
        add_calendar_days(D(2026, 9, 20), 15)


def test_an_edit_made_in_another_process_is_seen_at_the_next_computation(monkeypatch, sysadmin):
    assert add_working_days(D(2026, 10, 9), 1) == D(2026, 10, 10)  # cached here
    # Another process edits: its service cannot clear this process's memory.
    monkeypatch.setattr(stamp, "clear", lambda: None)

    calendar.delete_day(actor=sysadmin, day=CalendarDay.objects.get(date=D(2026, 10, 10)))

    assert add_working_days(D(2026, 10, 9), 1) == D(2026, 10, 12)


def test_a_year_entered_in_another_process_is_seen_at_the_next_computation(monkeypatch):
    with pytest.raises(CalendarMissingError):
        add_working_days(D(2026, 12, 28), 10)
    monkeypatch.setattr(stamp, "clear", lambda: None)

    _enter_2027()

    assert add_working_days(D(2026, 12, 28), 10) == D(2027, 1, 12)


def test_an_edit_rolled_back_leaves_nothing_cached(sysadmin):
    day = CalendarDay.objects.get(date=D(2026, 10, 10))
    with pytest.raises(RuntimeError), transaction.atomic():
        calendar.delete_day(actor=sysadmin, day=day)
        assert add_working_days(D(2026, 10, 9), 1) == D(2026, 10, 12)  # its own edit
        raise RuntimeError("回滚")

    assert add_working_days(D(2026, 10, 9), 1) == D(2026, 10, 10)


def test_an_edit_inside_a_batch_is_seen_by_the_rest_of_the_batch(sysadmin):
    day = CalendarDay.objects.get(date=D(2026, 10, 10))
    with calendar.batch():
        assert add_working_days(D(2026, 10, 9), 1) == D(2026, 10, 10)
        with pytest.raises(RuntimeError), transaction.atomic():
            calendar.delete_day(actor=sysadmin, day=day)
            assert add_working_days(D(2026, 10, 9), 1) == D(2026, 10, 12)
            raise RuntimeError("回滚")
        assert add_working_days(D(2026, 10, 9), 1) == D(2026, 10, 10)


# --- entering a year --------------------------------------------------------------------------


def test_entering_2027_makes_computation_work_and_is_audited(sysadmin):
    with pytest.raises(CalendarMissingError):
        add_working_days(D(2026, 12, 28), 10)

    year = _enter_2027(sysadmin)

    # 12/29, 12/30, 12/31, then 元旦 (Friday) skipped: 1/4 … 1/8, 1/11, 1/12.
    assert add_working_days(D(2026, 12, 28), 10) == D(2027, 1, 12)
    assert is_working_day(D(2027, 2, 20))
    assert not is_working_day(D(2027, 2, 8))
    event = AuditEvent.objects.get(object_type="core.calendaryear", object_id=str(year.pk))
    assert event.event == "create"
    assert event.actor == sysadmin
    assert "2027-02-20 上班 春节" in event.changes["days"][1]
    assert CalendarDay.objects.filter(date__year=2027).count() == 8


def test_entering_a_year_twice_is_refused():
    _enter_2027()
    with pytest.raises(ApplicationError, match="2027 年节假日安排已录入"):
        _enter_2027()


def test_a_bad_line_is_named_and_nothing_is_stored():
    text = "2027-01-01 休 元旦\n2027-02-30 休 春节\n2027-02-08 班 春节\n"
    with pytest.raises(CalendarInputError) as excinfo:
        parse_days(text, 2027)
    assert excinfo.value.errors == [
        "第 2 行：日期“2027-02-30”不存在",
        "第 3 行：2027-02-08 是星期一，本来就上班，无需登记为调休上班",
    ]
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("2027-01-01 放 元旦", "第 1 行：“放”应为“休”或“班”"),
        ("2028-01-03 休 元旦", "第 1 行：2028-01-03 不在 2027 年内"),
        ("元旦 休 春节", "第 1 行：“元旦”不是日期，应写作 2027-01-01"),
        (
            "2027-01-05 至 2027-01-01 休 元旦",
            "第 1 行：结束日期 2027-01-01 早于开始日期 2027-01-05",
        ),
        ("2027-01-02 休 元旦", "第 1 行：2027-01-02 是星期六，本来就休息，无需登记为休息日"),
        ("2027-01-04", "第 1 行：无法识别，格式应为"),
        ("2027-02-20 班", "第 1 行：缺少节日名称"),
        ("2027-02-08 至 2027-02-10 休", "第 1 行：缺少节日名称"),
        ("2027-02-08 至 休 春节", "第 1 行：无法识别，格式应为"),
    ],
)
def test_each_kind_of_bad_line_gets_a_chinese_message_naming_the_line(line, message):
    with pytest.raises(CalendarInputError) as excinfo:
        parse_days(line, 2027)
    assert excinfo.value.errors[0].startswith(message)


def test_a_date_on_two_lines_is_refused_naming_both():
    with pytest.raises(CalendarInputError) as excinfo:
        parse_days("2027-01-01 休 元旦\n\n2027-01-01 休 元旦", 2027)
    assert excinfo.value.errors == ["第 3 行：2027-01-01 与第 1 行重复"]


def test_rest_periods_keep_only_their_weekdays():
    days = parse_days("2027年2月5日~2027年2月12日 休 春节", 2027)
    assert [d.date.day for d in days] == [5, 8, 9, 10, 11, 12]
    assert {d.kind for d in days} == {DayKind.REST}


# --- fixing a day -----------------------------------------------------------------------------


def test_changing_and_deleting_a_day_takes_effect_at_once_and_is_audited(sysadmin):
    day = CalendarDay.objects.get(date=D(2026, 10, 10))
    assert add_working_days(D(2026, 10, 9), 1) == D(2026, 10, 10)

    calendar.delete_day(actor=sysadmin, day=day)

    assert add_working_days(D(2026, 10, 9), 1) == D(2026, 10, 12)
    rest = CalendarDay.objects.get(date=D(2026, 10, 7))
    calendar.change_day(actor=sysadmin, day=rest, kind=DayKind.REST, name="国庆节（补）")
    events = AuditEvent.objects.filter(object_type="core.calendarday").order_by("pk")
    assert [e.event for e in events] == ["delete", "update"]
    assert events[1].changes == {"name": ["国庆节", "国庆节（补）"]}


def test_every_calendar_edit_writes_its_data_and_token_before_its_audit_row(monkeypatch, sysadmin):
    seen = []
    real_append = audit._append

    def append(**fields):
        day_stored = CalendarDay.objects.filter(date=D(2026, 10, 10)).exists()
        seen.append((fields["event"], day_stored, stamp.read()))
        return real_append(**fields)

    monkeypatch.setattr(audit, "_append", append)
    day = CalendarDay.objects.get(date=D(2026, 10, 10))
    pk = day.pk
    calendar.change_day(actor=sysadmin, day=day, kind=DayKind.WORK, name="国庆调休")
    calendar.delete_day(actor=sysadmin, day=day)
    calendar.add_day(actor=sysadmin, date=D(2026, 10, 10), kind=DayKind.WORK, name="国庆节")

    assert [(event, stored) for event, stored, _token in seen] == [
        ("update", True),
        ("delete", False),
        ("create", True),
    ]
    tokens = [token for _event, _stored, token in seen]
    assert len(set(tokens)) == 3  # each audit row follows its own token bump
    deleted = AuditEvent.objects.get(event="delete", object_type="core.calendarday")
    assert (deleted.object_id, deleted.object_repr) == (str(pk), "2026-10-10 上班 国庆调休")


def test_adding_a_day_to_a_year_not_entered_is_refused(sysadmin):
    with pytest.raises(ApplicationError, match="2027 年节假日安排未录入"):
        calendar.add_day(actor=sysadmin, date=D(2027, 1, 4), kind=DayKind.REST, name="元旦")


def test_a_weekday_cannot_become_a_makeup_working_day(sysadmin):
    day = CalendarDay.objects.get(date=D(2026, 10, 1))
    with pytest.raises(CalendarInputError, match="本来就上班"):
        calendar.change_day(actor=sysadmin, day=day, kind=DayKind.WORK, name="国庆节")
    assert CalendarDay.objects.get(date=D(2026, 10, 1)).kind == DayKind.REST


# --- deleting a year --------------------------------------------------------------------------


def test_deleting_a_year_removes_it_and_its_days_in_one_audited_step(sysadmin):
    year = _enter_2027()
    assert add_working_days(D(2026, 12, 28), 10) == D(2027, 1, 12)

    calendar.delete_year(actor=sysadmin, year=2027)

    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    with pytest.raises(CalendarMissingError, match="2027 年节假日安排未录入"):
        add_working_days(D(2026, 12, 28), 10)
    event = AuditEvent.objects.get(event="delete", object_type="core.calendaryear")
    assert (event.object_id, event.actor) == (str(year.pk), sysadmin)
    assert event.changes["year"] == [2027, None]
    assert "2027-02-20 上班 春节" in event.changes["days"][0]
    # The year can be entered again afterwards.
    _enter_2027(sysadmin)
    assert add_working_days(D(2026, 12, 28), 10) == D(2027, 1, 12)


def test_deleting_a_year_not_entered_is_refused_and_changes_nothing(sysadmin):
    with pytest.raises(ApplicationError, match="2027 年节假日安排未录入，无需删除"):
        calendar.delete_year(actor=sysadmin, year=2027)
    assert not AuditEvent.objects.filter(event="delete").exists()


def test_calendar_editor_deletes_a_year_after_confirming_on_the_page(client, sysadmin):
    _enter_2027()
    client.force_login(sysadmin)
    page = client.get(reverse("core:calendar"), {"year": 2027}).content.decode()
    url = reverse("core:calendar-delete-year", args=[2027])
    assert f'href="{url}"' in page

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "确认删除 2027 年节假日安排" in confirm.content.decode()
    assert CalendarYear.objects.filter(year=2027).exists()  # a GET changes nothing

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == "/calendar/?year=2027"
    assert not calendar.is_year_entered(2027)
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_deleting_a_year_needs_edit_calendar_and_an_entered_year(
    client, township_clerk, county_admin, sysadmin
):
    url = reverse("core:calendar-delete-year", args=[2026])
    for user in (township_clerk, county_admin):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
        page = client.get(reverse("core:calendar"), {"year": 2026}).content.decode()
        assert 'data-testid="delete-year"' not in page
    assert calendar.is_year_entered(2026)
    client.force_login(sysadmin)
    assert client.get(reverse("core:calendar-delete-year", args=[2027])).status_code == 404


# --- seeding command --------------------------------------------------------------------------


def test_seed_calendar_is_idempotent_and_restores_a_missing_year(capsys):
    before = CalendarDay.objects.filter(date__year=2026).count()
    CalendarDay.objects.filter(date__year=2026).delete()
    CalendarYear.objects.filter(year=2026).delete()

    call_command("seed_calendar")
    call_command("seed_calendar")

    assert CalendarDay.objects.filter(date__year=2026).count() == before
    assert CalendarYear.objects.filter(year=2026).count() == 1
    assert "新录入年度：无" in capsys.readouterr().out


def test_seed_calendar_reports_a_differing_year_and_syncs_it_on_request(capsys):
    CalendarDay.objects.filter(date=D(2026, 10, 10)).delete()

    call_command("seed_calendar")
    assert "与软件包不一致（未改动，可用 --sync 覆盖）：2026" in capsys.readouterr().out
    assert not CalendarDay.objects.filter(date=D(2026, 10, 10)).exists()

    call_command("seed_calendar", "--sync")
    assert CalendarDay.objects.get(date=D(2026, 10, 10)).kind == DayKind.WORK


def test_enter_calendar_year_command_reads_a_file(tmp_path):
    path = tmp_path / "2027.txt"
    path.write_text(ARRANGEMENT_2027, encoding="utf-8")
    call_command("enter_calendar_year", "2027", "--source", "测试通知", "--file", str(path))
    assert calendar.is_year_entered(2027)


# --- the calendar page ------------------------------------------------------------------------


def test_calendar_page_shows_the_year_to_any_user_without_edit_forms(client, township_clerk):
    client.force_login(township_clerk)
    response = client.get(reverse("core:calendar"), {"year": 2026})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="fz-day-work" title="国庆节 调休上班">10<' in body
    assert "国庆节" in body
    assert 'data-testid="year-form"' not in body
    assert 'data-testid="add-day-form"' not in body
    assert "修改</a>" not in body


def test_calendar_page_for_a_missing_year_shows_the_banner(client, township_clerk):
    client.force_login(township_clerk)
    response = client.get(reverse("core:calendar"), {"year": 2027})
    assert (
        "2027 年节假日安排未录入</strong>：国务院办公厅通知发布后请录入"
        in response.content.decode()
    )


def test_a_user_without_edit_calendar_gets_403_on_post_and_nothing_changes(
    client, township_clerk, county_admin
):
    data = {"year": 2027, "source": "测试通知", "days": ARRANGEMENT_2027}
    for user in (township_clerk, county_admin):
        client.force_login(user)
        assert client.post(reverse("core:calendar-enter-year"), data).status_code == 403
        day = CalendarDay.objects.get(date=D(2026, 10, 10))
        url = reverse("core:calendar-delete-day", args=[day.pk])
        assert client.post(url).status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert CalendarDay.objects.filter(date=D(2026, 10, 10)).exists()
    assert AuditEvent.objects.filter(event="access_denied").count() == 4


def test_calendar_editor_enters_a_year_through_the_page(client, sysadmin):
    client.force_login(sysadmin)
    page = client.get(reverse("core:calendar"), {"year": 2027}).content.decode()
    assert 'data-testid="year-form"' in page

    data = {"year": 2027, "source": "测试通知", "days": ARRANGEMENT_2027}
    response = client.post(reverse("core:calendar-enter-year"), data)

    assert response.status_code == 302
    assert response["Location"] == "/calendar/?year=2027"
    assert calendar.is_year_entered(2027)


def test_a_bad_line_on_the_page_is_shown_and_nothing_is_stored(client, sysadmin):
    client.force_login(sysadmin)
    data = {"year": 2027, "source": "测试通知", "days": "2027-01-01 休 元旦\n2027-13-01 休 春节"}
    response = client.post(reverse("core:calendar-enter-year"), data)
    assert response.status_code == 400
    assert "第 2 行：日期“2027-13-01”不存在" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_calendar_editor_fixes_and_deletes_a_day_through_the_page(client, sysadmin):
    client.force_login(sysadmin)
    day = CalendarDay.objects.get(date=D(2026, 10, 7))
    url = reverse("core:calendar-day", args=[day.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"kind": "rest", "name": "国庆节调休"})
    assert response.status_code == 302
    assert CalendarDay.objects.get(pk=day.pk).name == "国庆节调休"

    client.post(reverse("core:calendar-delete-day", args=[day.pk]))
    assert not CalendarDay.objects.filter(pk=day.pk).exists()
    assert is_working_day(D(2026, 10, 7))


def test_adding_a_day_on_the_page_with_a_bad_kind_is_refused(client, sysadmin):
    client.force_login(sysadmin)
    data = {"date": "2026-11-02", "kind": "work", "name": "测试"}
    response = client.post(reverse("core:calendar-add-day"), data)
    assert response.status_code == 400
    assert "2026-11-02 是星期一，本来就上班" in response.content.decode()
    assert not CalendarDay.objects.filter(date=D(2026, 11, 2)).exists()


def test_calendar_admin_is_open_to_the_calendar_editor_only(client, sysadmin, county_admin):
    client.force_login(sysadmin)
    assert client.get("/admin/core/calendarday/").status_code == 200
    client.force_login(county_admin)
    assert client.get("/admin/core/calendarday/").status_code in (302, 403)


def test_day_entry_renders_in_chinese():
    assert str(DayEntry(D(2027, 2, 20), DayKind.WORK, "春节")) == "2027-02-20 上班 春节"
