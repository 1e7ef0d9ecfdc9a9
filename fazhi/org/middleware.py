"""Forced password change at first login and after an administrator's reset (等保 R-AUTH-04,
ASVS 6.4.1): until the user sets a password of their own, every page leads to the change page."""

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
        forced = user is not None and user.is_authenticated and must_change_password(user)
        if forced and not _exempt(request.path):
            return _to_change_page(request)
        return self.get_response(request)


def must_change_password(user: object) -> bool:
    """Demo accounts keep their printed password only while the server runs in demo mode; an
    administrator's reset clears `demo_account`, so a reset demo user is forced like anyone."""
    if not getattr(user, "must_change_password", False):
        return False
    return not (settings.FAZHI_DEMO_MODE and getattr(user, "demo_account", False))


def _exempt(path: str) -> bool:
    if path.startswith(settings.STATIC_URL):
        return True
    return path in {reverse(name) for name in EXEMPT_URL_NAMES}


def _to_change_page(request: HttpRequest) -> HttpResponse:
    url = f"{reverse('password-change')}?forced=1"
    if request.headers.get("HX-Request"):
        # htmx would swap the change page into a fragment; make the browser navigate instead.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)
