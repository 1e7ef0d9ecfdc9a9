"""Navigation entries of the org app."""

from fazhi.core.navigation import NavEntry, register
from fazhi.core.permissions import Perm

SECTION = "组织与人员"

register(NavEntry(SECTION, "组织机构", "org:tree", Perm.VIEW_ORG, order=10, icon="diagram-3"))
register(NavEntry(SECTION, "人员与角色", "org:user-list", Perm.VIEW_ORG, order=20, icon="people"))
register(
    NavEntry(
        SECTION,
        "Excel 导入",
        "org:import",
        Perm.MANAGE_ORG,
        order=30,
        icon="file-earmark-spreadsheet",
    )
)
