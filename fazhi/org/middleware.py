"""Forced password change at first login and after an administrator's reset (等保 R-AUTH-04)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

EXEMPT_URL_NAMES = ("password-change", "logout", "login")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and must_change_password(user):
            exempt = {reverse(name) for name in EXEMPT_URL_NAMES}
            if request.path not in exempt and not request.path.startswith(settings.STATIC_URL):
                return redirect(f"{reverse('password-change')}?forced=1")
        return self.get_response(request)


def must_change_password(user: object) -> bool:
    """Demo accounts keep their printed password only while the server runs in demo mode."""
    if not getattr(user, "must_change_password", False):
        return False
    return not (settings.FAZHI_DEMO_MODE and getattr(user, "demo_account", False))
