"""The 待办与预警 registry: domain apps register providers of due items; the inbox lists them.

A provider is a callable `(user, today) -> Iterable[DueItem]` that returns the items of the
records the user may see (it applies `visible_to(user)` itself).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

# Filled in by the deadline engine (fazhi.core.deadlines): DueItem, urgency sort.
Provider = Callable[[Any, dt.date], Iterable[Any]]

_providers: list[tuple[str, Provider]] = []


@dataclass(frozen=True)
class Registration:
    module: str
    provider: Provider


def register(module: str, provider: Provider) -> None:
    """Add a provider of due items for the module named `module` (a Chinese label)."""
    if (module, provider) not in _providers:
        _providers.append((module, provider))


def items_for(user: Any, today: dt.date | None = None) -> list[Any]:
    today = today or timezone.localdate()
    items: list[Any] = []
    for _module, provider in _providers:
        items.extend(provider(user, today))
    return sorted(items, key=lambda item: getattr(item, "sort_key", (0,)))
