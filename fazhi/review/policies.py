"""Who may act on a review matter, and where a unit's matters go for review.

Routing (浙江省行政合法性审查工作规定; RULES.md §7): a county department's or the county
government's matter goes to the county 合法性审查中心 (the 司法局, which oversees the county); a
township's matter to its own 法审员 post or the centre; a village's matter (村级合同, 村规民约)
to its township's post or the centre. 重大执法决定 may be reviewed by the deciding department's
own legal section (国办发〔2018〕118号 法制审核).
"""

from __future__ import annotations

from typing import Any

from fazhi.core.exceptions import ApplicationError
from fazhi.core.permissions import Perm, has_perm
from fazhi.org.models import Region, RegionLevel, Unit, UnitKind
from fazhi.org.scoping import covers
from fazhi.review.models import LEVEL_OF_REGION, Level, MatterType, NormativeDocument, ReviewMatter
from fazhi.review.workflow import EDITS, TRANSITIONS, Action, Edit, Side, Status


def is_submitter(user: Any, matter: ReviewMatter) -> bool:
    """Staff of the submitting unit who may fill in business data."""
    return has_perm(user, Perm.EDIT_BUSINESS) and user.unit_id == matter.unit_id


def is_reviewer(user: Any, matter: ReviewMatter) -> bool:
    """A 法审员 of the reviewing unit, or of an overseeing unit above it (the county centre
    may take over a township's matter)."""
    return has_perm(user, Perm.REVIEW_LEGALITY) and covers(user, matter.review_unit)


def _on_side(user: Any, matter: ReviewMatter, side: Side) -> bool:
    return is_submitter(user, matter) if side == Side.SUBMITTER else is_reviewer(user, matter)


def can(user: Any, matter: ReviewMatter, action: Action) -> bool:
    transition = TRANSITIONS[action]
    return matter.status in transition.sources and _on_side(user, matter, transition.side)


def can_edit(user: Any, matter: ReviewMatter, edit: Edit) -> bool:
    rule = EDITS[edit]
    return matter.status in rule.statuses and _on_side(user, matter, rule.side)


def can_read_letter(user: Any, matter: ReviewMatter) -> bool:
    """The 审查意见书: once signed, for everyone who sees the matter; while the opinion waits
    for sign-off, as a draft for its reviewers only."""
    if matter.status in (Status.SIGNED, Status.CLOSED):
        return True
    return matter.status == Status.OPINION and is_reviewer(user, matter)


def is_issuer(user: Any, document: NormativeDocument) -> bool:
    """Staff of the 制定机关 who may fill in business data (报备, status changes)."""
    return has_perm(user, Perm.EDIT_BUSINESS) and user.unit_id == document.unit_id


# --- routing ----------------------------------------------------------------------------


def level_of(unit: Unit) -> Level:
    level = LEVEL_OF_REGION.get(RegionLevel(unit.region.level))
    if level is None:
        raise ApplicationError(f"单位“{unit.name}”不在县、乡镇或村级区划，不能送审")
    return level


def county_of(unit: Unit) -> Region:
    """The county (县、市、区) whose catalog and centre serve `unit`."""
    county = unit.region.county()
    if county is None:
        raise ApplicationError(f"单位“{unit.name}”不属于任何县(市、区)，无法确定审查事项目录")
    return county


def county_centre(county: Region) -> Unit | None:
    """The county's 合法性审查中心: the overseeing department (司法局), else the government."""
    units = Unit.objects.filter(region=county, is_active=True, oversees_region=True)
    centre = units.filter(kind=UnitKind.DEPARTMENT).order_by("sort_order", "code").first()
    return centre or units.filter(kind=UnitKind.GOVERNMENT).first()


def _township_post(region: Region) -> Unit | None:
    return (
        Unit.objects.filter(region=region, kind=UnitKind.TOWNSHIP_GOV, is_active=True)
        .order_by("sort_order", "code")
        .first()
    )


def review_unit_options(unit: Unit, matter_type: str) -> list[Unit]:
    """The units `unit` may send a matter of `matter_type` to, the usual one first."""
    level = level_of(unit)
    options: list[Unit | None] = []
    if level == Level.VILLAGE and unit.region.parent_id:
        options.append(_township_post(unit.region.parent))  # type: ignore[arg-type]
    elif level == Level.TOWNSHIP:
        options.append(_township_post(unit.region))
    elif matter_type == MatterType.ENFORCEMENT and unit.kind == UnitKind.DEPARTMENT:
        options.append(unit)
    options.append(county_centre(county_of(unit)))
    found: list[Unit] = []
    for option in options:
        if option is not None and option not in found:
            found.append(option)
    return found
