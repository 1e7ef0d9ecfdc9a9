"""Sign in, sign out, password change and the lockout page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from fazhi.org.forms import LoginForm, PasswordChangeForm
from fazhi.org.middleware import must_change_password


class LoginView(auth_views.LoginView):
    """Django's login (session key rotated by `login()`); axes counts failures per username."""

    form_class = LoginForm
    template_name = "org/login.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "login_policy": login_policy()}


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


@login_not_required
def lockout(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """axes' AXES_LOCKOUT_CALLABLE: the login page again, with the lock explained (HTTP 429)."""
    context = {
        "form": LoginForm(request),
        "lockout_message": lockout_message(),
        "login_policy": login_policy(),
        "next": "",
    }
    return render(request, "org/login.html", context, status=429)
