"""Shell pages: the 待办与预警 inbox (home), and the error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

from fazhi.core import inbox as inbox_registry


def inbox(request: HttpRequest) -> HttpResponse:
    items = inbox_registry.items_for(request.user)
    return render(request, "core/inbox.html", {"items": items})


@requires_csrf_token
def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


@requires_csrf_token
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
