"""Leaders land on the dashboard: after a sign-in that names no page to go to, a leader's
redirect goes to 一屏掌控 instead of the 待办与预警 inbox (everyone else's home)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.urls import reverse

from fazhi.org.roles import Role


class LeaderLandingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method == "POST" and response.status_code == 302 and _lands(request, response):
            response["Location"] = reverse("dashboard:home")
        return response


def _lands(request: HttpRequest, response: HttpResponse) -> bool:
    """A successful sign-in of a leader, redirected to the default home (no `next`)."""
    if request.path != reverse("login"):
        return False
    if response.get("Location") != resolve_url(settings.LOGIN_REDIRECT_URL):
        return False
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.has_role(Role.LEADER))
