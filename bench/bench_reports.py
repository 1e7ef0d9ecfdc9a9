"""The annual report (issue 7): drafting a county's report from the data and exporting it to
Word (target: under 2 s), and drafting the reports of 90 counties.

    .venv/bin/python bench/bench_reports.py             # a temporary SQLite file
    DATABASE_URL=postgres://… .venv/bin/python bench/bench_reports.py

Builds 90 counties (10 cities × 9), each with its 人民政府, 司法局, 公安局 and court, and for
2024 and 2025 about 280 复议 and 100 一审 lawsuits a county (the scale of a real county report),
every row with the fields the services derive. Then times, for one county, `draft_report` (the
outline, every registered indicator for 2025 and 2024, the drafted paragraphs) plus the Word
export (`exporters.docx_bytes`: figures rendered, the template filled), best and median of 5
runs; and drafting all 90 counties' reports one after another. Prints; asserts nothing.
On a given DATABASE_URL the rows it creates are deleted at the end.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

import _common

ENV = _common.setup("reports")

from django.db import transaction  # noqa: E402

from fazhi.disputes.enums import (  # noqa: E402
    LAWSUIT_LOSSES,
    RECON_CORRECTIONS,
    ActType,
    Instance,
    LawsuitOutcome,
    LawsuitStatus,
    ReconOutcome,
    ReconStatus,
)
from fazhi.disputes.models import DisputeField, Lawsuit, Reconsideration  # noqa: E402
from fazhi.org.models import Region, RegionLevel, Unit, UnitKind  # noqa: E402
from fazhi.reports import exporters, services  # noqa: E402
from fazhi.reports.models import Report  # noqa: E402

CITIES, COUNTIES_PER_CITY = 10, 9
RECONS, SUITS = 280, 100
YEARS = (2024, 2025)
YEAR = 2025
ROOT_CODE = "870000000000"
PREFIX = "BR-"
TODAY = dt.date(2026, 1, 20)
RECON_OUTCOMES = (
    [ReconOutcome.UPHOLD] * 30 + [ReconOutcome.REVOKE] * 10 + [ReconOutcome.WITHDRAWN] * 55
)
SUIT_OUTCOMES = (
    [LawsuitOutcome.REJECT_CLAIM] * 40
    + [LawsuitOutcome.REVOKE] * 3
    + [LawsuitOutcome.WITHDRAWN] * 55
)


def build() -> list[Unit]:
    """The region tree, four units a county and their cases; the 90 county governments."""
    province = _common.region(ROOT_CODE, "基准省", RegionLevel.PROVINCE, None)
    governments = []
    for c in range(CITIES):
        city = _common.region(f"87{c + 1:02d}00000000", f"基准{c}市", RegionLevel.CITY, province)
        for k in range(COUNTIES_PER_CITY):
            county = _common.region(
                f"87{c + 1:02d}{k + 1:02d}000000", f"基准{c}市{k}县", RegionLevel.COUNTY, city
            )
            governments.append(_county(county))
    return governments


def _county(county: Region) -> Unit:
    code = county.code[:6]

    def unit(suffix: str, name: str, kind: str) -> Unit:
        return Unit.objects.create(
            code=f"{PREFIX}{code}-{suffix}", name=f"{county.name}{name}", kind=kind, region=county
        )

    government = unit("GOV", "人民政府", UnitKind.GOVERNMENT)
    justice = unit("SFJ", "司法局", UnitKind.DEPARTMENT)
    police = unit("GAJ", "公安局", UnitKind.DEPARTMENT)
    court = unit("FY", "人民法院", UnitKind.COURT)
    _cases(code, government, justice, police, court)
    return government


def _cases(code: str, government: Unit, justice: Unit, police: Unit, court: Unit) -> None:
    rng = random.Random(code)
    field = DisputeField.objects.first()
    recons, suits = [], []
    for year in YEARS:
        for n in range(RECONS):
            received = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(300))
            outcome = rng.choice(RECON_OUTCOMES)
            recons.append(Reconsideration(
                case_number=f"{PREFIX}{code}复〔{year}〕{n}号", organ=government,
                handling_unit=justice, respondent=police, act_type=ActType.PENALTY, field=field,
                received_on=received, accepted_on=received + dt.timedelta(days=3),
                status=ReconStatus.CLOSED, outcome=outcome, closed_on=received + dt.timedelta(days=50),
                corrected=outcome in RECON_CORRECTIONS, handling_days=47,
            ))  # fmt: skip
        for n in range(SUITS):
            filed = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(300))
            outcome = rng.choice(SUIT_OUTCOMES)
            suits.append(Lawsuit(
                case_number=f"{PREFIX}（{year}）{code}行初{n}号", instance=Instance.FIRST,
                court=court, defendant=police, act_type=ActType.PENALTY, field=field,
                filed_on=filed, status=LawsuitStatus.CLOSED, outcome=outcome,
                closed_on=filed + dt.timedelta(days=60), lost=outcome in LAWSUIT_LOSSES,
            ))  # fmt: skip
    Reconsideration.objects.bulk_create(recons, batch_size=500)
    Lawsuit.objects.bulk_create(suits, batch_size=500)


def draft_and_export(government: Unit) -> int:
    with transaction.atomic():
        report = services.draft_report(
            reporter=government, year=YEAR, actor=None, today=TODAY, check=False
        )
        size = len(exporters.docx_bytes(report))
        transaction.set_rollback(True)  # the next run drafts it again
    return size


def main() -> None:
    started = time.perf_counter()
    governments = build()
    print(f"数据：{len(governments)} 个县，每县每年约 {RECONS} 件复议、{SUITS} 件一审诉讼（2024–2025），"
          f"生成用时 {time.perf_counter() - started:.1f} 秒")  # fmt: skip
    first = governments[0]
    size = draft_and_export(first)  # warm: templates, registry, connection
    best, median = _common.repeated(lambda: draft_and_export(first))
    print(
        f"起草并导出一个县的报告（Word {size // 1024} KB）：最快 {best:.2f} 秒，中位 {median:.2f} 秒（目标 < 2 秒）"
    )
    started = time.perf_counter()
    for government in governments:
        services.draft_report(reporter=government, year=YEAR, actor=None, today=TODAY, check=False)
    seconds = time.perf_counter() - started
    print(
        f"起草 {len(governments)} 个县的报告：{seconds:.1f} 秒（每县 {seconds / len(governments):.2f} 秒）"
    )


def cleanup() -> Any:
    units = Unit.objects.filter(code__startswith=PREFIX)
    Report.objects.filter(reporter__in=units).delete()
    Reconsideration.objects.filter(case_number__startswith=PREFIX).delete()
    Lawsuit.objects.filter(case_number__startswith=PREFIX).delete()
    units.delete()
    _common.delete_tree(ROOT_CODE)


if __name__ == "__main__":
    _common.run(ENV, main, cleanup, root_code=ROOT_CODE, unit_prefix=PREFIX)
