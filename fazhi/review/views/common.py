"""What every review page shares beyond `fazhi.core.pages` (run, refused, posted_version)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from fazhi.core.exceptions import ApplicationError


def user_of(request: HttpRequest) -> Any:
    """The signed-in user (views run behind LoginRequiredMiddleware), typed loosely."""
    return request.user


def posted_date(request: HttpRequest, name: str, label: str) -> dt.date | None:
    """A date field from the POST; None when empty (the service then asks for it)."""
    value = request.POST.get(name, "").strip()
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise ApplicationError(
            f"{label}格式不正确：{value[:20]}（应为“年-月-日”，如 2026-03-02）"
        ) from None
