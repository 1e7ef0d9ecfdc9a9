"""Who may act on a 整改事项 (predicates only; the services enforce them)."""

from __future__ import annotations

from typing import Any

from fazhi.core.permissions import Perm, has_perm
from fazhi.org.scoping import covers
from fazhi.rectify.models import RectificationItem
from fazhi.rectify.workflow import TRANSITIONS, Action, Side


def is_owner(user: Any, item: RectificationItem) -> bool:
    """Staff of the 责任单位 who may fill in business data."""
    return has_perm(user, Perm.EDIT_BUSINESS) and user.unit_id == item.unit_id


def is_verifier(user: Any, item: RectificationItem) -> bool:
    """A verifier at the unit that raised the item, or at an overseeing unit above it."""
    return has_perm(user, Perm.VERIFY_RECTIFICATION) and covers(user, item.raised_by_unit)


def can(user: Any, item: RectificationItem, action: Action) -> bool:
    transition = TRANSITIONS[action]
    if item.status not in transition.sources:
        return False
    if transition.side == Side.OWNER:
        return is_owner(user, item)
    return is_verifier(user, item)
