"""What every review page shares beyond `fazhi.core.pages` (run, refused, posted_version,
posted_date: still importable from here)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from fazhi.core.pages import posted_date as posted_date


def user_of(request: HttpRequest) -> Any:
    """The signed-in user (views run behind LoginRequiredMiddleware), typed loosely."""
    return request.user
