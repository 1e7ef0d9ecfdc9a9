"""The 整改 workflow as data: statuses, actions and the one table of allowed transitions.

    待整改 ──提交整改材料──► 待核验 ──核验销号──► 已销号
       ▲                       │
       └────────退回重改────────┘

The owner unit (责任单位) submits its measures and evidence; the unit that raised the item (or an
overseeing unit above it) verifies and closes it, or sends it back.
"""

from __future__ import annotations

from django.db import models

from fazhi.core import workflow


class Status(models.TextChoices):
    OPEN = "open", "待整改"
    SUBMITTED = "submitted", "待核验"
    CLOSED = "closed", "已销号"


class Action(models.TextChoices):
    RAISE = "raise", "提出整改"
    SUBMIT = "submit", "提交整改材料"
    SEND_BACK = "send_back", "退回重改"
    CLOSE = "close", "核验销号"


class Side(models.TextChoices):
    OWNER = "owner", "责任单位"
    VERIFIER = "verifier", "核验单位"


Transition = workflow.Transition[Status, Side]

TRANSITIONS: dict[Action, Transition] = {
    Action.SUBMIT: Transition(frozenset({Status.OPEN}), Status.SUBMITTED, Side.OWNER),
    Action.SEND_BACK: Transition(frozenset({Status.SUBMITTED}), Status.OPEN, Side.VERIFIER),
    Action.CLOSE: Transition(frozenset({Status.SUBMITTED}), Status.CLOSED, Side.VERIFIER),
}


def allowed_actions(status: str) -> list[Action]:
    return [action for action, t in TRANSITIONS.items() if status in t.sources]
