"""Building dispute records for tests: through the services (the real path) or directly.

`recon(...)`/`lawsuit(...)` write rows directly with their derived fields set, for fixtures of
indicators and lists; tests of behaviour use the services.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from fazhi.disputes.enums import (
    ActType,
    Instance,
    LawsuitStatus,
    ReconStatus,
)
from fazhi.disputes.models import (
    Applicant,
    DisputeField,
    Hearing,
    Lawsuit,
    Plaintiff,
    Reconsideration,
)
from fazhi.disputes.services import hearing_summary, lawsuit_due, reconsideration_due

_numbers = itertools.count(1)


def field(code: str = "police") -> DisputeField:
    return DisputeField.objects.get(code=code)


def recon(tree: dict[str, Any], **values: Any) -> Reconsideration:
    """A 复议 case against the 公安局 handled by the 司法局 for the county government, received
    2026-03-02 unless told otherwise; `outcome` with `closed_on` closes it."""
    units = tree["units"]
    fields: dict[str, Any] = {
        "case_number": f"示复〔2026〕{next(_numbers)}号",
        "organ": units["government"],
        "handling_unit": units["justice"],
        "respondent": units["police"],
        "act_type": ActType.PENALTY,
        "field": field(),
        "received_on": dt.date(2026, 3, 2),
        "status": ReconStatus.RECEIVED,
    }
    fields.update(values)
    if fields.get("accepted_on") and "status" not in values:
        fields["status"] = ReconStatus.ACCEPTED
    if fields.get("outcome") and "status" not in values:
        fields["status"] = ReconStatus.CLOSED
    case = Reconsideration(**fields)
    case.derive()
    case.due_on = reconsideration_due(case)
    case.save()
    Applicant.objects.create(
        case=case, name="张某某", id_number="330102199001011234", phone="13812345678"
    )
    return case


def lawsuit(
    tree: dict[str, Any], hearings: list[dict[str, Any]] | None = None, **values: Any
) -> Lawsuit:
    """A 一审 case against the 公安局 in the county court, filed 2026-03-02 unless told otherwise."""
    units = tree["units"]
    fields: dict[str, Any] = {
        "case_number": f"（2026）示0121行初{next(_numbers)}号",
        "instance": Instance.FIRST,
        "court": units["court"],
        "defendant": units["police"],
        "act_type": ActType.PENALTY,
        "field": field(),
        "filed_on": dt.date(2026, 3, 2),
        "status": LawsuitStatus.FILED,
    }
    fields.update(values)
    if fields.get("outcome") and "status" not in values:
        fields["status"] = LawsuitStatus.CLOSED
    case = Lawsuit(**fields)
    case.derive()
    case.answer_due_on = lawsuit_due(case)
    case.save()
    Plaintiff.objects.create(case=case, name="李某", id_number="330102198502021111")
    for hearing in hearings or []:
        h = Hearing(case=case, **hearing)
        h.derive()
        h.save()
    if hearings:
        Lawsuit.objects.filter(pk=case.pk).update(**hearing_summary(case))
        case.refresh_from_db()
    return case
