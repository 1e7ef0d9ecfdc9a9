"""Roles and the one table that says which permissions each role holds.

三权分立 (等保2.0 安全管理中心): the system, security and audit administrators are separate
roles; no account may hold two of them, and none of them sees business data.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from fazhi.core.exceptions import ApplicationError
from fazhi.core.permissions import Perm


class Role(models.TextChoices):
    SYSADMIN = "sysadmin", "系统管理员"
    SECADMIN = "secadmin", "安全管理员"
    AUDITOR = "auditor", "审计管理员"
    COUNTY_ADMIN = "county_admin", "县级管理员"
    REVIEWER = "reviewer", "法审员"
    CLERK = "clerk", "单位填报员"
    LEADER = "leader", "领导"


ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR})
BUSINESS_ROLES = frozenset(set(Role) - ADMIN_ROLES)

# Roles that see every record of their unit's region subtree; a clerk sees only its own unit.
REGION_WIDE_ROLES = frozenset({Role.COUNTY_ADMIN, Role.LEADER, Role.REVIEWER})

P = Perm
ROLE_PERMS: dict[Role, frozenset[Perm]] = {
    # Accounts and configuration; no business data, cannot grant roles, cannot read audit.
    Role.SYSADMIN: frozenset(
        {P.MANAGE_USERS, P.EDIT_CALENDAR, P.USE_ADMIN, P.VIEW_ORG, P.MANAGE_ORG}
    ),
    # Roles and security parameters; not business data, not the audit log.
    Role.SECADMIN: frozenset({P.ASSIGN_ROLES, P.SECURITY_SETTINGS, P.VIEW_ORG}),
    # Reads and exports the audit log; changes nothing.
    Role.AUDITOR: frozenset({P.VIEW_AUDIT}),
    Role.COUNTY_ADMIN: frozenset(
        {P.VIEW_BUSINESS, P.EDIT_BUSINESS, P.VIEW_ORG, P.MANAGE_ORG, P.VIEW_PERSONAL_DATA}
    ),
    Role.REVIEWER: frozenset({P.VIEW_BUSINESS, P.EDIT_BUSINESS, P.VIEW_ORG, P.VIEW_PERSONAL_DATA}),
    Role.CLERK: frozenset({P.VIEW_BUSINESS, P.EDIT_BUSINESS, P.VIEW_ORG}),
    Role.LEADER: frozenset({P.VIEW_BUSINESS, P.VIEW_ORG}),
}


def perms_of(roles: set[str] | frozenset[str]) -> frozenset[Perm]:
    granted: set[Perm] = set()
    for role in roles:
        granted |= ROLE_PERMS.get(Role(role), frozenset())
    return frozenset(granted)


SEPARATION_MESSAGE = "系统管理员、安全管理员、审计管理员不能由同一账号兼任"


def check_role_combination(roles: Iterable[str]) -> None:
    """Refuse a set of roles that breaks 三权分立 (等保2.0 8.1.5 安全管理中心; GB/T 28448 L3-CES1-08):
    two of the three administrator roles, or an administrator role with a business role (the
    administrators see no business data). Raises ApplicationError; an empty set is allowed."""
    chosen = set()
    for role in roles:
        if role not in Role.values:
            raise ApplicationError(f"未知角色：{role}")
        chosen.add(Role(role))
    admins = chosen & ADMIN_ROLES
    business = chosen & BUSINESS_ROLES
    labels = "、".join(role.label for role in Role if role in chosen)
    if len(admins) > 1:
        raise ApplicationError(SEPARATION_MESSAGE, extra={"roles": labels})
    if admins and business:
        raise ApplicationError(
            f"{SEPARATION_MESSAGE}，也不能兼任业务角色（所选角色：{labels}）",
            extra={"roles": labels},
        )
