"""The indicators step of `fazhi seed_demo`: what counties decide and enter, so that the
assessment and the 一屏掌控 dashboard show real colours and rankings on first run.

After the domain steps (order 80), for every demo year:
- 公职律师配备率, a manual indicator (手工填报): each department's and township's staffing
  return, with its evidence, in every county of 示例市. 示例县's units are spread over green,
  yellow and red in the last full year; 临溪县 does well, 青山县 badly;
- targets: 示例县's for itself, its townships and its departments, and those 示例市 sets for
  its counties, with yellow warning bands (`TARGETS`, from what counties set: issue 6,
  RULES.md §2, §5, §8, §11.D);
- 示例县's annual 考核方案 for townships and for departments, and 示例市's for its counties:
  3-level trees whose weights sum to 100, leaves scored by every rule (达标满分, 线性, 分档,
  按颜色, 加扣分 ±5分); and the skeleton of the national 示范指标体系 (only what RULES.md §2
  confirms; the rest is named in its description as unconfirmed);
- a frozen assessment run of the last full year: 示例县's townships and 示例市's counties.

Every record is checked before it is written (a target's thresholds against its indicator's
direction, a tree's weights), and every random choice comes from the step's seeded streams.
"""

from __future__ import annotations

from fazhi.core.demo import DemoContext, register_demo_step
from fazhi.indicators import assessment
from fazhi.indicators.demo.schemes import seed_demonstration_system, seed_schemes
from fazhi.indicators.demo.targets import (
    CITY,
    MAIN_COUNTY,
    C,
    T,
    public_lawyer_indicator,
    seed_public_lawyers,
    seed_targets,
)
from fazhi.indicators.models import IndicatorSystem

STEP_NAME = "指标目标与考核方案"


# --- frozen runs -----------------------------------------------------------------------------


def seed_runs(ctx: DemoContext, made: dict[tuple[str, int], IndicatorSystem]) -> int:
    """The published ranking of the last full year: 示例县's townships, 示例市's counties."""
    year = ctx.years[-2]
    subjects = [(ctx.region(MAIN_COUNTY), T), (ctx.region(CITY), C)]
    for region, level in subjects:
        assessment.run_assessment(
            region=region,
            year=year,
            level=level,
            system=made[(level, year)],
            actor=None,
            freeze=True,
        )
    return len(subjects)


# --- the step --------------------------------------------------------------------------------


def seed_indicators(ctx: DemoContext) -> dict[str, int]:
    """公职律师配备率 and its returns, targets, 考核方案 and the last full year's frozen runs."""
    indicator = public_lawyer_indicator()
    values = seed_public_lawyers(ctx, indicator)
    targets = seed_targets(ctx)
    made, items = seed_schemes(ctx)
    items += seed_demonstration_system()
    runs = seed_runs(ctx, made)
    return {
        "手工填报指标": 1,
        "手工填报值": values,
        "指标目标": len(targets),
        "指标体系": len(made) + 1,
        "体系指标项": items,
        "冻结考核": runs,
    }


register_demo_step(STEP_NAME, 80, seed_indicators)
