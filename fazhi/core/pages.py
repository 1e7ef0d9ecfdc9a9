"""What every app's pages do around a service called from a POST: read the version the form was
loaded with (and a posted date), run the service, report its outcome, and audit a policy refusal.

    return pages.run(request, lambda: services.close(item=item, actor=request.user,
                     expected_version=pages.posted_version(request)), "已销号。", item_url)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.core.permissions import deny


def refused(request: HttpRequest, message: str) -> None:
    """A policy refusal: audited as a denied access exactly like a 403 (`deny`), but the page
    answers with the message instead of an error page."""
    deny(request, message)
    messages.error(request, message)


def run(request: HttpRequest, call: Callable[[], Any], done: str, back: str) -> HttpResponse:
    """Run a service; report success or its Chinese error; redirect to `back` either way."""
    try:
        call()
    except NotAllowedError as exc:
        refused(request, exc.message)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(back)


def posted_version(request: HttpRequest) -> int:
    """The record version the posted form was loaded with (0 when missing or not a number, which
    the service then refuses as stale)."""
    try:
        return int(request.POST.get("version", "0"))
    except ValueError:
        return 0


def posted_date(request: HttpRequest, name: str, label: str) -> dt.date | None:
    """A date field from the POST; None when empty (the service then asks for it). A malformed
    date is an ApplicationError naming the field (`label`)."""
    value = request.POST.get(name, "").strip()
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise ApplicationError(
            f"{label}格式不正确：{value[:20]}（应为“年-月-日”，如 2026-03-02）"
        ) from None
