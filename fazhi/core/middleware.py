"""Request context for the audit trail, the sliding idle timeout of a session, and no caching of
pages that show private data."""

from __future__ import annotations

import ipaddress
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from fazhi.core import context


def client_ip(request: HttpRequest) -> str | None:
    """The address the audit trail records for this request.

    With FAZHI_TRUSTED_PROXIES = 0 (the default) REMOTE_ADDR, since anyone can send an
    X-Forwarded-For header. Behind N trusted reverse proxies, each of which appends the address
    it received the request from, the N-th entry from the right of X-Forwarded-For is the one
    the first trusted proxy saw; entries further left were written by the client and are not
    believed. A header with fewer entries, or an entry that is not an address, falls back to
    REMOTE_ADDR.
    """
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    hops: int = getattr(settings, "FAZHI_TRUSTED_PROXIES", 0)
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < hops:
        return remote
    return _address(forwarded[-hops]) or remote


def _address(value: str) -> str | None:
    # Only a well-formed address reaches the audit row (its column is an IP address field).
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


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


# The session key that holds when (epoch seconds) the session's expiry was last pushed back.
TOUCHED_KEY = "_fz_touched"


class SlidingSessionMiddleware:
    """The idle timeout counts from the last request (等保 L3-CES1-02, SECURITY.md R-SESS-01),
    without writing the session on every request.

    Saving every request (SESSION_SAVE_EVERY_REQUEST) turns each page view into a write, which
    SQLite serialises across workers. Here a signed-in session is saved again only when its last
    save is FAZHI_SESSION_TOUCH_SECONDS old or more, so the expiry lags the last request by less
    than that: a session ends at most that much *before* the full idle timeout, never after it.
    Placed after SessionMiddleware, so the touch is saved by its response phase.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # An empty session is anonymous or has just been flushed by logout: nothing to keep.
        if session is None or session.is_empty() or not session.keys():
            return response
        now = int(time.time())
        if session.modified or now - int(session.get(TOUCHED_KEY, 0)) >= touch_interval():
            touch(session, now)
        return response


def touch_interval() -> int:
    return int(settings.FAZHI_SESSION_TOUCH_SECONDS)


def touch(session: Any, now: int | None = None) -> None:
    """Mark `session` saved now (the login does, so the first page after it writes nothing)."""
    session[TOUCHED_KEY] = int(time.time()) if now is None else now
