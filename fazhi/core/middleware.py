"""Request context for the audit trail, and no caching of pages that show private data."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from fazhi.core import context


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is trivially forged unless a trusted proxy rewrites it,
    # and the deployment's proxy sets REMOTE_ADDR through the WSGI server.
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = context.set_current(
            context.RequestContext(ip=client_ip(request), request_id=uuid.uuid4().hex)
        )
        try:
            return self.get_response(request)
        finally:
            context.reset(token)


class NoStoreMiddleware:
    """ASVS 14.3.2: a signed-in user's pages are never kept in a browser or proxy cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        static = request.path.startswith(settings.STATIC_URL)
        if user is not None and user.is_authenticated and not static:
            response["Cache-Control"] = "no-store"
        return response
