"""The one transition runner of the review workflow, and the checks every service shares."""

from __future__ import annotations

from typing import Any

from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.core.services import record_timeline, table_transition
from fazhi.core.services import required_text as required_text
from fazhi.review import policies
from fazhi.review.models import MatterEvent, ReviewMatter
from fazhi.review.workflow import EDITS, TRANSITIONS, Action, Edit, Status

# NotAllowedError (core's) stays importable from here and from `fazhi.review.services`, and
# required_text (core's) from here.


def require_action(actor: Any, matter: ReviewMatter, action: Action) -> None:
    """Refuse an action the matter's status or the actor's side does not allow."""
    transition = TRANSITIONS[action]
    if matter.status not in transition.sources:
        raise ApplicationError(
            f"{action.label}：审查事项“{matter.title}”当前为“{Status(matter.status).label}”，"
            f"不能{action.label}"
        )
    if not policies.can(actor, matter, action):
        raise NotAllowedError(f"{action.label}：您不是该事项的{transition.side.label}，无权操作")


def require_edit(actor: Any, matter: ReviewMatter, edit: Edit) -> None:
    rule = EDITS[edit]
    if matter.status not in rule.statuses:
        allowed = "、".join(sorted(Status(s).label for s in rule.statuses))
        raise ApplicationError(
            f"{edit.label}：审查事项当前为“{Status(matter.status).label}”，只能在“{allowed}”时{edit.label}"
        )
    if not policies.can_edit(actor, matter, edit):
        raise NotAllowedError(f"{edit.label}：您不是该事项的{rule.side.label}，无权操作")


def run_transition(
    matter: ReviewMatter,
    action: Action,
    actor: Any,
    *,
    expected_version: int,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> ReviewMatter:
    """The action's row of TRANSITIONS as a conditional UPDATE with its timeline and audit lines;
    0 rows changed means someone else moved first.

    Call inside the service's transaction.
    """
    return table_transition(
        matter,
        action,
        TRANSITIONS[action],
        timeline=MatterEvent(matter=matter),
        expected_version=expected_version,
        changes=changes,
        actor=actor,
        note=note,
    )


def record_event(matter: ReviewMatter, action: Action | str, actor: Any, *, note: str = "") -> None:
    """A timeline line for a change that keeps the status (an edit, an upload, an issue)."""
    event = MatterEvent(
        matter=matter,
        action=action.value if isinstance(action, Action) else "edit",
        action_label=action.label if isinstance(action, Action) else str(action),
        note=note,
    )
    record_timeline(event, actor=actor, from_status=matter.status, to_status=matter.status)
