"""Navigation entry of the 整改 app."""

from fazhi.core.navigation import NavEntry, register
from fazhi.core.permissions import Perm

register(NavEntry("业务", "整改台账", "rectify:list", Perm.VIEW_BUSINESS, order=40, icon="tools"))
