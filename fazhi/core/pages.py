"""What every app's pages do around a service called from a POST: read the version the form was
loaded with, run the service, report its outcome, and audit a policy refusal.

    return pages.run(request, lambda: services.close(item=item, actor=request.user,
                     expected_version=pages.posted_version(request)), "已销号。", item_url)
"""

from __future__ import annotations

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
