"""The dashboard's navigation entry: first in 工作台, where leaders land."""

from __future__ import annotations

from fazhi.core.navigation import NavEntry, register
from fazhi.core.permissions import Perm

register(
    NavEntry(
        section="工作台",
        label="一屏掌控",
        url_name="dashboard:home",
        perm=Perm.VIEW_BUSINESS,
        order=5,
        icon="speedometer2",
    )
)
