"""Named permissions. Which roles hold which is decided in one table, `fazhi.org.roles`.

`core` sits below `org`, so it names the permissions and asks the user object; it never imports
the role table itself.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse


class Perm(models.TextChoices):
    VIEW_BUSINESS = "view_business", "查看业务数据"
    EDIT_BUSINESS = "edit_business", "填报业务数据"
    MANAGE_ORG = "manage_org", "维护组织机构"
    VIEW_ORG = "view_org", "查看组织机构"
    MANAGE_USERS = "manage_users", "管理用户账号"
    ASSIGN_ROLES = "assign_roles", "分配角色"
    SECURITY_SETTINGS = "security_settings", "设置安全参数"
    VIEW_AUDIT = "view_audit", "查阅审计日志"
    EDIT_CALENDAR = "edit_calendar", "维护节假日安排"
    VIEW_PERSONAL_DATA = "view_personal_data", "查看完整个人信息"
    USE_ADMIN = "use_admin", "使用配置后台"
    # 合法性审查与整改 (issue 4)
    REVIEW_LEGALITY = "review_legality", "办理合法性审查"
    MANAGE_REVIEW_CATALOG = "manage_review_catalog", "维护审查事项目录"
    VERIFY_RECTIFICATION = "verify_rectification", "核验整改"
    # 指标、目标与考核 (issue 6)
    MANAGE_ASSESSMENT = "manage_assessment", "管理指标目标与考核"


def has_perm(user: Any, perm: Perm) -> bool:
    """True when the user is signed in, active, and one of their roles grants `perm`."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    checker = getattr(user, "has_fazhi_perm", None)
    return bool(checker and checker(perm))


def require_perm(
    perm: Perm,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: 403 (with an audit event) unless the user holds `perm`."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_perm(request.user, perm):
                raise deny(request, f"缺少权限“{perm.label}”")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def deny(request: HttpRequest, reason: str, obj: Any = None) -> PermissionDenied:
    """Record a refused request (ACCESS_DENIED, "<reason>：<path>") and return the 403 to raise:
    `raise deny(request, "…")`. Every page refusing a user for a rule, not a missing record,
    goes through here so that every refusal is in the audit trail the same way."""
    from fazhi.core import audit

    audit.record_security(
        event=audit.Event.ACCESS_DENIED,
        user=request.user,
        success=False,
        obj=obj,
        message=f"{reason}：{request.path}",
    )
    return PermissionDenied(reason)
