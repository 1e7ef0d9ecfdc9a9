"""Sign in, sign out, password change and the lockout page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from fazhi.core import audit
from fazhi.core.middleware import client_ip
from fazhi.org import throttle
from fazhi.org.forms import LoginForm, PasswordChangeForm
from fazhi.org.middleware import must_change_password


class LoginView(auth_views.LoginView):
    """Django's login (session key rotated by `login()`); axes counts failures per username,
    `fazhi.org.throttle` per address (an address over its limit gets 429 before any check)."""

    form_class = LoginForm
    template_name = "org/login.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "login_policy": login_policy()}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ip = client_ip(request)
        if throttle.is_throttled(ip):
            return _address_throttled(request, ip)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        data = getattr(form, "cleaned_data", {})
        if data.get("username") and data.get("password"):  # a password was checked and failed
            throttle.count_failure(client_ip(self.request))
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    """POST only; `logout()` flushes the session row, so an old session cookie is worthless."""


class PasswordChangeView(auth_views.PasswordChangeView):
    """The user's own password; `update_session_auth_hash` keeps this session and ends the
    user's other sessions (their stored auth hash no longer matches)."""

    form_class = PasswordChangeForm
    template_name = "org/password_change.html"
    success_url = reverse_lazy("core:inbox")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        forced = must_change_password(self.request.user)
        return {**super().get_context_data(**kwargs), "forced": forced}

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, "密码已修改。")
        return response


login_view = LoginView.as_view()
logout_view = require_POST(LogoutView.as_view())
password_change = PasswordChangeView.as_view()


def _lock_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def login_policy() -> str:
    return (
        f"连续 {settings.AXES_FAILURE_LIMIT} 次密码错误将锁定账号 {_lock_minutes()} 分钟；"
        f"{settings.FAZHI_IDLE_TIMEOUT_MINUTES} 分钟无操作自动退出。"
    )


def lockout_message() -> str:
    return (
        f"连续 {settings.AXES_FAILURE_LIMIT} 次登录失败，该账号已锁定 {_lock_minutes()} 分钟，"
        "请稍后再试或联系系统管理员。"
    )


def throttle_message() -> str:
    return f"该地址登录失败次数过多，请 {settings.FAZHI_LOGIN_IP_WINDOW_MINUTES} 分钟后再试。"


def _refusal_page(request: HttpRequest, message: str) -> HttpResponse:
    """The login page again with why the attempt was refused (HTTP 429)."""
    context = {
        "form": LoginForm(request),
        "lockout_message": message,
        "login_policy": login_policy(),
        "next": "",
    }
    return render(request, "org/login.html", context, status=429)


@login_not_required
def lockout(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """axes' AXES_LOCKOUT_CALLABLE: the login page again, with the lock explained (HTTP 429)."""
    return _refusal_page(request, lockout_message())


def _address_throttled(request: HttpRequest, ip: str | None) -> HttpResponse:
    """Too many failures from this address: refused unchecked, no account touched (429)."""
    if throttle.first_refusal(ip):
        audit.record_security(
            event=audit.Event.LOGIN_FAILURE,
            success=False,
            message=(
                f"地址 {ip or '未知'} 在 {settings.FAZHI_LOGIN_IP_WINDOW_MINUTES} 分钟内登录失败超过 "
                f"{settings.FAZHI_LOGIN_IP_LIMIT} 次，暂停受理该地址的登录（不锁定任何账号）"
            ),
        )
    return _refusal_page(request, throttle_message())
