"""The 行政复议与应诉 demo step: consistent records, plausible figures, open cases, determinism.

The organisation step runs first (as `seed_demo` runs it); each test seeds once and checks many
things, so that the module stays fast.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from fazhi.core import calendar
from fazhi.core.deadlines import DueStatus, due_date, due_status
from fazhi.core.demo import DemoContext, demo_steps, run_step
from fazhi.core.exceptions import CalendarMissingError
from fazhi.core.inbox import items_for
from fazhi.disputes import checks, rules
from fazhi.disputes.demo import STEP_NAME
from fazhi.disputes.demo.cast import credit_code, id_number
from fazhi.disputes.enums import (
    RECON_CONCLUDED,
    Instance,
    LawsuitStatus,
    Procedure,
    ReconOutcome,
    ReconStatus,
)
from fazhi.disputes.models import (
    Applicant,
    Hearing,
    Lawsuit,
    Plaintiff,
    ProgressEntry,
    Reconsideration,
    RiskNotice,
    Suspension,
)
from fazhi.disputes.services import lawsuit_due, reconsideration_due
from fazhi.indicators import registry
from fazhi.indicators.engine import evaluate
from fazhi.indicators.periods import Period
from fazhi.indicators.scopes import Scope
from fazhi.org.demo import MAIN_COUNTY_CODE
from fazhi.org.demo import STEP_NAME as ORG_STEP
from fazhi.org.models import Region, User

pytestmark = pytest.mark.django_db
ZONE = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 11, 20)


def _seed(today: dt.date, *names: str) -> tuple[DemoContext, dict[str, dict[str, int]]]:
    """Run the named steps (the org step first) for `today`; their counts by step name."""
    ctx = DemoContext(today=today)
    steps = {step.name: step for step in demo_steps()}
    counts = {}
    with time_machine.travel(dt.datetime.combine(today, dt.time(12), ZONE), tick=False):
        for name in (ORG_STEP, *names):
            counts[name] = run_step(ctx, steps[name]).counts
    return ctx, counts


def _figure(code: str, year: int) -> Decimal:
    county = Scope.of_region(Region.objects.get(code=MAIN_COUNTY_CODE))
    value = evaluate(registry.get(code), county, Period.year(year)).value
    return value if value is not None else Decimal(0)


def _snapshot() -> tuple[list[tuple[object, ...]], ...]:
    recons = Reconsideration.objects.order_by("case_number").values_list(
        "case_number", "status", "outcome", "received_on", "accepted_on", "closed_on", "due_on"
    )
    suits = Lawsuit.objects.order_by("case_number").values_list(
        "case_number", "status", "outcome", "filed_on", "closed_on", "head_appeared"
    )
    names = Applicant.objects.order_by("case__case_number", "sort_order").values_list(
        "name", "id_number"
    )
    return list(recons), list(suits), list(names)


def test_the_demo_step_builds_consistent_cases_with_plausible_figures():
    _ctx, counts = _seed(TODAY, STEP_NAME)

    made = counts[STEP_NAME]
    assert made["行政复议案件"] == Reconsideration.objects.count() > 1000
    assert made["行政诉讼案件"] == Lawsuit.objects.count() > 350
    assert made["复议申请人"] == Applicant.objects.count()
    assert made["原告"] == Plaintiff.objects.count()
    assert made["开庭记录"] == Hearing.objects.count() > 0
    assert made["中止记录"] == Suspension.objects.count() > 0
    _assert_records_consistent()
    _assert_statutory_periods_kept()
    for year in (2023, 2024, 2025):
        _assert_plausible_figures(year)
    _assert_open_cases_in_every_status()
    _assert_dispute_resolution_records()
    _assert_parties_are_synthetic()


def _assert_records_consistent() -> None:
    recons = Reconsideration.objects.select_related("field")
    for case in recons:
        assert checks.reconsideration_problems(case, TODAY) == [], case.case_number
        if case.status != ReconStatus.CLOSED:
            assert case.due_on == reconsideration_due(case), case.case_number
    suits = Lawsuit.objects.select_related("court", "defendant", "co_defendant")
    for case in suits.prefetch_related("hearings"):
        assert checks.lawsuit_problems(case, TODAY) == [], case.case_number
        assert case.answer_due_on == lawsuit_due(case)
        hearings = list(case.hearings.all())
        assert case.hearing_held == bool(hearings)
        assert case.head_appeared == any(h.counts for h in hearings)
        for hearing in hearings:
            assert checks.hearing_problems(hearing) == [], case.case_number
            assert case.filed_on <= hearing.held_on <= TODAY
    for case in Reconsideration.objects.all():
        before = (case.corrected, case.handling_days)
        case.derive()
        assert (case.corrected, case.handling_days) == before


def _assert_statutory_periods_kept() -> None:
    with calendar.batch():
        for case in Reconsideration.objects.filter(accepted_on__isnull=False):
            start = case.correction_supplied_on or case.received_on
            # 第30条: 受理 within 5 working days, or deemed admitted when they end.
            assert case.accepted_on <= due_date(rules.ADMISSION, start), case.case_number
            if case.closed_on and case.outcome != ReconOutcome.TERMINATED:
                # 第62条; no due date only where the period runs into a year not yet entered.
                if case.due_on is None:
                    assert case.accepted_on > TODAY - dt.timedelta(days=60), case.case_number
                else:
                    assert case.closed_on <= case.due_on, case.case_number
            if case.procedure == Procedure.SIMPLE:
                assert case.extension_days == 0
        for case in Reconsideration.objects.filter(correction_requested_on__isnull=False):
            limit = due_date(rules.CORRECTION_REQUEST, case.received_on)
            assert case.correction_requested_on <= limit  # 第31条
        for case in Lawsuit.objects.filter(answered_on__isnull=False):
            assert case.answered_on <= case.answer_due_on  # 第67条
        for case in Lawsuit.objects.filter(closed_on__isnull=False):
            rule = {
                Instance.FIRST: rules.SIMPLE_INSTANCE
                if case.simple_procedure
                else rules.FIRST_INSTANCE,
                Instance.SECOND: rules.SECOND_INSTANCE,
            }[case.instance]
            assert case.closed_on <= _due_or_later(rule, case.filed_on), case.case_number
    assert Reconsideration.objects.filter(extension_days__gt=0).exists()
    assert Reconsideration.objects.filter(procedure=Procedure.SIMPLE).exclude(simple_ground="")


def _due_or_later(rule, start: dt.date) -> dt.date:
    """The due date, or (when it reaches into a year not yet entered) a date after any case."""
    try:
        return due_date(rule, start)
    except CalendarMissingError:
        return dt.date.max


def _assert_plausible_figures(year: int) -> None:
    received = _figure("disputes.reconsideration_received", year)
    suits = _figure("disputes.litigation_received", year)
    assert 240 <= received <= 310 and 75 <= suits <= 110
    assert 2 <= _figure("disputes.reconsideration_litigation_ratio", year) <= 4
    assert 0 < _figure("disputes.litigation_loss_rate", year) < 10
    assert 45 <= _figure("disputes.litigation_mediation_rate", year) <= 65
    assert 90 <= _figure("disputes.head_appearance_rate", year) <= 100
    assert 6 <= _figure("disputes.reconsideration_correction_rate", year) <= 16
    assert 42 <= _figure("disputes.reconsideration_mediation_rate", year) <= 65
    assert 0 < _figure("disputes.suit_after_reconsideration_rate", year) < 20
    assert _figure("disputes.loss_after_reconsideration", year) == 0
    assert 20 <= _figure("disputes.reconsideration_average_days", year) <= 60


def _assert_open_cases_in_every_status() -> None:
    recons = Reconsideration.objects.filter(received_on__year=TODAY.year)
    for status in ReconStatus:
        assert recons.filter(status=status).exists(), status
    accepted = recons.filter(status=ReconStatus.ACCEPTED).exclude(due_on=None)
    statuses = [due_status(case.due_on, TODAY) for case in accepted]
    assert 1 <= statuses.count(DueStatus.OVERDUE) <= 3
    assert statuses.count(DueStatus.SOON) >= 2
    suits = Lawsuit.objects.filter(filed_on__year=TODAY.year, instance=Instance.FIRST)
    for status in LawsuitStatus:
        assert suits.filter(status=status).exists(), status
    # The open cases reach the 待办与预警 inbox of the 司法局's county administrator.
    items = items_for(User.objects.get(username="county_admin"), TODAY)
    modules = {item.module for item in items}
    assert {"行政复议", "行政应诉"} <= modules
    assert any(item.status == DueStatus.OVERDUE for item in items)


def _assert_dispute_resolution_records() -> None:
    risky = [
        *Reconsideration.objects.filter(high_risk=True).exclude(status=ReconStatus.CLOSED),
        *Lawsuit.objects.filter(high_risk=True).exclude(status=LawsuitStatus.CLOSED),
    ]
    assert 10 <= len(risky) <= 20
    leader = User.objects.get(username="leader")
    for case in risky:
        assert case.risk_reason and case.lead_leader == leader and case.risk_unit_id
        assert case.progress.filter(kind="meeting").exists(), case.case_number
    assert ProgressEntry.objects.filter(happened_on__gt=TODAY).count() == 0
    assert 3 <= RiskNotice.objects.count() <= 6
    assert RiskNotice.objects.filter(number=f"败诉风险提示〔{TODAY.year}〕1号").exists()
    # A suit after an upheld 复议 names the 复议机关 as co-defendant; 二审 follow their 一审.
    upheld = Lawsuit.objects.filter(instance=Instance.FIRST, reconsideration__isnull=False)
    assert upheld.count() == upheld.filter(co_defendant__isnull=False).count() > 0
    assert not upheld.exclude(
        reconsideration__outcome__in=[ReconOutcome.UPHOLD, ReconOutcome.REJECT_REQUEST]
    ).exists()
    second = Lawsuit.objects.filter(instance=Instance.SECOND)
    assert second.exists()
    assert second.count() == second.filter(previous_instance__appealed=True).count()
    assert Reconsideration.objects.filter(outcome__in=RECON_CONCLUDED).count() > 900


def _assert_parties_are_synthetic() -> None:
    rows = Applicant.objects.values_list("id_number", "kind", "case__respondent__code")
    for number, kind, respondent in rows[:300]:
        code6 = respondent[:6]  # the county's own 99xxxx code: 990121 for 示例县
        if kind == "person":
            assert number.startswith(code6) and id_number(number[:17]) == number
        else:
            assert number[2:8] == code6 and credit_code(number[:17]) == number
    assert not Applicant.objects.exclude(phone__startswith="1380099").exists()


@pytest.mark.parametrize("today", [dt.date(2026, 1, 8)])
def test_the_step_gives_the_same_cases_for_the_same_date_even_early_in_the_year(today):
    ctx, _counts = _seed(today)
    step = next(step for step in demo_steps() if step.name == STEP_NAME)
    with time_machine.travel(dt.datetime.combine(today, dt.time(12), ZONE), tick=False):
        with transaction.atomic():
            first = run_step(ctx, step).counts
            snapshot = _snapshot()
            transaction.set_rollback(True)
        again = run_step(ctx, step).counts

    assert first == again and snapshot == _snapshot()
    # Early in January the open cases reach back into December: every status is still there.
    statuses = set(Reconsideration.objects.values_list("status", flat=True))
    assert statuses == set(ReconStatus.values)
    suits = set(Lawsuit.objects.filter(instance=Instance.FIRST).values_list("status", flat=True))
    assert suits == set(LawsuitStatus.values)
    assert not Reconsideration.objects.filter(received_on__gt=today).exists()


@pytest.mark.parametrize("today", [dt.date(2025, 3, 3), dt.date(2026, 6, 30)])
def test_the_step_runs_on_days_where_a_holiday_leaves_no_case_due_soon(today):
    # Seen failing before: every decision due date rolled past the 临期 window on these days.
    _ctx, counts = _seed(today, STEP_NAME)
    assert counts[STEP_NAME]["行政复议案件"] > 0
