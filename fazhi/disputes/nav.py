"""Navigation entries of the disputes app."""

from fazhi.core.navigation import NavEntry, register
from fazhi.core.permissions import Perm

SECTION = "行政争议"

for order, (label, url_name, icon) in enumerate(
    [
        ("行政复议", "disputes:recon-list", "journal-text"),
        ("行政应诉", "disputes:lawsuit-list", "bank"),
        ("争议化解", "disputes:risk-board", "exclamation-triangle"),
        ("研商通报", "disputes:briefing", "megaphone"),
        ("争议指标", "disputes:figures", "bar-chart-line"),
    ],
    start=1,
):
    register(NavEntry(SECTION, label, url_name, Perm.VIEW_BUSINESS, order=order * 10, icon=icon))
