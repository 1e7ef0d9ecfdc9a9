"""The 整改 inbox provider: every open item the user may see, by its own due date.

An item's due date is set by whoever raised it (the raising module's rule or the reviewer's
choice), so no period is declared here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from fazhi.core import inbox
from fazhi.core.deadlines import DueItem, due_item
from fazhi.rectify.models import RectificationItem
from fazhi.rectify.workflow import Status

MODULE = "整改"


def rectification_items(user: Any, today: dt.date) -> Iterator[DueItem]:
    """Items not yet closed (filtered in SQL), one query."""
    items = (
        RectificationItem.objects.visible_to(user)
        .exclude(status=Status.CLOSED)
        .select_related("unit")
        .only("pk", "title", "raised_on", "due_on", "status", "unit__name")
    )
    for item in items:
        label = "待核验" if item.status == Status.SUBMITTED else "整改期限"
        yield due_item(
            module=MODULE,
            title=f"{item.number} {item.title}（{label}）",
            unit_name=item.unit.name,
            today=today,
            due=item.due_on,
            url=item.get_absolute_url(),
        )


inbox.register(MODULE, rectification_items)
