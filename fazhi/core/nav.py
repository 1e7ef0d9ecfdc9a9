"""Navigation entries of the core app: the inbox (home), the holiday calendar, deadline rules."""

from __future__ import annotations

from fazhi.core.navigation import NavEntry, register

register(
    NavEntry(
        section="工作台",
        label="待办与预警",
        url_name="core:inbox",
        perm=None,
        order=10,
        icon="inbox",
    )
)
# Any signed-in user may read the calendar and the rules; editing needs EDIT_CALENDAR.
register(
    NavEntry(
        section="系统管理",
        label="节假日安排",
        url_name="core:calendar",
        perm=None,
        order=50,
        icon="calendar3",
    )
)
register(
    NavEntry(
        section="系统管理",
        label="期限规则",
        url_name="core:deadline-rules",
        perm=None,
        order=55,
        icon="hourglass-split",
    )
)
