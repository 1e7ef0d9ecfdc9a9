"""The audit trail: data changes of business records and security events, append-only.

Every write service calls `record_change` inside its own transaction, so a change and its audit
line commit or fail together (等保 L3-CES1-15: auditing cannot be interrupted; fail closed).
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from fazhi.core import context
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
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [plain(v) for v in value]
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj` (foreign keys as their ids), JSON-safe."""
    names = fields or [
        f.attname for f in obj._meta.concrete_fields if f.attname not in {"updated_at"}
    ]
    return {name: plain(getattr(obj, name)) for name in names}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value differs."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def _row_digest(prev_hash: str, event: AuditEvent) -> str:
    row = {name: plain(getattr(event, name)) for name in _HASHED_FIELDS}
    payload = prev_hash + json.dumps(row, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _actor_fields(user: Any) -> dict[str, Any]:
    if user is None or not getattr(user, "is_authenticated", False):
        return {"actor": None, "actor_name": "", "actor_roles": ""}
    roles = getattr(user, "role_labels", list)()
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
    obj: models.Model,
    changes: Mapping[str, Any] | None = None,
    message: str = "",
) -> AuditEvent:
    """Record a create, update, delete, transition or import of a business record."""
    return _append(
        category=AuditCategory.DATA,
        event=event,
        success=True,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
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
    obj: models.Model | None = None,
    username: str = "",
) -> AuditEvent:
    """Record a security event (login, lockout, denied access, export, personal-data view …)."""
    fields = _actor_fields(user)
    if not fields["actor_name"] and username:
        # A failed login names the account that was tried; the password is never recorded.
        fields["actor_name"] = username[:150]
    return _append(
        category=AuditCategory.SECURITY,
        event=event,
        success=success,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes={},
        message=message,
        **fields,
    )


def verify_chain() -> AuditEvent | None:
    """The first row whose stored hash does not match its content, or None when all match."""
    previous = ""
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        if event.prev_hash != previous or event.hash != _row_digest(previous, event):
            return event
        previous = event.hash
    return None


def event_label(value: str) -> str:
    try:
        return Event(value).label
    except ValueError:
        return value
