"""The test app's deadline rule and inbox provider, registered the way a domain app does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from fazhi.core import inbox
from fazhi.core.deadlines import DeadlineRule, DueItem, PeriodUnit, due_item, register_rule
from tests.testapp.models import SampleCase

MODULE = "测试模块"

ANSWER = register_rule(
    DeadlineRule(
        key="testapp.answer",
        name="答复",
        event="收案",
        count=10,
        unit=PeriodUnit.WORKING_DAYS,
        basis="测试规则：收案后 10 个工作日内答复（仅用于测试）",
    )
)


def sample_items(user: Any, today: dt.date) -> Iterator[DueItem]:
    """Each open visible case (closed ones filtered in SQL): its stored due date, else ANSWER
    from the day it was received."""
    cases = SampleCase.objects.visible_to(user).filter(closed_on__isnull=True)
    for case in cases.select_related("unit"):
        yield due_item(
            module=MODULE,
            title=case.title,
            unit_name=case.unit.name,
            today=today,
            due=case.due_on,
            rule=ANSWER,
            start=case.received_on,
        )


inbox.register(MODULE, sample_items)
