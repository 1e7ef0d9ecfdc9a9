"""Navigation entry of the audit log: seen only by holders of Perm.VIEW_AUDIT (审计管理员)."""

from fazhi.core.navigation import NavEntry, register
from fazhi.core.permissions import Perm

register(
    NavEntry(
        section="安全审计",
        label="审计日志",
        url_name="audit:list",
        perm=Perm.VIEW_AUDIT,
        order=10,
        icon="journal-text",
    )
)
