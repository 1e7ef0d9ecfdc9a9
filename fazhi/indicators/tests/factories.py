"""Records of the indicators app for tests outside it (the URL walk's samples)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fazhi.indicators.models import (
    AssessmentRun,
    IndicatorSystem,
    ManualIndicator,
    ManualValue,
    TargetLevel,
)


def url_samples(unit: Any) -> dict[str, Any]:
    """run_id, system_id and value_id of records belonging to `unit` and its region."""
    region = unit.region
    run = AssessmentRun.objects.create(
        region=region, level=TargetLevel.DEPARTMENT, year=2026,
        period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 3, 1),
    )  # fmt: skip
    system = IndicatorSystem.objects.create(region=region, name=f"{region.name}考核", edition="1")
    indicator, _ = ManualIndicator.objects.get_or_create(
        code="manual.url_sample", defaults={"name": "样例", "definition": "样例"}
    )
    value = ManualValue.objects.create(
        indicator=indicator, unit=unit, year=2026, numerator=1, denominator=2
    )
    return {"run_id": run.pk, "system_id": system.pk, "value_id": value.pk}
