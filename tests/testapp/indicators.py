"""Test indicators over SampleCase, declared the way a domain app declares its own."""

from __future__ import annotations

from fazhi.indicators.registry import Direction, Indicator, Measure, Variant, register
from tests.testapp.models import SampleCase

closed = Measure(
    lambda: SampleCase.objects.filter(closed_on__isnull=False),
    date_field="closed_on",
    unit_fields=("unit",),
    label="结案数",
)
received = Measure(SampleCase.objects.all(), date_field="received_on", label="收案数")

LOSS_RATE = register(
    Indicator(
        code="testapp.loss_rate",
        name="测试败诉率",
        definition="败诉结案数 ÷ 结案数 × 100%",
        basis="RULES.md §5 败诉率（测试用）",
        unit="%",
        scale=100,
        decimals=2,
        direction=Direction.LOWER_IS_BETTER,
        numerator=closed.filter(lost=True, label="败诉结案数"),
        denominator=closed,
        variants=(
            Variant(
                key="all_received",
                name="以收案数为分母",
                definition="败诉结案数 ÷ 同期收案数 × 100%",
                denominator=received,
            ),
        ),
    )
)

RECEIVED = register(
    Indicator(
        code="testapp.received",
        name="测试收案数",
        definition="统计期间内收案的案件数",
        unit="件",
        decimals=0,
        direction=Direction.NEUTRAL,
        numerator=received,
    )
)
