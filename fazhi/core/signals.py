"""Security events from Django's auth and django-axes, written to the audit trail.

Signals are used here only because the events are raised inside third-party code (login views,
the axes backend); no domain logic hangs on signals.

A lock yields exactly one LOCKOUT row, written after the failure that reached the limit; later
attempts refused by the lock are not counted as failures (axes does not count them either, see
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT), so five failures give five LOGIN_FAILURE rows
and then one LOCKOUT row (SECURITY.md §6 row 5). None of this depends on the order in which
axes' receivers and ours run: axes sends `user_locked_out` from inside its own
`user_login_failed` receiver, which may run before or after ours.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from fazhi.core import audit, middleware


def _refused_by_lock(request: Any) -> bool:
    """True when axes refused the attempt before any password was checked.

    The axes backend flags such a request before the failure signal is sent, and axes' failure
    handler then leaves `axes_failures_since_start` unset; a counted failure either is not
    flagged yet or has that count set.
    """
    return bool(
        getattr(request, "axes_locked_out", False)
        and getattr(request, "axes_failures_since_start", None) is None
    )


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record_security(event=audit.Event.LOGIN_SUCCESS, user=user)
    session = getattr(request, "session", None)
    if session is not None:
        middleware.touch(session)  # the login saves the session: its idle expiry starts now


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record_security(event=audit.Event.LOGOUT, user=user)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    if _refused_by_lock(request):
        return
    audit.record_security(
        event=audit.Event.LOGIN_FAILURE,
        success=False,
        username=str(credentials.get("username", "")),
        message="用户名或密码错误",
    )
    if request is None:
        return
    request.fazhi_failure_recorded = True
    pending = getattr(request, "fazhi_pending_lockout", None)
    if pending is not None:
        _record_lockout(pending)


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any, username: str, ip_address: str, **kwargs: Any) -> None:
    if _refused_by_lock(request):
        return
    if request is not None and not getattr(request, "fazhi_failure_recorded", False):
        request.fazhi_pending_lockout = username or ""  # written after the failure row
        return
    _record_lockout(username or "")


def _record_lockout(username: str) -> None:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    audit.record_security(
        event=audit.Event.LOCKOUT,
        success=False,
        username=username,
        message=f"连续登录失败 {settings.AXES_FAILURE_LIMIT} 次，账号锁定 {minutes} 分钟",
    )
