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
    """Each visible case: its stored due date, else ANSWER from the day it was received."""
    for case in SampleCase.objects.visible_to(user).select_related("unit"):
        yield due_item(
            module=MODULE,
            title=case.title,
            unit_name=case.unit.name,
            today=today,
            due=case.due_on,
            rule=ANSWER,
            start=case.received_on,
            done=case.closed_on is not None,
        )


inbox.register(MODULE, sample_items)
