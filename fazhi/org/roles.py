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

# Where a business role sits decides what it sees (fazhi/org/scoping.py):
# - these roles see every record of their unit's region subtree, wherever they sit;
REGION_WIDE_ROLES = frozenset({Role.COUNTY_ADMIN, Role.LEADER})
# - these see the region subtree only from a unit that oversees its region (Unit.oversees_region:
#   a 人民政府, a 乡镇政府/街道办, the county 司法局 that hosts the 合法性审查中心), and their own
#   unit elsewhere: a 法审员 in the 公安局's legal section reviews the 公安局's matters only;
OVERSEEING_ROLES = frozenset({Role.REVIEWER})
# - every other business role (单位填报员) sees its own unit.

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
        {
            P.VIEW_BUSINESS,
            P.EDIT_BUSINESS,
            P.VIEW_ORG,
            P.MANAGE_ORG,
            P.VIEW_PERSONAL_DATA,
            P.REVIEW_LEGALITY,
            P.MANAGE_REVIEW_CATALOG,
            P.VERIFY_RECTIFICATION,
            P.MANAGE_ASSESSMENT,
        }
    ),
    Role.REVIEWER: frozenset(
        {
            P.VIEW_BUSINESS,
            P.EDIT_BUSINESS,
            P.VIEW_ORG,
            P.VIEW_PERSONAL_DATA,
            P.REVIEW_LEGALITY,
            P.VERIFY_RECTIFICATION,
        }
    ),
    Role.CLERK: frozenset({P.VIEW_BUSINESS, P.EDIT_BUSINESS, P.VIEW_ORG}),
    Role.LEADER: frozenset({P.VIEW_BUSINESS, P.VIEW_ORG}),
}


def perms_of(roles: set[str] | frozenset[str]) -> frozenset[Perm]:
    granted: set[Perm] = set()
    for role in roles:
        granted |= ROLE_PERMS.get(Role(role), frozenset())
    return frozenset(granted)


def roles_granting(perm: Perm) -> frozenset[Role]:
    """The roles whose permissions include `perm` (to filter users by role in SQL)."""
    return frozenset(role for role, perms in ROLE_PERMS.items() if perm in perms)


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
