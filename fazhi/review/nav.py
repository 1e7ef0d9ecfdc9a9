"""Navigation entries of the review app (section 业务)."""

from fazhi.core.navigation import NavEntry, register
from fazhi.core.permissions import Perm

SECTION = "业务"

for entry in (
    NavEntry(
        SECTION,
        "审查工作台",
        "review:queue",
        Perm.REVIEW_LEGALITY,
        order=20,
        icon="clipboard-check",
    ),
    NavEntry(
        SECTION, "合法性审查", "review:matters", Perm.VIEW_BUSINESS, order=21, icon="shield-check"
    ),
    NavEntry(
        SECTION, "审查事项目录", "review:catalog", Perm.VIEW_BUSINESS, order=22, icon="list-check"
    ),
    NavEntry(
        SECTION, "应审事项台账", "review:ledger", Perm.VIEW_BUSINESS, order=23, icon="journal-check"
    ),
    NavEntry(
        SECTION,
        "规范性文件",
        "review:normdocs",
        Perm.VIEW_BUSINESS,
        order=24,
        icon="file-earmark-text",
    ),
    NavEntry(
        SECTION, "审查与备案统计", "review:figures", Perm.VIEW_BUSINESS, order=25, icon="bar-chart"
    ),
    NavEntry(
        SECTION, "专家库", "review:experts", Perm.VIEW_BUSINESS, order=26, icon="person-badge"
    ),
):
    register(entry)
