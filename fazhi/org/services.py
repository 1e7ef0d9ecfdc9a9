"""Every write to the organisation tree, accounts and roles. One transaction and audit each.

三权分立 (等保2.0 GB/T 22239-2019 §8.1.5, SECURITY.md §1.2): the system administrator creates,
disables and resets accounts but grants no role; the security administrator assigns business
roles but touches no account; neither acts on the three administrator accounts or on itself.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.core.permissions import Perm, has_perm
from fazhi.core.services import audited_create, versioned_update
from fazhi.org.models import Region, RegionLevel, RoleAssignment, Unit, User, oversees_by_default
from fazhi.org.roles import ADMIN_ROLES, Role, check_role_combination
from fazhi.org.selectors import org_units

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
UNIT_EDITABLE_FIELDS = (
    "name",
    "short_name",
    "kind",
    "parent",
    "oversees_region",
    "is_active",
    "sort_order",
)
# Account fields recorded in the audit trail. audit.snapshot never records the password hash and
# masks the phone (User.personal_fields); the list keeps out last_login and the like.
USER_AUDIT_FIELDS = (
    "username",
    "full_name",
    "unit_id",
    "position",
    "phone",
    "is_active",
    "must_change_password",
    "demo_account",
)


def _require(actor: Any, perm: Perm) -> None:
    # None is the command line, run by the operator on the server itself.
    if actor is not None and not has_perm(actor, perm):
        raise NotAllowedError(f"缺少权限“{perm.label}”")


# --- regions --------------------------------------------------------------------------------

# 省直管县: a county-level division may sit directly under its province (湖北 仙桃/潜江/天门,
# 海南's counties, 河南 济源); every other level needs the level just above it.
ALLOWED_PARENT_LEVELS: dict[str, tuple[RegionLevel, ...]] = {
    RegionLevel.PROVINCE: (),
    RegionLevel.CITY: (RegionLevel.PROVINCE,),
    RegionLevel.COUNTY: (RegionLevel.CITY, RegionLevel.PROVINCE),
    RegionLevel.TOWNSHIP: (RegionLevel.COUNTY,),
    RegionLevel.VILLAGE: (RegionLevel.TOWNSHIP,),
}


def region_parent_problem(level: str, parent_level: str | None, parent_label: str) -> str | None:
    """Why a region of `level` may not sit under a parent of `parent_level` (None if it may)."""
    if parent_level is None:
        return None
    allowed = ALLOWED_PARENT_LEVELS[level]
    label = RegionLevel(level).label
    if not allowed:
        return f"{label}不能有上级区划"
    if parent_level in allowed:
        return None
    expected = "或".join(RegionLevel(a).label for a in allowed)
    if level == RegionLevel.COUNTY:
        expected += "（省直管县）"
    return (
        f"上级区划 {parent_label} 为{RegionLevel(parent_level).label}，{label}的上级应为{expected}"
    )


def repath_subtree(old_path: str, new_path: str) -> int:
    """Rewrite the materialised path of every region below `old_path`; returns how many."""
    if old_path == new_path:
        return 0
    below = list(Region.objects.filter(path__startswith=old_path).exclude(path=old_path))
    for region in below:
        region.path = new_path + region.path[len(old_path) :]
    Region.objects.bulk_update(below, ["path"], batch_size=500)
    return len(below)


@transaction.atomic
def region_upsert(
    *, actor: Any, code: str, name: str, level: str, parent_code: str, message: str = ""
) -> str:
    """Create or update the region `code`; moving it rewrites its subtree's paths.

    Returns CREATED, UPDATED or UNCHANGED; an unchanged row writes nothing.
    """
    _require(actor, Perm.MANAGE_ORG)
    parent = Region.objects.get(code=parent_code) if parent_code else None
    path = f"{parent.path if parent else '/'}{code}/"
    region = Region.objects.filter(code=code).first()
    if region is None:
        audited_create(
            Region,
            actor=actor,
            message=message,
            code=code,
            name=name,
            level=level,
            parent=parent,
            path=path,
        )
        return CREATED
    fields = ["name", "level", "parent_id", "path"]
    before = audit.snapshot(region, fields)
    old_path = region.path
    region.name, region.level, region.parent, region.path = name, level, parent, path
    after = audit.snapshot(region, fields)
    if before == after:
        return UNCHANGED
    region.full_clean()
    region.save(update_fields=["name", "level", "parent", "path", "updated_at"])
    moved = repath_subtree(old_path, path)
    note = f"{message}；下级区划路径随之更新 {moved} 条" if moved else message
    audit.record_change(
        actor=actor,
        event=audit.Event.UPDATE,
        obj=region,
        changes=audit.diff(before, after),
        message=note,
    )
    return UPDATED


# --- units ----------------------------------------------------------------------------------


def _check_unit_parent(unit: Unit | None, parent: Unit | None) -> None:
    node, hops = parent, 0
    while node is not None and hops < 50:
        if unit is not None and node.pk == unit.pk:
            raise ApplicationError("上级单位不能是本单位或本单位的下级单位")
        node, hops = node.parent, hops + 1


@transaction.atomic
def unit_update(
    *, actor: Any, unit: Unit, expected_version: int, changes: Mapping[str, Any]
) -> Unit:
    """Save the edit of a unit loaded at `expected_version`.

    Raises StaleRecordError when someone saved it meanwhile (their save is kept), NotAllowedError
    outside the actor's scope, ValidationError for a field rule (e.g. a duplicate name).
    """
    _require(actor, Perm.MANAGE_ORG)
    scope = org_units(actor) if actor is not None else Unit.objects.all()
    if not scope.filter(pk=unit.pk).exists():
        raise NotAllowedError("该单位不在您的管辖范围内")
    unknown = set(changes) - set(UNIT_EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    parent = changes.get("parent")
    if parent is not None:
        if not scope.filter(pk=parent.pk).exists():
            raise NotAllowedError("上级单位不在您的管辖范围内")
        _check_unit_parent(unit, parent)
    return versioned_update(unit, expected_version=expected_version, changes=changes, actor=actor)


@transaction.atomic
def unit_upsert(*, actor: Any, code: str, values: Mapping[str, Any], message: str = "") -> str:
    """Create or update the unit `code` with `values` (`region_code`, optional `parent_code`).

    Without `oversees_region` a new unit oversees its region by its kind (人民政府, 乡镇政府/街道办)
    and a stored unit keeps its setting. Returns CREATED, UPDATED or UNCHANGED; an update bumps
    the version so that open edit forms become stale instead of overwriting the imported values.
    """
    _require(actor, Perm.MANAGE_ORG)
    fields = dict(values)
    fields["region"] = Region.objects.get(code=fields.pop("region_code"))
    if "parent_code" in fields:  # absent: keep the stored parent
        parent_code = fields.pop("parent_code")
        fields["parent"] = Unit.objects.get(code=parent_code) if parent_code else None
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        fields.setdefault("oversees_region", oversees_by_default(fields["kind"]))
        audited_create(Unit, actor=actor, message=message, code=code, **fields)
        return CREATED
    changes = {k: v for k, v in fields.items() if getattr(unit, k) != v}
    if not changes:
        return UNCHANGED
    _check_unit_parent(unit, fields.get("parent"))
    versioned_update(
        unit, expected_version=unit.version, changes=changes, actor=actor, message=message
    )
    return UPDATED


# --- accounts (系统管理员) --------------------------------------------------------------------

_PASSWORD_CLASSES = (
    "ABCDEFGHJKLMNPQRSTUVWXYZ",  # no I or O: read aloud or copied from a screen
    "abcdefghijkmnpqrstuvwxyz",  # no l or o
    "23456789",
    "!@#$%&*?-+=",
)


def generate_password(length: int = 14) -> str:
    """A random initial password with all four character classes (等保 L3-CES1-01)."""
    rng = secrets.SystemRandom()
    chars = [secrets.choice(group) for group in _PASSWORD_CLASSES]
    alphabet = "".join(_PASSWORD_CLASSES)
    chars += [secrets.choice(alphabet) for _ in range(length - len(chars))]
    rng.shuffle(chars)
    return "".join(chars)


def _user_snapshot(user: User) -> dict[str, Any]:
    return audit.snapshot(user, USER_AUDIT_FIELDS)


def _fresh_password(user: User) -> str:
    for _ in range(20):
        password = generate_password()
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password
    raise ApplicationError("无法生成符合规则的密码，请重试")


def _check_account_target(actor: Any, user: User, action: str) -> None:
    if actor is not None and user.pk == actor.pk:
        raise NotAllowedError(f"不能{action}自己的账号")
    if user.role_set() & ADMIN_ROLES:
        # A reset would hand the administrator's powers to whoever resets it (三权分立).
        raise NotAllowedError(f"不能在页面上{action}系统管理员、安全管理员、审计管理员的账号")


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    full_name: str,
    unit: Unit,
    position: str = "",
    phone: str = "",
) -> tuple[User, str]:
    """Create an account without roles; returns it with its initial password (shown once).

    The user must change the password at first login (等保 R-AUTH-04).
    """
    _require(actor, Perm.MANAGE_USERS)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "该用户名已被使用"})
    user = User(
        username=username,
        full_name=full_name,
        unit=unit,
        position=position,
        phone=phone,
        must_change_password=True,
    )
    password = _fresh_password(user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit.record_change(
        actor=actor,
        event=audit.Event.CREATE,
        obj=user,
        changes={k: [None, v] for k, v in _user_snapshot(user).items()},
        message="新建账号",
    )
    return user, password


def end_sessions(user: User) -> int:
    """Sign `user` out everywhere by deleting their session rows; returns how many."""
    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(pk__in=mine).delete()
    return len(mine)


@transaction.atomic
def user_set_active(*, actor: Any, user: User, active: bool) -> User:
    """Enable or disable an account; disabling also ends its sessions at once."""
    _require(actor, Perm.MANAGE_USERS)
    action = "启用" if active else "停用"
    _check_account_target(actor, user, action)
    if not User.objects.filter(pk=user.pk, is_active=not active).update(is_active=active):
        raise ApplicationError(f"该账号已{action}")
    ended = 0 if active else end_sessions(user)
    user.refresh_from_db()
    audit.record_change(
        actor=actor,
        event=audit.Event.UPDATE,
        obj=user,
        changes={"is_active": [not active, active]},
        message=f"{action}账号",
    )
    event = audit.Event.ACCOUNT_ENABLE if active else audit.Event.ACCOUNT_DISABLE
    note = f"{action}账号 {user.username}" + (f"，结束会话 {ended} 个" if ended else "")
    audit.record_security(event=event, user=actor, obj=user, message=note)
    return user


@transaction.atomic
def user_reset_password(*, actor: Any, user: User) -> str:
    """Set a generated password (shown once), force a change at next login, end sessions."""
    _require(actor, Perm.MANAGE_USERS)
    _check_account_target(actor, user, "重置密码")
    before = _user_snapshot(user)
    password = _fresh_password(user)
    user.set_password(password)
    user.must_change_password = True
    user.demo_account = False  # a reset password is never a printed demo password
    user.save(update_fields=["password", "must_change_password", "demo_account"])
    ended = end_sessions(user)
    unlocked = axes_reset(username=user.username)  # a reset also lifts a login lockout
    changes = audit.diff(before, _user_snapshot(user))
    changes["password"] = ["（不记录）", "（已重置）"]
    audit.record_change(
        actor=actor, event=audit.Event.UPDATE, obj=user, changes=changes, message="重置密码"
    )
    audit.record_security(
        event=audit.Event.PASSWORD_RESET,
        user=actor,
        obj=user,
        message=f"重置 {user.username} 的密码，结束会话 {ended} 个"
        + ("，解除登录锁定" if unlocked else ""),
    )
    return password


# --- roles (安全管理员) -----------------------------------------------------------------------


def _role_text(roles: Iterable[str]) -> str:
    ordered = sorted(roles, key=lambda r: list(Role).index(Role(r)))
    return "、".join(Role(r).label for r in ordered) or "（无）"


@transaction.atomic
def user_set_roles(*, actor: Any, user: User, roles: Iterable[str]) -> User:
    """Give `user` exactly the business roles `roles`.

    The security administrator grants business roles only: not the three administrator roles,
    not to an administrator account, and not to itself (SECURITY.md §1.2).
    """
    _require(actor, Perm.ASSIGN_ROLES)
    try:
        wanted = frozenset(Role(r) for r in roles)
    except ValueError as exc:
        raise ApplicationError("未知的角色") from exc
    if actor is not None and user.pk == actor.pk:
        raise NotAllowedError("不能修改自己的角色")
    current = frozenset(Role(r) for r in user.role_assignments.values_list("role", flat=True))
    if (current | wanted) & ADMIN_ROLES:
        raise NotAllowedError("不能分配或撤销系统管理员、安全管理员、审计管理员角色")
    check_role_combination(wanted)  # 三权分立: the one rule, in roles.py
    if wanted and user.unit_id is None:
        raise ApplicationError("该账号尚未指定所在单位，不能分配业务角色")
    if wanted == current:
        return user
    user.role_assignments.filter(role__in=current - wanted).delete()
    RoleAssignment.objects.bulk_create(RoleAssignment(user=user, role=r) for r in wanted - current)
    user.forget_roles()
    old, new = _role_text(current), _role_text(wanted)
    audit.record_change(
        actor=actor,
        event=audit.Event.UPDATE,
        obj=user,
        changes={"roles": [old, new]},
        message="角色变更",
    )
    audit.record_security(
        event=audit.Event.ROLE_CHANGE,
        user=actor,
        obj=user,
        message=f"{user.username}：{old} → {new}",
    )
    return user


# --- administrator accounts (command line only) ----------------------------------------------


@transaction.atomic
def admin_account_provision(
    *, username: str, full_name: str, unit: Unit, role: str, reset: bool = False
) -> tuple[User, str]:
    """Create, or with `reset` re-key, an account of one of the three administrator roles.

    Only the server's command line reaches this (SECURITY.md §1.2: no page may create or reset
    the 三员, or one of them could take another's powers). Returns the account and a generated
    password, shown once; it must be changed at first login. Audited with no actor, "命令行".
    """
    if role not in ADMIN_ROLES:
        raise ApplicationError("只能用于系统管理员、安全管理员、审计管理员账号")
    user = User.objects.filter(username__iexact=username).first()
    if user is not None and not reset:
        raise ApplicationError(f"用户名“{username}”已存在；如需重置其密码，请加 --reset")
    if user is None and reset:
        raise ApplicationError(f"用户名“{username}”不存在，不能重置")
    if user is not None and user.role_set() != {role}:
        raise ApplicationError(f"账号“{username}”不是{Role(role).label}账号，不能用此命令重置")
    created = user is None
    user = user or User(username=username, full_name=full_name, unit=unit)
    before = {} if created else _user_snapshot(user)
    password = _fresh_password(user)
    user.set_password(password)
    user.must_change_password, user.demo_account, user.is_active = True, False, True
    user.full_clean()
    user.save()
    if created:
        RoleAssignment.objects.create(user=user, role=role)
    end_sessions(user)
    axes_reset(username=user.username)
    changes = audit.diff(before, _user_snapshot(user))
    changes["password"] = ["（不记录）", "（已设置）"]
    if created:
        changes["roles"] = ["（无）", Role(role).label]
    audit.record_change(
        actor=None,
        event=audit.Event.CREATE if created else audit.Event.UPDATE,
        obj=user,
        changes=changes,
        message="命令行：" + ("新建管理员账号" if created else "重置管理员账号密码"),
    )
    return user, password
