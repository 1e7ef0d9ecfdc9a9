"""What every review page shares: running a service from a POST and reporting its outcome."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from fazhi.core import audit
from fazhi.core.exceptions import ApplicationError
from fazhi.rectify.services import NotAllowedError as RectifyNotAllowed
from fazhi.review.services import NotAllowedError


def refused(request: HttpRequest, message: str) -> None:
    """A policy refusal: shown to the user and audited as a denied access."""
    audit.record_security(
        event=audit.Event.ACCESS_DENIED,
        user=request.user,
        success=False,
        message=f"{message}：{request.path}",
    )
    messages.error(request, message)


def run(request: HttpRequest, call: Callable[[], Any], done: str, back: str) -> HttpResponse:
    """Run a service; report success or its Chinese error; redirect to `back` either way."""
    try:
        call()
    except (NotAllowedError, RectifyNotAllowed) as exc:
        refused(request, exc.message)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(back)


def user_of(request: HttpRequest) -> Any:
    """The signed-in user (views run behind LoginRequiredMiddleware), typed loosely."""
    return request.user


def version_of(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", "0"))
    except ValueError:
        return 0


def posted_date(request: HttpRequest, name: str, label: str) -> dt.date | None:
    """A date field from the POST; None when empty (the service then asks for it)."""
    value = request.POST.get(name, "").strip()
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise ApplicationError(
            f"{label}格式不正确：{value[:20]}（应为“年-月-日”，如 2026-03-02）"
        ) from None
