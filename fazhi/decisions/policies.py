"""Who may act on a decision and on a county's catalog.

- The 承办单位 (host): its staff who fill in business data record the stages before the meeting;
  once the decision is in force, so do the staff of the executing unit (执行情况).
- The 决策机关 (organ): the staff of the deciding government, and the county's catalog managers,
  record the meeting, the 党委请示报告, the publication and what follows.
- Catalog managers: the county's region-wide editors (县级管理员, the 司法局's 合法性审查中心, as
  for the dispute ledgers) and the county government's own staff.
"""

from __future__ import annotations

from typing import Any

from fazhi.core.permissions import Perm, has_perm
from fazhi.decisions.models import Decision
from fazhi.decisions.workflow import (
    RECORDS,
    STAGE_SIDE,
    STAGE_WINDOWS,
    TRANSITIONS,
    Action,
    Record,
    Side,
    Stage,
)
from fazhi.org.models import Region, UnitKind
from fazhi.org.scoping import sees_region


def manages_catalog(user: Any, region: Region) -> bool:
    """Whether `user` keeps the catalog of the county `region`."""
    unit = getattr(user, "unit", None)
    if unit is None or not has_perm(user, Perm.EDIT_BUSINESS) or unit.region_id != region.pk:
        return False
    return sees_region(user) or unit.kind == UnitKind.GOVERNMENT


def is_host(user: Any, decision: Decision) -> bool:
    if not has_perm(user, Perm.EDIT_BUSINESS):
        return False
    return user.unit_id is not None and user.unit_id in (
        decision.host_unit_id,
        decision.executing_unit_id,
    )


def is_organ(user: Any, decision: Decision) -> bool:
    if not has_perm(user, Perm.EDIT_BUSINESS) or user.unit_id is None:
        return False
    return user.unit_id == decision.decision_unit_id or manages_catalog(
        user, decision.catalog.region
    )


def on_side(user: Any, decision: Decision, side: Side) -> bool:
    return is_host(user, decision) if side == Side.HOST else is_organ(user, decision)


def can(user: Any, decision: Decision, action: Action) -> bool:
    transition = TRANSITIONS[action]
    return decision.status in transition.sources and on_side(user, decision, transition.side)


def can_record(user: Any, decision: Decision, record: Record) -> bool:
    rule = RECORDS[record]
    return decision.status in rule.statuses and on_side(user, decision, rule.side)


def can_file(user: Any, decision: Decision, stage: Stage) -> bool:
    """Whether `user` may add (or remove) a material of `stage` now."""
    return decision.status in STAGE_WINDOWS[stage] and on_side(user, decision, STAGE_SIDE[stage])
