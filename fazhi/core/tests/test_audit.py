"""The audit trail's integrity: append-only, hash-chained, failing closed (等保 L3-CES1-14/15).

SECURITY.md §6 rows 21 (immutability), 22 (fails closed) and 23 (retention setting).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import itertools
import json
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.models import AuditCategory, AuditEvent
from fazhi.core.services import audited_create, audited_delete, versioned_update
from fazhi.org.models import User
from tests.testapp.models import SampleCase


@pytest.fixture
def case(tree, county_admin):
    return audited_create(
        SampleCase,
        actor=county_admin,
        title="旧标题",
        unit=tree["units"]["qingshi"],
        received_on=dt.date(2026, 11, 2),
    )


def _append_many(user, case, count):
    for i in range(count):
        if i % 2:
            audit.record_security(
                event=audit.Event.LOGIN_FAILURE, username=f"试探{i}", success=False
            )
        else:
            audit.record_change(
                actor=user,
                event=audit.Event.UPDATE,
                obj=case,
                changes={
                    "title": [f"标题{i}", f"标题{i + 1}"],
                    "due_on": [None, dt.date(2026, 12, 1)],
                    "amount": [decimal.Decimal("1.10"), 0.1],
                    "tags": [["甲", "乙"], {"k": [1, 2.5, None]}],
                },
                message="换行\r\n伪造的一行",
            )


def _raw(sql, params):
    """Run raw SQL on the audit table behind the application's back."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=table), params)


def _tamper(pk, column="message", value="被改过"):
    _raw(f"UPDATE {{table}} SET {column} = %s WHERE id = %s", [value, pk])  # noqa: S608


def _delete_raw(pk):
    _raw("DELETE FROM {table} WHERE id = %s", [pk])


@contextlib.contextmanager
def _trigger_disabled():
    """On PostgreSQL, what a table owner could do: switch the append-only trigger off.

    Inside the test's transaction, so it is rolled back with it. The hash chain must still
    find the change.
    """
    if connection.vendor != "postgresql":
        yield
        return
    _raw("ALTER TABLE {table} DISABLE TRIGGER core_auditevent_append_only", [])
    yield
    _raw("ALTER TABLE {table} ENABLE TRIGGER core_auditevent_append_only", [])


def test_chain_verifies_after_many_appends(county_admin, case):
    _append_many(county_admin, case, 240)

    check = audit.check_chain()

    assert check.ok
    assert check.count == AuditEvent.objects.count() == 241
    assert audit.verify_chain() is None
    assert check.summary() == "审计日志完整，共 241 条"


def test_each_row_chains_onto_the_previous_rows_hash(county_admin, case):
    _append_many(county_admin, case, 3)
    rows = list(AuditEvent.objects.order_by("pk"))
    assert rows[0].prev_hash == ""
    for earlier, later in itertools.pairwise(rows):
        assert later.prev_hash == earlier.hash
        assert len(later.hash) == 64


def test_verify_finds_a_row_tampered_with_raw_sql(county_admin, case):
    _append_many(county_admin, case, 20)
    victim = AuditEvent.objects.order_by("pk")[7]

    with _trigger_disabled():
        _tamper(victim.pk)

    check = audit.check_chain()
    assert not check.ok
    assert check.broken.pk == victim.pk
    assert check.count == 7
    assert f"编号 {victim.pk}" in check.summary()


def test_verify_finds_a_row_deleted_with_raw_sql(county_admin, case):
    _append_many(county_admin, case, 10)
    rows = list(AuditEvent.objects.order_by("pk").values_list("pk", flat=True))

    with _trigger_disabled():
        _delete_raw(rows[4])

    assert audit.verify_chain().pk == rows[5]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_postgres_trigger_refuses_raw_update_and_delete(county_admin, case):
    _append_many(county_admin, case, 3)
    pk = AuditEvent.objects.order_by("pk").values_list("pk", flat=True)[1]

    with pytest.raises(DatabaseError, match="审计日志只能追加"), transaction.atomic():
        _tamper(pk)
    with pytest.raises(DatabaseError, match="审计日志只能追加"), transaction.atomic():
        _delete_raw(pk)

    assert AuditEvent.objects.get(pk=pk).message == "换行\r\n伪造的一行"
    assert audit.check_chain().ok


def test_orm_update_and_delete_of_audit_rows_raise(county_admin, case):
    event = AuditEvent.objects.first()

    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(message="改")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(success=False)
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.message = "改"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()

    assert AuditEvent.objects.get(pk=event.pk).message == ""
    assert audit.check_chain().ok


def test_audit_event_is_not_in_the_admin():
    assert AuditEvent not in admin.site._registry


def test_versioned_update_records_old_and_new_values(county_admin, case):
    versioned_update(
        case,
        expected_version=1,
        changes={"title": "新标题", "due_on": dt.date(2026, 12, 1)},
        actor=county_admin,
    )

    event = AuditEvent.objects.filter(event=audit.Event.UPDATE).get()
    assert event.category == AuditCategory.DATA
    assert event.actor == county_admin
    assert event.object_type == "testapp.samplecase"
    assert event.changes == {"title": ["旧标题", "新标题"], "due_on": [None, "2026-12-01"]}
    rows = {r.label: (r.old, r.new) for r in audit.change_rows(event)}
    assert rows == {"标题": ("旧标题", "新标题"), "期限": ("", "2026-12-01")}
    assert audit.object_type_label(event.object_type) == "测试案件"


def test_labels_fall_back_to_the_stored_names_for_unknown_models():
    assert audit.object_type_label("gone.model") == "gone.model"
    assert audit.field_label("gone.model", "title") == "title"
    assert audit.field_label("testapp.samplecase", "unit_id") == "承办单位"
    assert audit.field_label("testapp.samplecase", "no_such_field") == "no_such_field"


def test_audit_fails_closed_when_the_writer_breaks(monkeypatch, county_admin, case):
    def broken(**fields):
        raise RuntimeError("审计写入失败")

    monkeypatch.setattr(audit, "_append", broken)

    with pytest.raises(RuntimeError):
        versioned_update(case, expected_version=1, changes={"title": "新标题"}, actor=county_admin)
    with pytest.raises(RuntimeError):
        audited_create(
            SampleCase,
            actor=county_admin,
            title="不应保存",
            unit=case.unit,
            received_on=dt.date(2026, 11, 3),
        )

    case.refresh_from_db()
    assert (case.title, case.version) == ("旧标题", 1)
    assert not SampleCase.objects.filter(title="不应保存").exists()


def test_command_prints_the_count_and_exits_zero_on_an_intact_chain(county_admin, case):
    _append_many(county_admin, case, 5)
    out = StringIO()

    call_command("verify_audit_chain", stdout=out)

    assert "审计日志完整：6 条" in out.getvalue()
    recorded = AuditEvent.objects.get(event=audit.Event.AUDIT_VERIFY)
    assert recorded.success
    assert "命令行" in recorded.message


def test_command_exits_non_zero_naming_the_first_bad_row(county_admin, case):
    _append_many(county_admin, case, 5)
    victim = AuditEvent.objects.order_by("pk")[3]
    with _trigger_disabled():
        _tamper(victim.pk, column="actor_name", value="别人")

    with pytest.raises(CommandError) as failure:
        call_command("verify_audit_chain", stdout=StringIO())

    assert failure.value.returncode != 0
    assert f"编号 {victim.pk}" in str(failure.value)
    when = timezone.localtime(victim.created_at)
    assert f"{when:%Y-%m-%d %H:%M:%S}" in str(failure.value)
    recorded = AuditEvent.objects.get(event=audit.Event.AUDIT_VERIFY)
    assert not recorded.success
    assert recorded.object_id == str(victim.pk)


# --- what a change records --------------------------------------------------------------------


def test_audited_delete_stores_the_deletion_before_its_audit_row(monkeypatch, county_admin, case):
    pk = case.pk
    stored_when_auditing = []
    real_append = audit._append

    def append(**fields):
        stored_when_auditing.append(SampleCase.objects.filter(pk=pk).exists())
        return real_append(**fields)

    monkeypatch.setattr(audit, "_append", append)
    audited_delete(case, actor=county_admin, message="误录")

    assert stored_when_auditing == [False]
    event = AuditEvent.objects.get(event=audit.Event.DELETE)
    assert (event.object_type, event.object_id, event.object_repr) == (
        "testapp.samplecase",
        str(pk),
        "旧标题",
    )
    assert event.changes["title"] == ["旧标题", None]
    assert event.message == "误录"


def test_a_snapshot_never_holds_a_password_even_when_asked():
    user = User(username="zhang", password="argon2$argon2id$v=19$m=102400$secret")

    assert "password" not in audit.snapshot(user)
    assert audit.snapshot(user, ["username", "password"]) == {"username": "zhang"}


FIELDS = ["username", "phone"]


@pytest.fixture
def phone_is_personal(monkeypatch):
    # What fazhi/org declares on User (personal_fields); set here so the test owns it.
    monkeypatch.setattr(User, "personal_fields", {"phone": "phone"}, raising=False)


def test_personal_fields_are_stored_masked_in_the_trail(phone_is_personal, county_admin):
    before = audit.snapshot(User(username="zhang", phone="13812345678"), FIELDS)
    after = audit.snapshot(User(username="zhang", phone="13987654321"), FIELDS)

    changes = audit.diff(before, after)
    assert changes == {"phone": ["138****5678", "139****4321"]}
    event = audit.record_change(
        actor=county_admin, event=audit.Event.UPDATE, obj=county_admin, changes=changes
    )
    event.refresh_from_db()
    assert event.changes == {"phone": ["138****5678", "139****4321"]}
    assert "13812345678" not in json.dumps(event.changes)


def test_a_personal_value_changed_within_its_mask_is_still_recorded(phone_is_personal):
    before = audit.snapshot(User(username="zhang", phone="13812345678"), FIELDS)
    after = audit.snapshot(User(username="zhang", phone="13899995678"), FIELDS)
    same = audit.snapshot(User(username="zhang", phone="13812345678"), FIELDS)

    assert audit.diff(before, after) == {"phone": ["138****5678", "138****5678"]}
    assert audit.diff(before, same) == {}
    assert audit.plain(audit.diff(before, after)) == {"phone": ["138****5678", "138****5678"]}
    assert type(audit.plain(after["phone"])) is str  # no digest reaches the stored JSON


def test_an_empty_personal_value_stays_empty(phone_is_personal):
    assert audit.snapshot(User(username="zhang", phone=""), ["phone"]) == {"phone": ""}
