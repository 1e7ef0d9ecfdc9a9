"""Who reports, to whom and by when (RULES.md §1.1).

《法治政府建设与责任落实督察工作规定》 (中办、国办, 厅字〔2019〕28号, 第四章) and the provincial
工作指引 published 2023-09-14 say the same:
- before 4月1日, a province's government reports to 党中央 and 国务院, copied to 中央依法治国办;
- before 3月1日, a 市 or 县 government reports to the Party committee and the 人大常委会 of its own
  level, and (as every 市/县/乡 government) to the Party committee and government one level up,
  copied to that level's coordinating office (依法治市办 …);
- before 3月1日, a 乡镇 government reports to the Party committee and government one level up,
  copied to that level's coordinating office;
- before 3月1日, a government department at county level and above reports to the Party committee
  and government of its own level and to the counterpart department one level up, copied to its
  own level's coordinating office;
- before 4月1日, every local government and department at county level and above publishes its
  report (newspaper or website) unless it involves state secrets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fazhi.core.exceptions import ApplicationError
from fazhi.org.models import Region, RegionLevel, Unit, UnitKind
from fazhi.reports.models import ReporterKind

BASIS = "《法治政府建设与责任落实督察工作规定》（厅字〔2019〕28号）第四章"
# Fixed dates of the year after the year reported on (month, day): 3月1日前报送, 4月1日前公开.
SUBMISSION = (3, 1)
PROVINCE_SUBMISSION = (4, 1)
PUBLICATION = (4, 1)

LEVEL_CHAR = {RegionLevel.PROVINCE: "省", RegionLevel.CITY: "市", RegionLevel.COUNTY: "县"}


@dataclass(frozen=True)
class Addressees:
    recipients: list[str]
    copies: list[str]
    basis: str


def reporter_kind(unit: Unit) -> ReporterKind:
    """The kind of reporter `unit` is; an ApplicationError for a unit that does not report."""
    if unit.kind == UnitKind.GOVERNMENT:
        return ReporterKind.GOVERNMENT
    if unit.kind == UnitKind.TOWNSHIP_GOV:
        return ReporterKind.TOWNSHIP
    if unit.kind == UnitKind.DEPARTMENT and unit.region.level != RegionLevel.TOWNSHIP:
        return ReporterKind.DEPARTMENT
    raise ApplicationError(
        f"“{unit.name}”（{unit.get_kind_display()}）不是法治政府建设年度报告的报告主体："
        "报告主体为各级人民政府、乡镇人民政府（街道办事处）和县级以上政府部门"
    )


def submission_due(unit: Unit, year: int) -> dt.date:
    """3月1日 of the next year (4月1日 for a province's government)."""
    is_province = unit.region.level == RegionLevel.PROVINCE and unit.kind == UnitKind.GOVERNMENT
    month, day = PROVINCE_SUBMISSION if is_province else SUBMISSION
    return dt.date(year + 1, month, day)


def publication_due(year: int) -> dt.date:
    month, day = PUBLICATION
    return dt.date(year + 1, month, day)


def addressees(unit: Unit) -> Addressees:
    """主送 and 抄送 for `unit`'s report, by its kind and level."""
    kind = reporter_kind(unit)
    region = unit.region
    parent = region.parent
    if kind == ReporterKind.DEPARTMENT:
        main = [party_committee(region), government(region), counterpart(unit)]
        return Addressees(main, [coordinating_office(region)], BASIS)
    if region.level == RegionLevel.PROVINCE:
        return Addressees(["党中央", "国务院"], ["中央全面依法治国委员会办公室"], BASIS)
    if parent is None:
        raise ApplicationError(f"区划“{region.name}”没有上级区划，无法确定报送对象")
    upper = [party_committee(parent), government(parent)]
    if kind == ReporterKind.TOWNSHIP:
        return Addressees(upper, [coordinating_office(parent)], BASIS)
    own = [party_committee(region), f"{region.name}人大常委会"]
    return Addressees(own + upper, [coordinating_office(parent)], BASIS)


def party_committee(region: Region) -> str:
    """中共示例县委 (a township's: 中共青石镇委员会)."""
    if region.level == RegionLevel.TOWNSHIP:
        return f"中共{region.name}委员会"
    return f"中共{region.name}委"


def government(region: Region) -> str:
    if region.level == RegionLevel.TOWNSHIP and region.name.endswith("街道"):
        return f"{region.name}办事处"
    return f"{region.name}人民政府"


def coordinating_office(region: Region) -> str:
    """中共示例县委全面依法治县委员会办公室 (依法治市 for a 市, 依法治区 for a 区)."""
    last = region.name[-1:]
    char = last if last in "省市县区旗" else LEVEL_CHAR.get(RegionLevel(region.level), "县")
    return f"中共{region.name}委全面依法治{char}委员会办公室"


def counterpart(unit: Unit) -> str:
    """The department one level up: 示例县公安局 → 示例市公安局 (or a description)."""
    region, parent = unit.region, unit.region.parent
    if parent is not None and unit.name.startswith(region.name):
        return parent.name + unit.name[len(region.name) :]
    return "上级对口主管部门"


def scope_word(unit: Unit) -> str:
    """How the drafted text names the reporter's whole: 全县, 全镇, 本局 …"""
    if unit.kind in (UnitKind.GOVERNMENT, UnitKind.TOWNSHIP_GOV):
        last = unit.region.name[-1:]
        return "全" + (last if last in "省市县区旗镇乡" else "辖区")
    last = unit.name[-1:]
    return "本" + (last if last in "局委办厅院所站队" else "单位")
