"""The audit log as the 审计管理员 sees it: list, filters, detail, export, integrity check.

SECURITY.md §6 rows 19–24: only the auditor reads the log; every refusal and every export is
itself an audit event; exported cells are never formulas (row 37).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from io import BytesIO
from urllib.parse import unquote

import openpyxl
import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fazhi.core import audit, exporters, navigation
from fazhi.core.models import AuditEvent
from fazhi.core.services import audited_create, versioned_update
from fazhi.core.tests.test_audit import _tamper, _trigger_disabled
from tests.testapp.models import SampleCase

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
REFUSED = ["sysadmin", "secadmin", "county_admin", "leader", "township_clerk"]


@pytest.fixture
def case(tree, county_admin):
    return audited_create(
        SampleCase,
        actor=county_admin,
        title="旧标题",
        unit=tree["units"]["qingshi"],
        received_on=dt.date(2026, 11, 2),
    )


@pytest.fixture
def auditor_client(client, auditor):
    client.force_login(auditor)
    return client


def _listed(response):
    return [row.event for row in response.context["rows"]]


def _workbook(response):
    return openpyxl.load_workbook(BytesIO(b"".join(response.streaming_content)))


def _url(name, event):
    return reverse(name, args=[event.pk]) if name == "audit:detail" else reverse(name)


@pytest.mark.parametrize("persona", REFUSED)
@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("audit:list", "get"),
        ("audit:detail", "get"),
        ("audit:export", "get"),
        ("audit:verify", "post"),
    ],
)
def test_only_the_auditor_opens_the_audit_pages_and_each_refusal_is_audited(
    client, request, persona, name, method, case
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    event = AuditEvent.objects.first()
    denied = AuditEvent.objects.filter(event=audit.Event.ACCESS_DENIED, actor=user)

    response = getattr(client, method)(_url(name, event))

    assert response.status_code == 403
    refusal = denied.get()
    assert refusal.success is False
    assert refusal.message.startswith("缺少权限“查阅审计日志”")
    assert reverse(name, args=[event.pk] if name == "audit:detail" else []) in refusal.message


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("audit:list", "get"),
        ("audit:detail", "get"),
        ("audit:export", "get"),
        ("audit:verify", "post"),
    ],
)
def test_anonymous_visitor_is_sent_to_login(client, name, method, case):
    response = getattr(client, method)(_url(name, AuditEvent.objects.first()))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_auditor_sees_the_log_newest_first_with_retention(auditor_client, case):
    response = auditor_client.get(reverse("audit:list"))

    assert response.status_code == 200
    listed = _listed(response)
    assert listed == sorted(listed, key=lambda e: (e.created_at, e.pk), reverse=True)
    assert "日志保存期限：不少于 365 天" in response.content.decode()


def test_retention_shown_follows_the_setting(auditor_client, settings):
    settings.FAZHI_AUDIT_RETENTION_DAYS = 400
    response = auditor_client.get(reverse("audit:list"))
    assert "日志保存期限：不少于 400 天" in response.content.decode()


def test_list_is_paginated_by_fifty(auditor_client, auditor):
    for i in range(120):
        audit.record_security(event=audit.Event.LOGIN_FAILURE, username=f"u{i}", success=False)

    first = auditor_client.get(reverse("audit:list"), {"event": "login_failure"})
    last = auditor_client.get(reverse("audit:list"), {"event": "login_failure", "page": 3})

    assert len(first.context["rows"]) == 50
    assert len(last.context["rows"]) == 20
    assert "event=login_failure&amp;page=2" in first.content.decode()


def test_data_change_appears_with_old_and_new_values(auditor_client, county_admin, case):
    versioned_update(
        case, expected_version=1, changes={"title": "新标题"}, actor=county_admin, message="更正"
    )
    update = AuditEvent.objects.get(event=audit.Event.UPDATE)

    listing = auditor_client.get(reverse("audit:list"), {"event": "update"}).content.decode()
    detail = auditor_client.get(reverse("audit:detail", args=[update.pk]))

    assert "测试案件" in listing
    assert "修改 标题；更正" in listing
    assert "数据变更" in listing
    page = detail.content.decode()
    assert [(c.label, c.old, c.new) for c in detail.context["changes"]] == [
        ("标题", "旧标题", "新标题")
    ]
    assert "旧标题" in page
    assert "新标题" in page
    assert update.hash in page
    assert update.prev_hash in page
    assert "县级管理员" in page


def test_failed_login_appears_as_a_security_event(auditor_client, county_admin):
    Client().post(reverse("login"), {"username": "county_admin", "password": "wrong-Passw0rd"})

    response = auditor_client.get(reverse("audit:list"), {"event": "login_failure"})

    [failure] = _listed(response)
    assert failure.actor_name == "county_admin"
    assert failure.success is False
    assert failure.ip == "127.0.0.1"
    page = response.content.decode()
    assert "登录失败" in page
    assert "安全事件" in page
    assert "wrong-Passw0rd" not in page


def test_filter_by_user_matches_name_or_account(auditor_client, county_admin, leader, case):
    audit.record_security(event=audit.Event.LOGOUT, user=leader)

    listed = _listed(auditor_client.get(reverse("audit:list"), {"user": "county"}))

    assert listed
    assert {e.actor_id for e in listed} == {county_admin.pk}


def test_filters_by_category_result_object_type_and_text(auditor_client, case):
    audit.record_security(event=audit.Event.LOGIN_FAILURE, username="x", success=False)
    list_url = reverse("audit:list")

    by_category = _listed(auditor_client.get(list_url, {"category": "data"}))
    by_result = _listed(auditor_client.get(list_url, {"result": "failure"}))
    by_type = _listed(auditor_client.get(list_url, {"object_type": "testapp.samplecase"}))
    by_text = _listed(auditor_client.get(list_url, {"q": "旧标"}))

    assert {e.event for e in by_category} == {"create"}
    assert {e.event for e in by_result} == {"login_failure"}
    assert [e.object_id for e in by_type] == [str(case.pk)]
    assert [e.object_id for e in by_text] == [str(case.pk)]


def test_object_type_filter_offers_chinese_model_names(auditor_client, case):
    form = auditor_client.get(reverse("audit:list")).context["form"]
    assert ("testapp.samplecase", "测试案件") in form.fields["object_type"].choices
    assert ("login_failure", "登录失败") in form.fields["event"].choices


def test_filter_by_date_range_uses_local_calendar_days(auditor_client):
    moments = {
        "before": dt.datetime(2026, 10, 31, 23, 59, 59, tzinfo=SHANGHAI),
        "first": dt.datetime(2026, 11, 1, 0, 0, 0, tzinfo=SHANGHAI),
        "last": dt.datetime(2026, 11, 2, 23, 59, 59, tzinfo=SHANGHAI),
        "after": dt.datetime(2026, 11, 3, 0, 0, 0, tzinfo=SHANGHAI),
    }
    for name, moment in moments.items():
        with time_machine.travel(moment, tick=False):
            audit.record_security(event=audit.Event.LOGIN_FAILURE, username=name, success=False)

    response = auditor_client.get(
        reverse("audit:list"),
        {"date_from": "2026-11-01", "date_to": "2026-11-02", "event": "login_failure"},
    )

    assert [e.actor_name for e in _listed(response)] == ["last", "first"]
    assert "2026-11-02 23:59:59" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2026-13-01"}, "开始日期："),
        ({"date_from": "2026-11-05", "date_to": "2026-11-01"}, "结束日期不能早于开始日期"),
        ({"event": "no_such_event"}, "事件："),
    ],
)
def test_bad_filter_input_gets_a_chinese_message_and_no_rows(auditor_client, case, query, message):
    response = auditor_client.get(reverse("audit:list"), query)

    assert response.status_code == 200
    assert response.context["rows"] == []
    assert message in response.content.decode()


def test_export_returns_the_filtered_rows_as_xlsx(auditor_client, county_admin, tree):
    for title in ('=HYPERLINK("http://evil.example","点我")', "+1", "-2", "@SUM(A1)", "普通"):
        audited_create(
            SampleCase,
            actor=county_admin,
            title=title,
            unit=tree["units"]["qingshi"],
            received_on=dt.date(2026, 11, 2),
        )
    listed = _listed(auditor_client.get(reverse("audit:list"), {"event": "create"}))

    with time_machine.travel(dt.datetime(2026, 11, 21, 9, 0, tzinfo=SHANGHAI), tick=False):
        response = auditor_client.get(reverse("audit:export"), {"event": "create"})

    assert response.status_code == 200
    assert response["Content-Type"] == exporters.XLSX_CONTENT_TYPE
    assert "审计日志_20261121.xlsx" in unquote(response["Content-Disposition"])
    sheet = _workbook(response).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("编号", "时间", "类别", "事件", "结果", "操作人")
    assert [r[0] for r in rows[1:]] == [e.pk for e in listed]
    assert [r[10] for r in rows[1:]] == [e.object_repr for e in listed]
    assert rows[1][1] == dt.datetime.fromisoformat(
        f"{timezone.localtime(listed[0].created_at):%Y-%m-%d %H:%M:%S}"
    )
    assert {r[3] for r in rows[1:]} == {"新增"}
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    evil = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert evil.data_type == "s"
    assert evil.value == '=HYPERLINK("http://evil.example","点我")'
    assert evil.quotePrefix


def test_export_is_audited_with_filter_and_row_count(auditor_client, auditor, case):
    response = auditor_client.get(reverse("audit:export"), {"event": "create", "q": "旧"})
    b"".join(response.streaming_content)

    export = AuditEvent.objects.get(event=audit.Event.EXPORT)
    assert export.actor == auditor
    assert export.success is True
    assert "导出审计日志 1 条" in export.message
    assert "事件=新增" in export.message
    assert "关键词=旧" in export.message


def test_export_above_the_cap_is_refused_with_a_message_and_audited(
    auditor_client, monkeypatch, case
):
    monkeypatch.setattr(exporters, "EXPORT_MAX_ROWS", 1)
    audit.record_security(event=audit.Event.LOGOUT, username="x")

    response = auditor_client.get(reverse("audit:export"), {"category": "security"})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('audit:list')}?category=security"
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "超过单次导出上限 1 条" in message
    refusal = AuditEvent.objects.get(event=audit.Event.EXPORT)
    assert refusal.success is False


def test_export_with_bad_filters_goes_back_to_the_list(auditor_client, case):
    response = auditor_client.get(reverse("audit:export"), {"date_from": "昨天"})

    assert response.status_code == 302
    assert not AuditEvent.objects.filter(event=audit.Event.EXPORT).exists()


def test_integrity_check_reports_the_count_and_is_audited(auditor_client, auditor, case):
    total = AuditEvent.objects.count()

    response = auditor_client.post(reverse("audit:verify"), follow=True)

    assert f"审计日志完整，共 {total} 条" in response.content.decode()
    check = AuditEvent.objects.get(event=audit.Event.AUDIT_VERIFY)
    assert check.actor == auditor
    assert check.success is True


def test_integrity_check_over_htmx_returns_a_fragment(auditor_client, case):
    response = auditor_client.post(reverse("audit:verify"), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "审计日志完整" in response.content.decode()
    assert "<html" not in response.content.decode()


def test_integrity_check_links_the_first_broken_row(auditor_client, county_admin, case):
    versioned_update(case, expected_version=1, changes={"title": "新标题"}, actor=county_admin)
    victim = AuditEvent.objects.order_by("pk").first()
    with _trigger_disabled():
        _tamper(victim.pk)

    fragment = auditor_client.post(reverse("audit:verify"), HTTP_HX_REQUEST="true")
    full = auditor_client.post(reverse("audit:verify"))

    detail_url = reverse("audit:detail", args=[victim.pk])
    assert f'href="{detail_url}"' in fragment.content.decode()
    assert "审计日志校验失败" in fragment.content.decode()
    assert full["Location"] == detail_url
    assert not AuditEvent.objects.filter(event=audit.Event.AUDIT_VERIFY).first().success


def test_there_is_no_way_to_change_an_audit_row_through_the_pages(auditor_client, case):
    event = AuditEvent.objects.first()
    detail = reverse("audit:detail", args=[event.pk])

    assert auditor_client.post(detail, {"message": "改"}).status_code == 405
    assert auditor_client.post(reverse("audit:list")).status_code == 405
    assert auditor_client.get(reverse("audit:verify")).status_code == 405
    assert AuditEvent.objects.get(pk=event.pk).message == event.message


def test_unknown_event_id_is_404(auditor_client):
    assert auditor_client.get(reverse("audit:detail", args=[999999])).status_code == 404


def test_navigation_shows_the_audit_log_to_the_auditor_only(auditor, sysadmin):
    def labels(user):
        return [
            (section, link.label)
            for section, links in navigation.sections_for(user, "/")
            for link in links
        ]

    assert ("安全审计", "审计日志") in labels(auditor)
    assert ("安全审计", "审计日志") not in labels(sysadmin)


def test_control_characters_are_kept_visible_and_do_not_break_the_export(auditor_client):
    audit.record_security(event=audit.Event.LOGIN_FAILURE, username="bad\x00\x07name\r\n伪造")

    response = auditor_client.get(reverse("audit:export"), {"event": "login_failure"})

    [row] = list(_workbook(response).active.iter_rows(min_row=2, values_only=True))
    assert row[5].replace("\r", "") == "bad\\x00name\n伪造"
    assert AuditEvent.objects.get(event="login_failure").actor_name == "bad\\x00\x07name\r\n伪造"
