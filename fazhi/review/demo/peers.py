"""The 合法性审查 records of the other counties of 示例市, a step of its own after 示例县's.

The same kinds of matters as 示例县's, planned and written by the same code, at a smaller
county's volume and without 示例县's extras (this week's queue, the 专家库). Each county takes
its own share of decisions without review, so the city's ranking of 审查覆盖率 has a spread:
临溪县 does well, 青山县 badly, 安澜县 sits in the warning band.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from fazhi.core.demo import DemoContext, register_demo_step
from fazhi.review.demo import matters as plans
from fazhi.review.demo import writing
from fazhi.review.demo.registry import seed_documents

STEP_NAME = "合法性审查（示例市其他县）"

# County code6 → (volume as a share of 示例县's, unreviewed decisions as a multiple of 示例县's
# shares in `writing.UNREVIEWED`).
PEERS = {
    "990122": (0.14, 0.4),
    "990123": (0.12, 3.0),
    "990125": (0.14, 1.8),
    "990126": (0.14, 1.1),
}


def seed_peer_reviews(ctx: DemoContext) -> dict[str, int]:
    """Each peer county's matters, 整改 items, 台账 and 规范性文件, county by county."""
    files = writing.demo_files()
    counts: Counter[str] = Counter()
    for code6, (volume, unreviewed) in PEERS.items():
        county = ctx.regions.get(f"{code6}000000")
        if county is None:
            continue
        found = plans.lookups(ctx, county)
        matters = writing.write_matters(list(_plans(ctx, found, volume)), files)
        counts["合法性审查事项"] += len(matters)
        counts["整改事项"] += writing.write_rectification(ctx, matters, files)
        counts["应审事项台账"] += writing.write_ledger(ctx, found, matters, unreviewed=unreviewed)
        documents, filings = seed_documents(ctx, found, matters)
        counts["行政规范性文件"] += documents
        counts["备案"] += filings
    return dict(counts)


def _plans(ctx: DemoContext, found: plans.Lookups, volume: float) -> Iterator[plans.Plan]:
    for index, year in enumerate(ctx.years):
        start, end = ctx.period(year)
        fraction = ((end - start).days + 1) / 365 * volume
        rng = ctx.rng(found.county.code, "matters", year)
        for (level, key), count in plans.yearly_counts(index, fraction).items():
            for _ in range(count):
                plan = plans.plan_matter(rng, found, level, key, ctx.random_date(year, rng))
                if plan.created <= ctx.today:
                    yield plans.cut_at(plan, ctx.today)


register_demo_step(STEP_NAME, 41, seed_peer_reviews)
