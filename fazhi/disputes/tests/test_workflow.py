"""The 复议 and 诉讼 workflows through their services: transitions, guards, due dates, audit."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from fazhi.core.exceptions import ApplicationError, StaleRecordError
from fazhi.core.models import AuditEvent
from fazhi.disputes import services
from fazhi.disputes.enums import LawsuitStatus, Procedure, ReconOutcome, ReconStatus
from fazhi.disputes.models import Lawsuit, Reconsideration
from fazhi.disputes.services import PartyData
from fazhi.disputes.tests.factories import field

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 6, 30, 10, tzinfo=dt.UTC)


def _register(tree, actor, **values):
    units = tree["units"]
    fields = {
        "case_number": "示复〔2026〕101号",
        "organ": units["government"],
        "handling_unit": units["justice"],
        "respondent": units["police"],
        "act_type": "penalty",
        "field": field(),
        "received_on": dt.date(2026, 4, 27),
    }
    fields.update(values)
    return services.register_reconsideration(
        actor=actor, applicants=[PartyData(name="王某", id_number="330102199001011234")], **fields
    )


def _do(case, name, actor, **params):
    case.refresh_from_db()
    return services.transition_reconsideration(
        case, name, actor=actor, expected_version=case.version, params=params
    )


@time_machine.travel(TODAY)
def test_admission_review_is_five_working_days_across_the_may_day_holiday(tree, county_admin):
    # 2026-04-27 (Mon) + 5 WD: 28, 29, 30 April; 1–5 May off; 6, 7 May → 7 May (第30条).
    case = _register(tree, county_admin)
    assert case.status == ReconStatus.RECEIVED
    assert case.due_on == dt.date(2026, 5, 7)


@time_machine.travel(TODAY)
def test_a_case_walks_from_receipt_to_closure_and_each_step_is_audited(tree, county_admin):
    case = _register(tree, county_admin)
    case = _do(case, "accept", county_admin, accepted_on=dt.date(2026, 4, 29))
    # 60 days from 29 April is 28 June, a Sunday: rolls to Monday 29 June (第62条, §11.B).
    assert (case.status, case.due_on) == (ReconStatus.ACCEPTED, dt.date(2026, 6, 29))
    case = _do(case, "extend", county_admin, extension_days=30, extended_on=dt.date(2026, 6, 20))
    assert case.due_on == dt.date(2026, 7, 29)
    case = _do(
        case, "close", county_admin, outcome=ReconOutcome.REVOKE, closed_on=dt.date(2026, 6, 29)
    )
    assert (case.status, case.corrected, case.handling_days) == (ReconStatus.CLOSED, True, 61)
    events = AuditEvent.objects.filter(
        object_type="disputes.reconsideration", object_id=str(case.pk)
    )
    assert events.count() == 4


@time_machine.travel(TODAY)
def test_an_extension_beyond_thirty_days_is_refused_and_changes_nothing(tree, county_admin):
    case = _do(
        _register(tree, county_admin), "accept", county_admin, accepted_on=dt.date(2026, 4, 29)
    )
    with pytest.raises(ApplicationError, match="30"):
        _do(case, "extend", county_admin, extension_days=31, extended_on=dt.date(2026, 6, 1))
    case.refresh_from_db()
    assert (case.extension_days, case.due_on) == (0, dt.date(2026, 6, 29))


@time_machine.travel(TODAY)
def test_a_closing_date_before_acceptance_is_refused(tree, county_admin):
    case = _do(
        _register(tree, county_admin), "accept", county_admin, accepted_on=dt.date(2026, 4, 29)
    )
    with pytest.raises(ApplicationError, match=r"结案日期.*早于受理日期"):
        _do(case, "close", county_admin, outcome="uphold", closed_on=dt.date(2026, 4, 20))
    assert Reconsideration.objects.get(pk=case.pk).status == ReconStatus.ACCEPTED


@time_machine.travel(TODAY)
def test_a_lawsuit_outcome_is_refused_for_a_reconsideration(tree, county_admin):
    case = _do(
        _register(tree, county_admin), "accept", county_admin, accepted_on=dt.date(2026, 4, 29)
    )
    with pytest.raises(ApplicationError, match="适用于行政诉讼案件"):
        _do(case, "close", county_admin, outcome="reject_claim", closed_on=dt.date(2026, 6, 1))


@time_machine.travel(TODAY)
def test_the_committee_is_consulted_once_and_then_no_longer_offered(tree, county_admin):
    case = _do(
        _register(tree, county_admin), "accept", county_admin, accepted_on=dt.date(2026, 4, 29)
    )
    offered = [t.name for t in services.available_transitions(county_admin, case, TODAY.date())]
    assert "consult_committee" in offered
    case = _do(case, "consult_committee", county_admin)
    assert case.committee_consulted
    offered = [t.name for t in services.available_transitions(county_admin, case, TODAY.date())]
    assert "consult_committee" not in offered
    with pytest.raises(ApplicationError, match="已提请复议委员会咨询"):
        _do(case, "consult_committee", county_admin)
    case.refresh_from_db()
    assert case.version == 3  # registered, accepted, consulted once


@time_machine.travel(TODAY)
def test_suspension_days_push_the_decision_date(tree, county_admin):
    case = _do(
        _register(tree, county_admin), "accept", county_admin, accepted_on=dt.date(2026, 4, 29)
    )
    case = _do(
        case, "suspend", county_admin, suspension_reason=6, suspended_on=dt.date(2026, 5, 10)
    )
    assert (case.status, case.due_on) == (ReconStatus.SUSPENDED, None)
    case = _do(case, "resume", county_admin, resumed_on=dt.date(2026, 5, 20))
    assert case.suspended_days == 10
    assert case.due_on == dt.date(2026, 7, 8)  # 29 April + 70 days
    assert case.suspensions.get().resumed_on == dt.date(2026, 5, 20)


@time_machine.travel(TODAY)
def test_a_stale_copy_cannot_take_a_transition(tree, county_admin):
    case = _register(tree, county_admin)
    stale_version = case.version
    _do(case, "accept", county_admin, accepted_on=dt.date(2026, 4, 29))
    with pytest.raises(StaleRecordError):
        services.transition_reconsideration(
            case,
            "extend",
            actor=county_admin,
            expected_version=stale_version,
            params={"extension_days": 10, "extended_on": dt.date(2026, 5, 1)},
        )


@time_machine.travel(TODAY)
def test_a_township_clerk_cannot_act_on_a_county_case(tree, county_admin, township_clerk):
    case = _register(tree, county_admin)
    with pytest.raises(ApplicationError, match="无权"):
        _do(case, "accept", township_clerk, accepted_on=dt.date(2026, 4, 29))


@time_machine.travel(TODAY)
def test_simple_procedure_needs_a_ground_and_decides_in_thirty_days(tree, county_admin):
    case = _register(tree, county_admin)
    with pytest.raises(ApplicationError, match="第53条"):
        _do(
            case,
            "accept",
            county_admin,
            accepted_on=dt.date(2026, 4, 29),
            procedure=Procedure.SIMPLE,
        )
    case = _do(
        case,
        "accept",
        county_admin,
        accepted_on=dt.date(2026, 4, 29),
        procedure=Procedure.SIMPLE,
        simple_ground="small_amount",
    )
    assert case.due_on == dt.date(2026, 5, 29)


@time_machine.travel(TODAY)
def test_a_lawsuit_answer_is_due_fifteen_days_after_the_complaint(tree, county_admin):
    units = tree["units"]
    case = services.register_lawsuit(
        actor=county_admin,
        plaintiffs=[PartyData(name="李某")],
        case_number="（2026）示0121行初9号",
        court=units["court"],
        defendant=units["police"],
        act_type="penalty",
        field=field(),
        filed_on=dt.date(2026, 6, 1),
        complaint_received_on=dt.date(2026, 6, 5),
    )
    assert (case.status, case.answer_due_on) == (LawsuitStatus.ANSWERING, dt.date(2026, 6, 22))
    # 20 June is a Saturday: 15 days from 5 June end on it, rolled to Monday 22 June.


@time_machine.travel(TODAY)
def test_a_head_who_does_not_count_is_refused(tree, county_admin):
    units = tree["units"]
    case = services.register_lawsuit(
        actor=county_admin,
        plaintiffs=[PartyData(name="李某")],
        case_number="（2026）示0121行初10号",
        court=units["court"],
        defendant=units["police"],
        act_type="penalty",
        field=field(),
        filed_on=dt.date(2026, 6, 1),
    )
    with pytest.raises(ApplicationError, match="受委托组织的负责人不计为"):
        services.record_hearing(
            case,
            actor=county_admin,
            expected_version=case.version,
            held_on=dt.date(2026, 6, 20),
            head_appeared=True,
            head_rank="entrusted_head",
            head_name="赵某",
        )
    assert not Lawsuit.objects.get(pk=case.pk).hearing_held
    services.record_hearing(
        case,
        actor=county_admin,
        expected_version=case.version,
        held_on=dt.date(2026, 6, 20),
        head_appeared=True,
        head_rank="deputy",
        head_name="钱某",
        head_position="副局长",
    )
    case.refresh_from_db()
    assert (case.hearing_held, case.head_appeared) == (True, True)


def _lawsuit(tree, actor, **values):
    units = tree["units"]
    fields = {
        "case_number": "（2026）示0121行初20号",
        "court": units["court"],
        "defendant": units["police"],
        "act_type": "penalty",
        "field": field(),
        "filed_on": dt.date(2026, 5, 6),
    }
    fields.update(values)
    return services.register_lawsuit(actor=actor, plaintiffs=[PartyData(name="李某")], **fields)


def _go(case, name, actor, **params):
    case.refresh_from_db()
    return services.transition_lawsuit(
        case, name, actor=actor, expected_version=case.version, params=params
    )


@time_machine.travel(TODAY)
def test_a_lawsuit_walks_from_filing_to_a_final_judgment(tree, county_admin):
    case = _lawsuit(tree, county_admin)
    case = _go(case, "receive_complaint", county_admin, complaint_received_on=dt.date(2026, 5, 8))
    assert case.answer_due_on == dt.date(2026, 5, 25)  # 23 May is a Saturday
    case = _go(case, "submit_answer", county_admin, answered_on=dt.date(2026, 5, 20))
    case = _go(
        case,
        "decide",
        county_admin,
        outcome="revoke",
        closed_on=dt.date(2026, 6, 10),
        served_on=dt.date(2026, 6, 12),
    )
    assert (case.status, case.lost) == (LawsuitStatus.DECIDED, True)
    # The appeal period (15 days from 12 June: 27 June, a Saturday → 29 June) has run by 30 June.
    case = _go(case, "finalize", county_admin)
    assert case.status == LawsuitStatus.CLOSED


@time_machine.travel(TODAY)
def test_a_judgment_is_not_final_while_the_appeal_period_runs(tree, county_admin):
    case = _lawsuit(tree, county_admin)
    case = _go(
        case,
        "decide",
        county_admin,
        outcome="reject_claim",
        closed_on=dt.date(2026, 6, 24),
        served_on=dt.date(2026, 6, 26),
    )
    with pytest.raises(ApplicationError, match="上诉期"):
        _go(case, "finalize", county_admin)
    case = _go(case, "appeal", county_admin)
    assert (case.status, case.appealed, case.lost) == (LawsuitStatus.CLOSED, True, False)


@time_machine.travel(TODAY)
def test_a_changed_act_is_recorded_only_with_a_withdrawal(tree, county_admin):
    case = _lawsuit(tree, county_admin)
    with pytest.raises(ApplicationError, match="撤诉"):
        _go(
            case,
            "decide",
            county_admin,
            outcome="reject_claim",
            closed_on=dt.date(2026, 6, 1),
            defendant_changed_act=True,
        )
    case = _go(
        case,
        "decide",
        county_admin,
        outcome="withdrawn",
        closed_on=dt.date(2026, 6, 1),
        defendant_changed_act=True,
    )
    assert case.defendant_changed_act and not case.lost


@time_machine.travel(TODAY)
def test_marking_a_high_risk_case_needs_a_reason_and_a_leader(tree, county_admin, leader):
    case = _register(tree, county_admin)
    with pytest.raises(ApplicationError, match="风险原因"):
        services.mark_risk(
            case,
            actor=county_admin,
            expected_version=case.version,
            high_risk=True,
            lead_leader=leader,
        )
    case = services.mark_risk(
        case,
        actor=county_admin,
        expected_version=case.version,
        high_risk=True,
        reason="征收补偿标准争议大",
        lead_leader=leader,
        risk_unit=tree["units"]["police"],
    )
    assert (case.high_risk, case.lead_leader, case.risk_marked_on) == (
        True,
        leader,
        dt.date(2026, 6, 30),
    )
    notice = services.issue_notice(
        case,
        actor=county_admin,
        to_unit=tree["units"]["police"],
        issued_on=dt.date(2026, 6, 30),
        risks="程序瑕疵",
        suggestions="补正程序",
    )
    assert notice.number == "败诉风险提示〔2026〕1号"
    assert [p.kind for p in case.progress.all()] == ["notice"]


@time_machine.travel(TODAY)
def test_a_leader_without_edit_rights_cannot_mark_risk(tree, county_admin, leader):
    case = _register(tree, county_admin)
    with pytest.raises(ApplicationError, match="无权"):
        services.mark_risk(
            case,
            actor=leader,
            expected_version=case.version,
            high_risk=True,
            reason="x",
            lead_leader=leader,
        )


def test_a_dispute_field_added_in_the_admin_is_audited(tree, sysadmin, client):
    client.force_login(sysadmin)
    response = client.post(
        "/admin/disputes/disputefield/add/",
        {"code": "tax", "name": "税务", "aliases": "税收", "sort_order": 200, "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert AuditEvent.objects.filter(object_type="disputes.disputefield", event="create").exists()
