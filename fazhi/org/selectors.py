"""Reads of the organisation tree and its people, scoped once.

Business roles see the regions, units and people of their scope (`visible_to`, see
fazhi/org/scoping.py): a county's staff their county's subtree, a reviewer its region's subtree
from a unit that oversees the region and its own unit elsewhere, a clerk its own unit. The system
and security administrators look after accounts and roles everywhere, so they see the whole tree
and every account, though never a business record. Everything outside a user's scope answers 404
and the attempt is audited (`get_visible_or_404`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet, Value
from django.shortcuts import get_object_or_404

from fazhi.core import audit
from fazhi.core.permissions import Perm, has_perm
from fazhi.org.models import Region, RoleAssignment, Unit, User
from fazhi.org.scoping import get_visible_or_404, sees_region, visible_regions

SEARCH_LIMIT = 100


def sees_whole_org(user: Any) -> bool:
    """The account and role administrators (系统管理员, 安全管理员) work on every unit's accounts.

    A county administrator also maintains the tree (MANAGE_ORG) but only inside its own county,
    so MANAGE_ORG alone does not widen the scope.
    """
    return has_perm(user, Perm.MANAGE_USERS) or has_perm(user, Perm.ASSIGN_ROLES)


def org_regions(user: Any) -> QuerySet[Region]:
    """The regions `user` may see in the organisation pages."""
    if sees_whole_org(user):
        return Region.objects.all()
    return visible_regions(user)


def org_units(user: Any) -> QuerySet[Unit]:
    """The units `user` may see in the organisation pages."""
    if sees_whole_org(user):
        return Unit.objects.all()
    return Unit.objects.visible_to(user)


def org_users(user: Any) -> QuerySet[User]:
    """The accounts `user` may see: those of the units in scope (every account for admins)."""
    if sees_whole_org(user):
        return User.objects.all()
    return User.objects.filter(unit__in=Unit.objects.visible_to(user))


def scope_root(user: Any) -> Region | None:
    """The top of `user`'s part of the tree (None: the whole tree)."""
    if sees_whole_org(user):
        return None
    return user.unit.region if getattr(user, "unit", None) else None


def unit_for(user: Any, code: str) -> Unit:
    """The unit with `code` if `user` may see it; 404 (audited when it exists) otherwise."""
    units = Unit.objects.select_related("region", "parent")
    if sees_whole_org(user):
        return get_object_or_404(units, code=code)  # every unit is in their scope
    return get_visible_or_404(units, user, code=code)


def region_for(user: Any, code: str) -> Region:
    return get_visible_or_404(org_regions(user), user, code=code)


def user_for(user: Any, username: str) -> User:
    """The account `username` if `user` may see it; 404 (audited when it exists) otherwise."""
    users = _with_roles(org_users(user).select_related("unit", "unit__region"))
    return get_visible_or_404(users, user, username=username)


def _with_roles(users: QuerySet[User]) -> QuerySet[User]:
    return users.prefetch_related(
        Prefetch("role_assignments", queryset=RoleAssignment.objects.order_by("pk"))
    )


def prime_roles(users: Any) -> list[User]:
    """Fill each user's role cache from prefetched assignments (no query per row)."""
    rows = list(users)
    for row in rows:
        row._role_cache = frozenset(ra.role for ra in row.role_assignments.all())
    return rows


# --- the tree -------------------------------------------------------------------------------


@dataclass
class RegionBranch:
    """A region with its (visible) child regions and units, each carrying counts."""

    region: Region
    children: list[Region]
    units: list[Unit]


def _sees_subregions(user: Any) -> bool:
    return sees_whole_org(user) or sees_region(user)


def _annotated_regions(user: Any) -> QuerySet[Region]:
    regions = org_regions(user)
    if not _sees_subregions(user):
        # A clerk's scope is one region; it has no visible sub-regions to count.
        return regions.annotate(child_count=Value(0), unit_count=Value(0))
    return regions.annotate(
        child_count=Count("children", distinct=True), unit_count=Count("units", distinct=True)
    )


def _annotated_units(user: Any) -> QuerySet[Unit]:
    return org_units(user).annotate(
        user_count=Count("users", filter=Q(users__is_active=True), distinct=True)
    )


def tree_roots(user: Any) -> list[RegionBranch]:
    """The top of the tree `user` may see, each root opened one level."""
    root = scope_root(user)
    if root is None and not sees_whole_org(user):
        return []
    regions = _annotated_regions(user)
    roots = regions.filter(parent=None) if root is None else regions.filter(pk=root.pk)
    return [_open_single_children(user, region_branch(user, region)) for region in roots]


def _open_single_children(user: Any, branch: RegionBranch, depth: int = 3) -> RegionBranch:
    """Open a lone child region too (a province with one city), down to `depth` levels."""
    node = branch
    for _ in range(depth):
        if len(node.children) != 1 or node.units:
            break
        child = node.children[0]
        child.opened = region_branch(user, child)  # type: ignore[attr-defined]
        node = child.opened  # type: ignore[attr-defined]
    return branch


def region_branch(user: Any, region: Region) -> RegionBranch:
    """One region's visible child regions and units (loaded on demand when a node is opened)."""
    children = list(_annotated_regions(user).filter(parent=region).order_by("code"))
    units = list(_annotated_units(user).filter(region=region).order_by("sort_order", "code"))
    return RegionBranch(region=region, children=children, units=units)


def region_labels(paths: list[str]) -> dict[str, str]:
    """ "示例省 › 示例市 › 示例县" for each materialised path, in one query."""
    codes = {code for path in paths for code in path.strip("/").split("/") if code}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return {
        path: " › ".join(names.get(code, code) for code in path.strip("/").split("/") if code)
        for path in paths
    }


@dataclass
class SearchResult:
    regions: list[Region]  # each with `place`: "示例省 › 示例市 › 示例县"
    units: list[Unit]  # each with `place`, the path of its region


def search_org(user: Any, query: str) -> SearchResult:
    """Regions and units in scope whose name or code matches `query` (at most 100 each)."""
    query = query.strip()
    if not query:
        return SearchResult([], [])
    regions = list(
        org_regions(user).filter(Q(name__icontains=query) | Q(code__startswith=query))[
            :SEARCH_LIMIT
        ]
    )
    units = list(
        _annotated_units(user)
        .select_related("region")
        .filter(
            Q(name__icontains=query) | Q(short_name__icontains=query) | Q(code__icontains=query)
        )[:SEARCH_LIMIT]
    )
    labels = region_labels([r.path for r in regions] + [u.region.path for u in units])
    for region in regions:
        region.place = labels[region.path]  # type: ignore[attr-defined]
    for unit in units:
        unit.place = labels[unit.region.path]  # type: ignore[attr-defined]
    return SearchResult(regions, units)


# --- people ---------------------------------------------------------------------------------


def unit_people(unit: Unit) -> list[User]:
    """The accounts of one unit, active first, with their roles."""
    users = _with_roles(unit.users.order_by("-is_active", "username"))
    return prime_roles(users)


@dataclass(frozen=True)
class UserFilter:
    query: str = ""
    unit: str = ""
    role: str = ""
    status: str = ""


def user_list(user: Any, flt: UserFilter) -> QuerySet[User]:
    """The accounts in `user`'s scope matching the filter, ordered by unit then username."""
    users = org_users(user).select_related("unit", "unit__region")
    if flt.query:
        users = users.filter(Q(full_name__icontains=flt.query) | Q(username__icontains=flt.query))
    if flt.unit:
        users = users.filter(unit__code=flt.unit)
    if flt.role:
        users = users.filter(role_assignments__role=flt.role)
    if flt.status == "active":
        users = users.filter(is_active=True)
    elif flt.status == "inactive":
        users = users.filter(is_active=False)
    return _with_roles(users).order_by("unit__region__path", "unit__sort_order", "username")


def reveal_phone(*, actor: Any, user: User) -> str:
    """The full phone number; only for holders of the personal-data or account permission.

    个人信息保护法 第五十一条 / 等保 L3-CES1-10: each full view of personal data is audited.
    """
    if not (has_perm(actor, Perm.VIEW_PERSONAL_DATA) or has_perm(actor, Perm.MANAGE_USERS)):
        raise PermissionDenied("无权查看完整个人信息")
    audit.record_security(
        event=audit.Event.PERSONAL_DATA_VIEW, user=actor, obj=user, message="查看完整手机号"
    )
    return user.phone


def user_by_username(username: str) -> Any:
    """The account named `username` (a command's --user, the operator on the server), or None."""
    return User.objects.filter(username=username).first() if username else None
