"""Declares one rule, as a domain app's deadlines.py does."""

from fazhi.core.deadlines import DeadlineRule, PeriodUnit, register_rule

DISCOVERED = register_rule(
    DeadlineRule(
        key="tests.discovered",
        name="自动发现",
        event="测试",
        count=3,
        unit=PeriodUnit.WORKING_DAYS,
        basis="测试规则（仅用于测试）",
    )
)
