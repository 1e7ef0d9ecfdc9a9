"""Security events from Django's auth and django-axes, written to the audit trail.

Signals are used here only because the events are raised inside third-party code (login views,
the axes backend); no domain logic hangs on signals.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from fazhi.core import audit


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record_security(event=audit.Event.LOGIN_SUCCESS, user=user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record_security(event=audit.Event.LOGOUT, user=user)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    audit.record_security(
        event=audit.Event.LOGIN_FAILURE,
        success=False,
        username=str(credentials.get("username", "")),
        message="用户名或密码错误",
    )


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any, username: str, ip_address: str, **kwargs: Any) -> None:
    audit.record_security(
        event=audit.Event.LOCKOUT,
        success=False,
        username=username or "",
        message="连续登录失败 5 次，账号锁定 30 分钟",
    )
