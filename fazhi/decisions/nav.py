"""Navigation entries of the decisions app (section 业务)."""

from fazhi.core.navigation import NavEntry, register
from fazhi.core.permissions import Perm

SECTION = "业务"

for entry in (
    NavEntry(
        SECTION, "重大行政决策", "decisions:catalog", Perm.VIEW_BUSINESS, order=30, icon="diagram-3"
    ),
    NavEntry(
        SECTION,
        "决策统计",
        "decisions:figures",
        Perm.VIEW_BUSINESS,
        order=31,
        icon="bar-chart-steps",
    ),
):
    register(entry)
