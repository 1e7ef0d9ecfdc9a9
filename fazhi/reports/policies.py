"""Who may do what with an annual report (predicates only; the services enforce them).

- The editor: staff who may fill in business data and see the reporter, and either sit in the
  reporting unit or see its whole region (the county's 依法治县办 staff at the 司法局 compile the
  government's report; a department's own staff compile the department's).
- The signer: the 主要负责人, a 领导 of the reporting unit itself (《法治政府建设与责任落实督察工作
  规定》 第四章 makes the report the duty of the 党政主要负责人).
- A contributor: staff of the unit a section was assigned to, for that contribution only.
"""

from __future__ import annotations

from typing import Any

from fazhi.core.permissions import Perm, has_perm
from fazhi.org.models import Region, Unit
from fazhi.org.roles import Role
from fazhi.org.scoping import covers, sees_region
from fazhi.reports.models import Contribution, Report
from fazhi.reports.workflow import TRANSITIONS, Action, Side


def edits_for(user: Any, unit: Unit) -> bool:
    """Whether `user` may draft and edit the reports of `unit`."""
    if not has_perm(user, Perm.EDIT_BUSINESS) or not covers(user, unit):
        return False
    return user.unit_id == unit.pk or sees_region(user)


def is_editor(user: Any, report: Report) -> bool:
    return edits_for(user, report.reporter)


def is_signer(user: Any, report: Report) -> bool:
    return (
        has_perm(user, Perm.VIEW_BUSINESS)
        and user.has_role(Role.LEADER)
        and user.unit_id == report.reporter_id
    )


def can(user: Any, report: Report, action: Action) -> bool:
    transition = TRANSITIONS[action]
    if report.status not in transition.sources:
        return False
    return (Side.EDITOR in transition.sides and is_editor(user, report)) or (
        Side.SIGNER in transition.sides and is_signer(user, report)
    )


def can_edit_text(user: Any, report: Report) -> bool:
    return report.is_editable and is_editor(user, report)


def is_contributor(user: Any, contribution: Contribution) -> bool:
    return has_perm(user, Perm.EDIT_BUSINESS) and user.unit_id == contribution.unit_id


def template_region(unit: Unit) -> Region:
    """The region whose templates a unit's report uses: its county (or its own region above)."""
    return unit.region.county() or unit.region


def can_edit_templates(user: Any) -> bool:
    """County-wide editors (县级管理员 …) maintain their county's outline and Word template."""
    return has_perm(user, Perm.EDIT_BUSINESS) and sees_region(user)
