"""Navigation entries of the indicators app (考核测评, 指标目标, 手工填报, 指标体系)."""

from fazhi.core.navigation import NavEntry, register
from fazhi.core.permissions import Perm

SECTION = "指标与考核"
register(NavEntry(SECTION, "考核测评", "indicators:runs", Perm.VIEW_BUSINESS, order=20,
                  icon="trophy"))  # fmt: skip
register(NavEntry(SECTION, "指标目标", "indicators:targets-home", Perm.VIEW_BUSINESS, order=30,
                  icon="bullseye"))  # fmt: skip
register(NavEntry(SECTION, "手工填报", "indicators:manual-home", Perm.VIEW_BUSINESS, order=40,
                  icon="pencil-square"))  # fmt: skip
register(NavEntry(SECTION, "指标体系", "indicators:systems", Perm.VIEW_BUSINESS, order=50,
                  icon="diagram-3"))  # fmt: skip
