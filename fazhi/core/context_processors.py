"""What every page of the shell needs: the navigation the user may see."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from fazhi.core import navigation


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    context: dict[str, Any] = {"demo_mode": settings.FAZHI_DEMO_MODE, "nav_sections": []}
    if user is not None and user.is_authenticated:
        context["nav_sections"] = navigation.sections_for(user, request.path)
    return context
