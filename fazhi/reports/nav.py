"""Navigation entries of the annual report app."""

from fazhi.core.navigation import NavEntry, register
from fazhi.core.permissions import Perm

register(
    NavEntry("业务", "年度报告", "reports:list", Perm.VIEW_BUSINESS, order=80, icon="journal-text")
)
register(
    NavEntry(
        "业务",
        "报告供稿",
        "reports:contributions",
        Perm.VIEW_BUSINESS,
        order=81,
        icon="pencil-square",
    )
)
