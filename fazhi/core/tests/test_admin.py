"""The configuration admin: versioned saves (issue 2 part 13), audit rows written last, and the
holiday calendar edited only whole years at a time (entered and deleted on the calendar page)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.test import Client, RequestFactory

from fazhi.core import admin as core_admin
from fazhi.core import audit, calendar, deadlines, stamp
from fazhi.core.admin import AuditedAdmin
from fazhi.core.exceptions import CalendarMissingError
from fazhi.core.models import AuditEvent, CalendarDay, CalendarYear, DayKind, DeadlineRuleOverride
from fazhi.org.models import Unit

pytestmark = pytest.mark.django_db

D = dt.date
STALE = "该记录已被他人修改，请刷新后重试"
ADD_YEAR = "/admin/core/calendaryear/add/"

UNCONFIRMED = deadlines.register_rule(
    deadlines.DeadlineRule(
        key="tests.admin_unconfirmed",
        name="审核",
        event="收到送审稿",
        count=5,
        unit=deadlines.PeriodUnit.WORKING_DAYS,
        basis="待核实（测试用）",
        unconfirmed=True,
    )
)


def _change_url(obj) -> str:
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def _admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _loaded_form_data(client: Client, url: str) -> dict[str, object]:
    """What the browser would post back unchanged: every field of the change form as loaded."""
    form = client.get(url).context["adminform"].form
    data: dict[str, object] = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value is not None and value is not False:
            data[name] = value
    return data


# --- versioned saves --------------------------------------------------------------------------


def test_second_admin_save_of_a_stale_unit_is_refused_and_the_first_is_kept(tree, sysadmin):
    unit = tree["units"]["police"]
    first, second = _admin_client(sysadmin), _admin_client(sysadmin)
    url = _change_url(unit)
    first_data, second_data = _loaded_form_data(first, url), _loaded_form_data(second, url)
    assert first_data["loaded_version"] == second_data["loaded_version"] == 1

    saved = first.post(url, {**first_data, "short_name": "公安局（甲）"})
    refused = second.post(url, {**second_data, "short_name": "公安局（乙）"})

    assert saved.status_code == 302
    assert refused.status_code == 200
    page = refused.content.decode()
    assert STALE in page
    assert 'value="公安局（乙）"' in page  # the second user's input is shown back
    unit.refresh_from_db()
    assert (unit.short_name, unit.version) == ("公安局（甲）", 2)
    events = AuditEvent.objects.filter(object_type="org.unit", object_id=str(unit.pk))
    assert [e.changes for e in events] == [{"short_name": ["", "公安局（甲）"]}]


def test_an_admin_save_racing_past_the_form_check_is_refused_as_well(monkeypatch, tree, sysadmin):
    unit = tree["units"]["police"]
    client = _admin_client(sysadmin)
    url = _change_url(unit)
    data = _loaded_form_data(client, url)
    model_admin = admin.site._registry[Unit]
    real_save, real_get_object = core_admin.versioned_update, model_admin.get_object

    def someone_else_saves():
        Unit.objects.filter(pk=unit.pk).update(short_name="别人改的", version=2)

    def save_after_someone_else(obj, **kwargs):
        # Another save commits after this form passed its check and before its own UPDATE.
        monkeypatch.setattr(core_admin, "versioned_update", real_save)
        someone_else_saves()
        return real_save(obj, **kwargs)

    def get_object(request, object_id, from_field=None):
        # The other save was committed: it is still there when the form is built again (here,
        # inside the test's transaction, it is rolled back with this save: write it again).
        if core_admin.versioned_update is real_save:
            someone_else_saves()
        return real_get_object(request, object_id, from_field)

    monkeypatch.setattr(core_admin, "versioned_update", save_after_someone_else)
    monkeypatch.setattr(model_admin, "get_object", get_object)
    response = client.post(url, {**data, "short_name": "我的修改"})

    assert response.status_code == 200
    assert STALE in response.content.decode()
    assert 'value="我的修改"' in response.content.decode()
    unit.refresh_from_db()
    assert (unit.short_name, unit.version) == ("别人改的", 2)
    assert not AuditEvent.objects.filter(object_type="org.unit").exists()


def test_a_post_without_the_loaded_version_is_refused(tree, sysadmin):
    unit = tree["units"]["police"]
    client = _admin_client(sysadmin)
    data = _loaded_form_data(client, _change_url(unit))
    del data["loaded_version"]

    response = client.post(_change_url(unit), {**data, "short_name": "无版本"})

    assert STALE in response.content.decode()
    unit.refresh_from_db()
    assert unit.short_name != "无版本"


def test_the_hidden_version_is_kept_when_an_admin_declares_its_fields(tree, sysadmin):
    class DeclaredUnitAdmin(AuditedAdmin):
        fields = ["name", "short_name"]

    model_admin = DeclaredUnitAdmin(Unit, AdminSite())
    request = RequestFactory().get("/")
    request.user = sysadmin
    unit = tree["units"]["police"]

    fieldsets = model_admin.get_fieldsets(request, unit)
    form = model_admin.get_form(request, unit)(instance=unit)

    assert fieldsets[0][1]["fields"] == ["name", "short_name", "loaded_version"]
    assert form.initial["loaded_version"] == 1
    assert form["loaded_version"].is_hidden


# --- audit rows last --------------------------------------------------------------------------


def test_an_admin_delete_stores_the_deletion_before_its_audit_row(monkeypatch, sysadmin):
    override = DeadlineRuleOverride.objects.create(
        rule_key=UNCONFIRMED.key, count=9, reason="待删除"
    )
    seen_when_auditing = []
    real_append = audit._append

    def append(**fields):
        if fields["event"] == audit.Event.DELETE:
            stored = DeadlineRuleOverride.objects.filter(pk=override.pk).exists()
            seen_when_auditing.append(stored)
        return real_append(**fields)

    monkeypatch.setattr(audit, "_append", append)
    url = f"/admin/core/deadlineruleoverride/{override.pk}/delete/"
    response = _admin_client(sysadmin).post(url, {"post": "yes"})

    assert response.status_code == 302
    assert seen_when_auditing == [False]
    event = AuditEvent.objects.get(object_type="core.deadlineruleoverride")
    assert (event.event, event.object_id) == ("delete", str(override.pk))
    assert event.object_repr == "tests.admin_unconfirmed → 9"
    assert event.changes["count"] == [9, None]


def test_an_override_saved_in_the_admin_applies_at_the_next_computation(sysadmin):
    rule = UNCONFIRMED
    assert deadlines.due_date(rule, D(2026, 11, 2)) == D(2026, 11, 9)
    token = stamp.read()

    response = _admin_client(sysadmin).post(
        "/admin/core/deadlineruleoverride/add/",
        {"rule_key": rule.key, "count": 15, "reason": "本省规定"},
    )

    assert response.status_code == 302
    assert stamp.read() != token
    assert deadlines.due_date(rule, D(2026, 11, 2)) == D(2026, 11, 23)


# --- the holiday calendar in the admin --------------------------------------------------------


def test_a_calendar_year_cannot_be_added_or_deleted_in_the_admin(sysadmin):
    client = _admin_client(sysadmin)
    year = CalendarYear.objects.get(year=2026)

    assert client.get(ADD_YEAR).status_code == 403
    assert client.post(ADD_YEAR, {"year": 2027, "source": "后台"}).status_code == 403
    delete_url = f"/admin/core/calendaryear/{year.pk}/delete/"
    assert client.post(delete_url, {"post": "yes"}).status_code == 403

    assert not CalendarYear.objects.filter(year=2027).exists()
    assert CalendarYear.objects.filter(year=2026).exists()
    with pytest.raises(CalendarMissingError):
        calendar.is_working_day(D(2027, 1, 1))


def test_a_calendar_years_number_cannot_be_changed_in_the_admin(sysadmin):
    client = _admin_client(sysadmin)
    year = CalendarYear.objects.get(year=2026)

    response = client.post(_change_url(year), {"year": 2027, "source": "新依据", "note": ""})

    assert response.status_code == 302
    year.refresh_from_db()
    assert (year.year, year.source) == (2026, "新依据")
    assert calendar.entered_years() >= {2026}
    assert 2027 not in calendar.entered_years()


def test_calendar_days_edited_in_the_admin_go_through_the_calendars_services(sysadmin):
    client = _admin_client(sysadmin)
    day = CalendarDay.objects.get(date=D(2026, 10, 10))
    assert calendar.add_working_days(D(2026, 10, 9), 1) == D(2026, 10, 10)

    added = client.post(
        "/admin/core/calendarday/add/", {"date": "2026-11-02", "kind": "rest", "name": "测试"}
    )
    changed = client.post(_change_url(day), {"date": "2026-12-31", "kind": "work", "name": "改名"})
    deleted = client.post(f"/admin/core/calendarday/{day.pk}/delete/", {"post": "yes"})

    assert [r.status_code for r in (added, changed, deleted)] == [302, 302, 302]
    assert not calendar.is_working_day(D(2026, 11, 2))
    assert calendar.add_working_days(D(2026, 10, 9), 1) == D(2026, 10, 12)
    assert not CalendarDay.objects.filter(date=D(2026, 12, 31)).exists()  # date is read-only
    events = AuditEvent.objects.filter(object_type="core.calendarday").order_by("pk")
    assert [e.event for e in events] == ["create", "update", "delete"]
    assert events[1].changes == {"name": ["国庆节", "改名"]}


def test_a_calendar_day_for_a_year_not_entered_is_refused_in_the_admin(sysadmin):
    response = _admin_client(sysadmin).post(
        "/admin/core/calendarday/add/", {"date": "2027-01-01", "kind": DayKind.REST, "name": "元旦"}
    )

    assert response.status_code == 200
    assert "2027 年节假日安排未录入，请先录入该年度" in response.content.decode()
    assert not CalendarDay.objects.filter(date=D(2027, 1, 1)).exists()
