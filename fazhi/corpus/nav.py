"""Navigation entries of the corpus."""

from fazhi.core.navigation import NavEntry, register
from fazhi.core.permissions import Perm

SECTION = "他地报告"

register(
    NavEntry(
        SECTION, "报告库", "corpus:report-list", Perm.VIEW_BUSINESS, order=10, icon="journal-text"
    )
)
register(
    NavEntry(SECTION, "对比分析", "corpus:compare", Perm.VIEW_BUSINESS, order=20, icon="graph-up")
)
