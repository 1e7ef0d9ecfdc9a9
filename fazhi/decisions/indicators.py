"""Indicators of 重大行政决策 (issue 5 part 5), computed in the database.

A decision belongs to its 承办单位 (so a township's figure counts what its units host) and to
the period of the date each measure names: made decisions by their 集体讨论决定 date, catalog
lines by the day they entered the published catalog, plans by their planned month. Counties
report "三个100%": 目录化管理覆盖率, 合法性审查率, 依法公开率.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F, Q, QuerySet

from fazhi.decisions.models import Decision, Origin
from fazhi.decisions.progress import PASSING
from fazhi.decisions.workflow import Status
from fazhi.indicators.registry import Direction, Indicator, Measure, register
from fazhi.review.workflow import SIGNED_OR_LATER

HUNDRED = Decimal(100)
PERCENT = {"unit": "%", "scale": 100, "decimals": 2}
HOST = ("host_unit",)


def _made() -> QuerySet[Decision]:
    return Decision.objects.filter(decided_on__isnull=False)


made = Measure(_made, date_field="decided_on", unit_fields=HOST, label="作出的重大行政决策")

LISTED = register(
    Indicator(
        code="decisions.catalog_items",
        name="目录事项数",
        definition="统计期间内列入公布的决策事项目录（含经批准的目录调整增补）的事项数，调出目录的不计",
        basis="重大行政决策程序暂行条例 第3条第3款",
        unit="项",
        decimals=0,
        direction=Direction.NEUTRAL,
        numerator=Measure(
            lambda: Decision.objects.filter(listed_on__isnull=False).exclude(
                status=Status.WITHDRAWN
            ),
            date_field="listed_on",
            unit_fields=HOST,
            label="目录事项",
        ),
    )
)

COVERAGE = register(
    Indicator(
        code="decisions.catalog_coverage",
        name="目录化管理覆盖率",
        definition="统计期间内作出的重大行政决策中，列入决策事项目录的件数 ÷ 作出的重大行政决策件数 × 100%",
        basis="“三个100%”：目录化管理覆盖率（县级法治政府建设年度报告）",
        direction=Direction.HIGHER_IS_BETTER,
        numerator=made.filter(~Q(origin=Origin.UNLISTED), label="列入目录的决策"),
        denominator=made,
        target=HUNDRED,
        **PERCENT,  # type: ignore[arg-type]
    )
)

_passed = Q(
    review_matter__signed_on__isnull=False,
    review_matter__status__in=list(SIGNED_OR_LATER),
    review_matter__conclusion__in=list(PASSING),
)
LEGALITY = register(
    Indicator(
        code="decisions.legality_rate",
        name="合法性审查率",
        definition="统计期间内作出的重大行政决策中，经合法性审查（结论为合法或修改后合法）后提交集体讨论的件数 ÷ 作出的决策件数 × 100%",
        basis="条例 第25条；“三个100%”：合法性审查率",
        direction=Direction.HIGHER_IS_BETTER,
        numerator=made.filter(_passed, label="经合法性审查的决策"),
        denominator=made,
        target=HUNDRED,
        **PERCENT,  # type: ignore[arg-type]
    )
)


def _stage_rate(code: str, name: str, flag: str, done: str, basis: str) -> Indicator:
    required = made.filter(**{flag: True}, label=f"要求{name[:-1]}的决策")
    return register(
        Indicator(
            code=f"decisions.{code}",
            name=name,
            definition=f"统计期间内作出的、决策事项目录要求{name[:-1]}的决策中，已完成的件数 ÷ 要求的件数 × 100%",
            basis=basis,
            direction=Direction.HIGHER_IS_BETTER,
            numerator=required.filter(
                **{f"{done}__isnull": False}, label=f"已完成{name[:-1]}的决策"
            ),
            denominator=required,
            target=HUNDRED,
            **PERCENT,  # type: ignore[arg-type]
        )
    )


PARTICIPATION = _stage_rate(
    "participation_rate", "公众参与率", "needs_participation", "participation_on", "条例 第14–18条"
)
EXPERT = _stage_rate("expert_rate", "专家论证率", "needs_expert", "expert_on", "条例 第19–21条")
RISK = _stage_rate("risk_rate", "风险评估率", "needs_risk", "risk_on", "条例 第22–24条")

DISCLOSURE = register(
    Indicator(
        code="decisions.disclosure_rate",
        name="依法公开率",
        definition="统计期间内作出的重大行政决策中，已通过政府公报、政府网站等依法公布的件数 ÷ 作出的决策件数 × 100%",
        basis="条例 第32条；“三个100%”：依法公开率",
        direction=Direction.HIGHER_IS_BETTER,
        numerator=made.filter(published_on__isnull=False, label="已公布的决策"),
        denominator=made,
        target=HUNDRED,
        **PERCENT,  # type: ignore[arg-type]
    )
)

planned = Measure(
    lambda: Decision.objects.filter(plan_meeting__isnull=False).exclude(status=Status.WITHDRAWN),
    date_field="plan_meeting",
    unit_fields=HOST,
    label="计划本期集体讨论决定的事项",
)
ON_PLAN = register(
    Indicator(
        code="decisions.on_plan_rate",
        name="按计划完成率",
        definition="计划于统计期间内集体讨论决定的目录事项中，在计划月份结束前作出决定的件数 ÷ 计划件数 × 100%（调出目录的不计）",
        basis="决策事项目录“细化完成时间”（RULES.md §3）",
        direction=Direction.HIGHER_IS_BETTER,
        numerator=planned.filter(
            Q(decided_on__isnull=False) & Q(decided_on__lte=F("plan_meeting")),
            label="按计划作出决定的事项",
        ),
        denominator=planned,
        target=HUNDRED,
        **PERCENT,  # type: ignore[arg-type]
    )
)

EVALUATIONS = register(
    Indicator(
        code="decisions.evaluations",
        name="后评估数",
        definition="统计期间内完成决策后评估的重大行政决策件数",
        basis="条例 第36条",
        unit="件",
        decimals=0,
        direction=Direction.NEUTRAL,
        numerator=Measure(
            lambda: Decision.objects.filter(evaluated_on__isnull=False),
            date_field="evaluated_on",
            unit_fields=HOST,
            label="完成后评估的决策",
        ),
    )
)

ALL = (LISTED, COVERAGE, LEGALITY, PARTICIPATION, EXPERT, RISK, DISCLOSURE, ON_PLAN, EVALUATIONS)
