"""Sign in, sign out, password change and the lockout page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

login_view = login_not_required(auth_views.LoginView.as_view(template_name="org/login.html"))
logout_view = require_POST(auth_views.LogoutView.as_view())


def password_change(request: HttpRequest) -> HttpResponse:
    return auth_views.PasswordChangeView.as_view(template_name="org/password_change.html")(request)


@login_not_required
def lockout(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    messages.error(
        request, "连续登录失败次数过多，该账号已锁定 30 分钟，请稍后再试或联系系统管理员。"
    )
    return render(request, "org/login.html", {"locked": True}, status=429)
