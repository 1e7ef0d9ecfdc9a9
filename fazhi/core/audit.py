"""The audit trail: data changes of business records and security events, append-only.

Every write service calls `record_change` inside its own transaction, so a change and its audit
line commit or fail together (等保 L3-CES1-15: auditing cannot be interrupted; fail closed).
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from fazhi.core import context, masking
from fazhi.core.models import AuditCategory, AuditEvent


class Event(models.TextChoices):
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    TRANSITION = "transition", "流程流转"
    IMPORT = "import", "导入"
    EXPORT = "export", "导出"
    LOGIN_SUCCESS = "login_success", "登录成功"
    LOGIN_FAILURE = "login_failure", "登录失败"
    LOGOUT = "logout", "退出登录"
    LOCKOUT = "lockout", "账号锁定"
    ACCESS_DENIED = "access_denied", "越权访问被拒绝"
    PASSWORD_CHANGE = "password_change", "修改密码"
    PASSWORD_RESET = "password_reset", "重置密码"
    ROLE_CHANGE = "role_change", "角色变更"
    ACCOUNT_DISABLE = "account_disable", "停用账号"
    ACCOUNT_ENABLE = "account_enable", "启用账号"
    PERSONAL_DATA_VIEW = "pi_view", "查看完整个人信息"
    AUDIT_VERIFY = "audit_verify", "审计日志完整性校验"


SECURITY_EVENTS = frozenset(
    {
        Event.LOGIN_SUCCESS,
        Event.LOGIN_FAILURE,
        Event.LOGOUT,
        Event.LOCKOUT,
        Event.ACCESS_DENIED,
        Event.EXPORT,
        Event.PASSWORD_CHANGE,
        Event.PASSWORD_RESET,
        Event.ROLE_CHANGE,
        Event.ACCOUNT_DISABLE,
        Event.ACCOUNT_ENABLE,
        Event.PERSONAL_DATA_VIEW,
        Event.AUDIT_VERIFY,
    }
)

_HASHED_FIELDS = (
    "created_at",
    "category",
    "event",
    "success",
    "actor_id",
    "actor_name",
    "actor_roles",
    "ip",
    "request_id",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "message",
)


def plain(value: Any) -> Any:
    """A JSON-safe rendering of a field value, for the `changes` column."""
    if isinstance(value, str):
        return _visible_nul(str.__str__(value))
    if value is None or isinstance(value, int | float | bool):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Mapping):
        return {_visible_nul(str(k)): plain(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [plain(v) for v in value]
    return str(value)


def _visible_nul(text: str) -> str:
    # PostgreSQL text and jsonb cannot hold NUL: keep it visible rather than fail the write
    # (a failed audit write would refuse the user's action).
    return text.replace("\x00", "\\x00")


# Never in the trail, whatever a caller asks for: a password hash is a secret, not a change.
NEVER_RECORDED = frozenset({"password"})


class MaskedValue(str):
    """A personal value as the trail stores it: masked (138****1234).

    It compares by the value it hides, so `diff` still records a change between two numbers that
    mask alike (13812341234 → 13899991234); the hidden value itself leaves only as a digest kept
    in memory, never stored.
    """

    digest: str

    def __new__(cls, value: Any, kind: str) -> MaskedValue:
        raw = str(value)
        masked = super().__new__(cls, masking.mask(raw, kind))
        masked.digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
        return masked

    def __eq__(self, other: object) -> bool:
        if isinstance(other, MaskedValue):
            return self.digest == other.digest
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = str.__hash__


def personal_fields(model: type[models.Model]) -> Mapping[str, str]:
    """The model's personal-data fields and how to mask each: its `personal_fields` attribute,
    e.g. `{"phone": "phone", "id_number": "id_number", "address": "address"}`
    (kinds from fazhi.core.masking)."""
    return getattr(model, "personal_fields", None) or {}


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj` (foreign keys as their ids), JSON-safe.

    A password is never included; a field the model declares in `personal_fields` is stored
    masked (个人信息保护法 第五十一条; SECURITY.md §2.3: the trail and its export are read by
    the 审计管理员, who has no need of the full value).
    """
    names = fields or [
        f.attname for f in obj._meta.concrete_fields if f.attname not in {"updated_at"}
    ]
    personal = personal_fields(type(obj))
    values: dict[str, Any] = {}
    for name in names:
        if name in NEVER_RECORDED:
            continue
        value = getattr(obj, name)
        kind = personal.get(name)
        values[name] = MaskedValue(value, kind) if kind and value is not None else plain(value)
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value differs."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


@dataclass(frozen=True)
class ObjectRef:
    """What an audit row names: a record's type, id and text. Captured before a delete, so a
    service can delete first and write its audit row last (as every service does)."""

    type: str
    id: str
    repr: str

    @classmethod
    def of(cls, obj: models.Model) -> ObjectRef:
        return cls(type=obj._meta.label_lower, id=str(obj.pk), repr=str(obj)[:300])


def _ref(obj: models.Model | ObjectRef | None) -> ObjectRef:
    if obj is None:
        return ObjectRef(type="", id="", repr="")
    return obj if isinstance(obj, ObjectRef) else ObjectRef.of(obj)


def _row_digest(prev_hash: str, event: AuditEvent) -> str:
    row = {name: plain(getattr(event, name)) for name in _HASHED_FIELDS}
    payload = prev_hash + json.dumps(row, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _actor_fields(user: Any) -> dict[str, Any]:
    if user is None or not getattr(user, "is_authenticated", False):
        return {"actor": None, "actor_name": "", "actor_roles": ""}
    roles: list[str] = getattr(user, "role_labels", list)()
    name = getattr(user, "full_name", "") or user.get_username()
    return {"actor": user, "actor_name": name, "actor_roles": "、".join(roles)}


@transaction.atomic
def _append(**fields: Any) -> AuditEvent:
    if connection.vendor == "postgresql":
        # Serialise appends so that two transactions never chain onto the same predecessor.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('fazhi_audit_chain'))")
    previous = AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first() or ""
    request = context.current()
    fields = {k: _visible_nul(v) if isinstance(v, str) else v for k, v in fields.items()}
    event = AuditEvent(ip=request.ip, request_id=request.request_id, **fields)
    event.created_at = timezone.now()
    event.prev_hash = previous
    event.hash = _row_digest(previous, event)
    event.save()
    return event


def record_change(
    *,
    actor: Any,
    event: Event,
    obj: models.Model | ObjectRef,
    changes: Mapping[str, Any] | None = None,
    message: str = "",
) -> AuditEvent:
    """Record a create, update, delete, transition or import of a business record.

    Call it last in the service's transaction, after the data writes (its append lock is then
    always the last lock taken); for a delete, pass the ObjectRef captured before deleting.
    """
    ref = _ref(obj)
    return _append(
        category=AuditCategory.DATA,
        event=event,
        success=True,
        object_type=ref.type,
        object_id=ref.id,
        object_repr=ref.repr,
        changes=plain(changes or {}),
        message=message,
        **_actor_fields(actor),
    )


def record_security(
    *,
    event: Event,
    user: Any = None,
    success: bool = True,
    message: str = "",
    obj: models.Model | ObjectRef | None = None,
    username: str = "",
) -> AuditEvent:
    """Record a security event (login, lockout, denied access, export, personal-data view …)."""
    fields = _actor_fields(user)
    if not fields["actor_name"] and username:
        # A failed login names the account that was tried; the password is never recorded.
        fields["actor_name"] = username[:150]
    ref = _ref(obj)
    return _append(
        category=AuditCategory.SECURITY,
        event=event,
        success=success,
        object_type=ref.type,
        object_id=ref.id,
        object_repr=ref.repr,
        changes={},
        message=message,
        **fields,
    )


def verify_chain() -> AuditEvent | None:
    """The first row whose stored hash does not match its content, or None when all match."""
    return check_chain().broken


@dataclass(frozen=True)
class ChainCheck:
    """The outcome of walking the hash chain: rows that verified, and the first that did not."""

    count: int
    broken: AuditEvent | None

    @property
    def ok(self) -> bool:
        return self.broken is None

    def summary(self) -> str:
        if self.broken is None:
            return f"审计日志完整，共 {self.count} 条"
        when = timezone.localtime(self.broken.created_at)
        return (
            f"审计日志校验失败：第一条异常记录编号 {self.broken.pk}"
            f"（时间 {when:%Y-%m-%d %H:%M:%S}），其内容或前序摘要与记录的摘要不符"
        )


def check_chain() -> ChainCheck:
    """Walk every row in order and recompute its hash (等保 L3-CES1-14: 审计记录的完整性).

    A changed row breaks its own hash; a deleted or inserted row breaks the next row's
    `prev_hash`. Removing the newest rows cannot be seen from the chain alone.
    """
    previous = ""
    count = 0
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        if event.prev_hash != previous or event.hash != _row_digest(previous, event):
            return ChainCheck(count=count, broken=event)
        previous = event.hash
        count += 1
    return ChainCheck(count=count, broken=None)


def record_chain_check(*, user: Any, check: ChainCheck, via: str) -> AuditEvent:
    """Record that the chain was checked, by whom and through which interface, and the result."""
    return record_security(
        event=Event.AUDIT_VERIFY,
        user=user,
        success=check.ok,
        message=f"{check.summary()}（{via}）",
        obj=check.broken,
    )


def event_label(value: str) -> str:
    try:
        return Event(value).label
    except ValueError:
        return value


# --- Reading the trail: the 审计管理员's search, and labels for what the rows name. ---


def search_events(
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    user: str = "",
    event: str = "",
    category: str = "",
    success: bool | None = None,
    object_type: str = "",
    text: str = "",
) -> QuerySet[AuditEvent]:
    """Events matching every given filter, newest first.

    Dates are calendar days in the local time zone, both ends included; `user` matches part of
    the recorded name or the account name; `text` matches part of the object or the message,
    or the exact object id. The audit log is not scoped by region: only the 审计管理员 reads it.
    """
    events = AuditEvent.objects.order_by("-created_at", "-pk")
    if date_from:
        events = events.filter(created_at__gte=_local_midnight(date_from))
    if date_to:
        events = events.filter(created_at__lt=_local_midnight(date_to + dt.timedelta(days=1)))
    if user:
        events = events.filter(Q(actor_name__icontains=user) | Q(actor__username__icontains=user))
    if event:
        events = events.filter(event=event)
    if category:
        events = events.filter(category=category)
    if success is not None:
        events = events.filter(success=success)
    if object_type:
        events = events.filter(object_type=object_type)
    if text:
        events = events.filter(
            Q(object_repr__icontains=text) | Q(message__icontains=text) | Q(object_id=text)
        )
    return events


def events_for(obj: models.Model) -> QuerySet[AuditEvent]:
    """The trail of one record (every event naming it, as `ObjectRef.of` names it), oldest first."""
    ref = ObjectRef.of(obj)
    return AuditEvent.objects.filter(object_type=ref.type, object_id=ref.id).order_by(
        "created_at", "pk"
    )


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def object_types_in_use() -> list[tuple[str, str]]:
    """(object_type, Chinese label) for every object type the trail mentions, by label."""
    types = (
        AuditEvent.objects.exclude(object_type="")
        .order_by()
        .values_list("object_type", flat=True)
        .distinct()
    )
    return sorted(((t, object_type_label(t)) for t in types), key=lambda pair: pair[1])


def _model_for(object_type: str) -> type[models.Model] | None:
    app_label, _, model_name = object_type.partition(".")
    try:
        return apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return None


@functools.lru_cache(maxsize=512)
def object_type_label(object_type: str) -> str:
    """The model's verbose_name (测试案件) when the model exists, else the stored label."""
    model = _model_for(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


@functools.lru_cache(maxsize=4096)
def field_label(object_type: str, field: str) -> str:
    """The field's verbose_name (标题), also for a foreign key's attname; else the name."""
    model = _model_for(object_type)
    if model is None:
        return field
    try:
        found = model._meta.get_field(field)
    except FieldDoesNotExist:
        return field
    return str(getattr(found, "verbose_name", field))


def display_value(value: Any) -> str:
    """A stored change value as text: empty for None, 是/否 for booleans, JSON for structures."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@dataclass(frozen=True)
class ChangeRow:
    field: str
    label: str
    old: str
    new: str


def change_rows(event: AuditEvent) -> list[ChangeRow]:
    """The event's changes as field → old value → new value, labelled in Chinese."""
    changes = event.changes if isinstance(event.changes, dict) else {}
    rows = []
    for name, value in changes.items():
        if isinstance(value, list) and len(value) == 2:  # [old, new]
            old, new = value
        else:
            old, new = None, value
        label = field_label(event.object_type, name)
        rows.append(ChangeRow(name, label, display_value(old), display_value(new)))
    return rows


def describe_changes(event: AuditEvent) -> str:
    """One line: 标题：旧 → 新；期限：… (for the export and the list's summary)."""
    return "；".join(f"{r.label}：{r.old or '空'} → {r.new or '空'}" for r in change_rows(event))
