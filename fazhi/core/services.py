"""Generic write helpers that every app's services build on: audited create, update, transition,
delete, and a workflow timeline line written outside a transition (`record_timeline`); one row of
an app's workflow table run as a transition (`table_transition`); a required text (`required_text`).

Each runs in one transaction with its audit line, so a change is never stored without its
record of who made it (and an audit failure undoes the change). The audit line is written last,
after the data: on PostgreSQL it takes the audit chain's lock, and taking that lock always last
means two services can never wait on each other's locks in opposite orders (a deadlock).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.exceptions import ApplicationError, StaleRecordError
from fazhi.core.models import TransitionEvent
from fazhi.core.workflow import Transition

M = TypeVar("M", bound=models.Model)


@transaction.atomic
def audited_create(model: type[M], *, actor: Any, message: str = "", **fields: Any) -> M:
    """Create a row of `model` with `fields` and record it (all field values) in the audit trail."""
    obj = model(**fields)
    obj.full_clean()
    obj.save()
    audit.record_change(
        actor=actor,
        event=audit.Event.CREATE,
        obj=obj,
        changes={k: [None, v] for k, v in audit.snapshot(obj).items()},
        message=message,
    )
    return obj


@transaction.atomic
def versioned_update(
    obj: M,
    *,
    expected_version: int,
    changes: Mapping[str, Any],
    actor: Any,
    message: str = "",
    event: audit.Event = audit.Event.UPDATE,
) -> M:
    """Apply `changes` to `obj` only if its stored version is still `expected_version`.

    The version the user's form was loaded with travels with the form; a conditional UPDATE on it
    means of two users saving the same record, the second is refused with StaleRecordError
    ("该记录已被他人修改，请刷新后重试") and the first user's save is kept. Records old and new
    values of the changed fields. Raises ValidationError when the new values break a field rule.
    """
    model = type(obj)
    manager = model._default_manager
    fields = list(changes)
    stored = manager.filter(pk=obj.pk).first()
    if stored is None:
        raise StaleRecordError()
    before = audit.snapshot(stored, _attnames(model, fields))
    candidate = manager.get(pk=obj.pk)
    for name, value in changes.items():
        setattr(candidate, name, value)
    candidate.full_clean()
    values = {name: getattr(candidate, name) for name in fields}
    updated = manager.filter(pk=obj.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if updated != 1:
        raise StaleRecordError()
    obj.refresh_from_db()
    after = audit.snapshot(obj, _attnames(model, fields))
    audit.record_change(
        actor=actor,
        event=event,
        obj=obj,
        changes=audit.diff(before, after),
        message=message,
    )
    return obj


@transaction.atomic
def audited_transition(
    obj: M,
    *,
    sources: Iterable[str],
    target: str,
    expected_version: int,
    changes: Mapping[str, Any],
    actor: Any,
    message: str,
    timeline: TransitionEvent | None = None,
) -> M:
    """Move `obj` (a versioned record with a `status`) to `target`, setting `changes`, only if
    its stored version is still `expected_version` and its status one of `sources`.

    The conditional UPDATE means 0 rows changed when someone else moved first: StaleRecordError,
    nothing written. Then `timeline` (an unsaved event naming the record, action and note) is
    stored with the statuses and the actor filled in, and one TRANSITION audit line records the
    status change and the changed fields.
    """
    record: Any = obj
    updated = (
        type(obj)
        ._default_manager.filter(pk=obj.pk, version=expected_version, status__in=list(sources))
        .update(status=target, version=F("version") + 1, updated_at=timezone.now(), **changes)
    )
    if updated != 1:
        raise StaleRecordError()
    before = record.status
    obj.refresh_from_db()
    if timeline is not None:
        record_timeline(timeline, actor=actor, from_status=before, to_status=record.status)
    shown = {key: [None, audit.plain(value)] for key, value in changes.items()}
    audit.record_change(
        actor=actor,
        event=audit.Event.TRANSITION,
        obj=obj,
        changes={"status": [before, record.status], **shown},
        message=message,
    )
    return obj


def record_timeline(
    event: TransitionEvent, *, actor: Any, from_status: str, to_status: str
) -> TransitionEvent:
    """Store `event` (an unsaved timeline line naming the record, action and note) with the
    statuses and the actor filled in: what `audited_transition` does for a guarded move, for a
    line with no conditional UPDATE behind it (a record's creation, a change that keeps the
    status). Call it inside the transaction of the write it records."""
    event.from_status, event.to_status = from_status, to_status
    event.actor = stored_actor(actor)
    event.save()
    return event


def stored_actor(actor: Any) -> Any:
    """`actor` as a user foreign key stores it: None for a system actor without a pk (the demo
    seeder, a management command)."""
    return actor if getattr(actor, "pk", None) else None


def table_transition(
    obj: M,
    action: models.TextChoices,
    transition: Transition[Any, Any],
    *,
    timeline: TransitionEvent,
    expected_version: int,
    changes: Mapping[str, Any] | None = None,
    actor: Any,
    note: str = "",
) -> M:
    """`audited_transition` for one row of an app's workflow table: `action` moves `obj` from the
    row's sources to its target. `timeline` (an unsaved event naming the record, with any field
    of the app's own) gets the action and `note`; the audit message is the action's label and
    the note."""
    timeline.action, timeline.action_label, timeline.note = action.value, action.label, note
    return audited_transition(
        obj,
        sources=transition.sources,
        target=transition.target,
        expected_version=expected_version,
        changes=changes or {},
        actor=actor,
        message=f"{action.label}{('：' + note) if note else ''}",
        timeline=timeline,
    )


@transaction.atomic
def audited_delete(obj: models.Model, *, actor: Any, message: str = "") -> None:
    """Delete `obj` and record every value it had."""
    ref, values = audit.ObjectRef.of(obj), audit.snapshot(obj)
    obj.delete()
    audit.record_change(
        actor=actor,
        event=audit.Event.DELETE,
        obj=ref,
        changes={k: [v, None] for k, v in values.items()},
        message=message,
    )


def required_text(value: str | None, what: str, where: str) -> str:
    """The stripped text, or an ApplicationError naming the field and the form it belongs to."""
    text = (value or "").strip()
    if not text:
        raise ApplicationError(f"{where}：请填写{what}")
    return text


def _attnames(model: type[models.Model], names: list[str]) -> list[str]:
    attnames = []
    for name in names:
        field = model._meta.get_field(name)
        if not isinstance(field, models.Field):
            raise ValueError(f"{model._meta.label}.{name} is not a field that can be updated")
        attnames.append(field.attname)
    return attnames
