"""超期 and 临期 items by module, from the core inbox's providers (the user's own reach: a
provider lists only the records the user may see), each count linking to the filtered inbox."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from fazhi.core import inbox
from fazhi.core.deadlines import DueStatus
from fazhi.dashboard import cache
from fazhi.dashboard.tables import Cell, Column, Table


@dataclass(frozen=True)
class ModuleDue:
    """A module's 超期 and 临期 counts, with the inbox filtered to each."""

    module: str
    overdue: int
    soon: int
    url: str
    overdue_url: str
    soon_url: str


def module_due(module: str, overdue: int, soon: int) -> ModuleDue:
    inbox_url = reverse("core:inbox")

    def url(status: str = "") -> str:
        params = {"module": module, "status": status}
        return f"{inbox_url}?{urlencode({k: v for k, v in params.items() if v})}"

    return ModuleDue(module, overdue, soon, url(), url(DueStatus.OVERDUE), url(DueStatus.SOON))


def due_by_module(user: Any, today: dt.date) -> list[ModuleDue]:
    """Each module with a provider, with its 超期 and 临期 counts for `user` (briefly cached per
    user: the inbox runs every provider)."""
    return cache.cached(f"due:{user.pk}:{today}", lambda: _count(user, today))


def _count(user: Any, today: dt.date) -> list[ModuleDue]:
    counts = Counter((item.module, item.status) for item in inbox.items_for(user, today))
    return [
        module_due(m, counts[(m, DueStatus.OVERDUE)], counts[(m, DueStatus.SOON)])
        for m in inbox.modules()
    ]


def due_table(rows: list[ModuleDue], caption: str, export_url: str = "") -> Table:
    columns = [Column("业务模块"), Column("超期", True), Column("临期", True)]
    cells = [
        [
            Cell(r.module, url=r.url),
            Cell(
                str(r.overdue),
                number=r.overdue,
                colour="red" if r.overdue else "",
                url=r.overdue_url,
            ),
            Cell(str(r.soon), number=r.soon, colour="yellow" if r.soon else "", url=r.soon_url),
        ]
        for r in rows
    ]
    return Table(
        "overdue", "超期与临期事项", columns, cells, caption=caption, export_url=export_url
    )
