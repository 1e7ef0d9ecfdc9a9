"""The rows of every app's workflow tables (ARCHITECTURE.md: workflow state is a TextChoices
status plus one explicit table of allowed transitions).

An app's workflow.py names its own statuses, actions and sides; its tables map each action to a
`Transition` and each step that keeps the status (an edit, a record, an upload) to a `StepRule`:

    TRANSITIONS: dict[Action, Transition[Status, Side]] = {
        Action.SUBMIT: Transition(frozenset({Status.DRAFT}), Status.SUBMITTED, Side.SUBMITTER),
    }
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

StatusT = TypeVar("StatusT", bound=str)
SideT = TypeVar("SideT", bound=str)


@dataclass(frozen=True)
class Transition(Generic[StatusT, SideT]):
    """An action taken by `side` that moves a record from one of `sources` to `target`."""

    sources: frozenset[StatusT]
    target: StatusT
    side: SideT


@dataclass(frozen=True)
class StepRule(Generic[StatusT, SideT]):
    """A step that keeps the status, allowed to `side` while the record is in `statuses`."""

    statuses: frozenset[StatusT]
    side: SideT
