"""The case pages: lists and filters, registration, the case page, transitions, hearings.

Scoping (outsiders and other townships see nothing, 404 on every case URL), masking of personal
data, and refusals that change nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core.models import AuditEvent
from fazhi.disputes.enums import LawsuitStatus, ReconOutcome, ReconStatus
from fazhi.disputes.models import Applicant, Hearing, Lawsuit, Reconsideration
from fazhi.disputes.tests.factories import field, lawsuit, recon
from fazhi.org.roles import Role
from fazhi.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 30, 10, tzinfo=dt.UTC)
RECON_LIST = reverse("disputes:recon-list")
LAWSUIT_LIST = reverse("disputes:lawsuit-list")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def police_clerk(tree):
    """A clerk of the 公安局: the respondent's side, without the personal-data permission."""
    return UserFactory(
        username="police_clerk", full_name="公安填报员", unit=tree["units"]["police"],
        roles=[Role.CLERK],
    )  # fmt: skip


def _named(case, name="张三丰", id_number="330102199001011234"):
    party = (case.applicants if isinstance(case, Reconsideration) else case.plaintiffs).get()
    party.name, party.id_number = name, id_number
    party.save()
    return case


def _url(case, view, **kw):
    key = "recon_id" if isinstance(case, Reconsideration) else "lawsuit_id"
    prefix = "recon" if isinstance(case, Reconsideration) else "lawsuit"
    return reverse(f"disputes:{prefix}-{view}", kwargs={key: case.pk, **kw})


def _stored(case):
    fresh = type(case).objects.get(pk=case.pk)
    return (fresh.status, fresh.version, fresh.outcome, fresh.extension_days, fresh.due_on)


# --- lists ------------------------------------------------------------------------------------


def test_county_admin_lists_the_countys_cases_with_full_names(client, tree, county_admin):
    _named(recon(tree))
    client.force_login(county_admin)
    page = client.get(RECON_LIST).content.decode()
    assert "张三丰" in page
    assert "示例县公安局" in page


def test_clerk_without_personal_data_permission_sees_names_masked(client, tree, police_clerk):
    case = _named(recon(tree))
    _named(lawsuit(tree), name="李四")
    client.force_login(police_clerk)
    page = client.get(RECON_LIST).content.decode()
    assert "张某某" in page and "张三丰" not in page
    assert "李某" in client.get(LAWSUIT_LIST).content.decode()
    detail = client.get(case.get_absolute_url()).content.decode()
    assert "张三丰" not in detail and "330102199001011234" not in detail
    assert "330***********1234" in detail
    assert 'data-testid="reveal"' not in detail


def test_an_organisation_applicant_is_never_masked(client, tree, police_clerk):
    case = recon(tree)
    Applicant.objects.filter(case=case).update(kind="organisation", name="示例县某某有限公司")
    client.force_login(police_clerk)
    assert "示例县某某有限公司" in client.get(RECON_LIST).content.decode()


@pytest.mark.parametrize("persona", ["township_clerk", "outsider"])
def test_township_clerk_and_outsider_see_none_of_the_countys_cases(client, tree, request, persona):
    r, suit = recon(tree), lawsuit(tree)
    client.force_login(request.getfixturevalue(persona))
    assert r.case_number not in client.get(RECON_LIST).content.decode()
    assert suit.case_number not in client.get(LAWSUIT_LIST).content.decode()
    for url in (
        r.get_absolute_url(),
        suit.get_absolute_url(),
        _url(r, "transition", transition="accept"),
        _url(suit, "transition", transition="receive_complaint"),
        reverse("disputes:hearing-create", kwargs={"lawsuit_id": suit.pk}),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"version": 1}).status_code == 404, url
    assert client.post(_url(r, "reveal")).status_code == 404
    assert _stored(r)[1] == 1


def test_filters_narrow_the_list(client, tree, county_admin):
    units = tree["units"]
    a = recon(tree, field=field("police"), act_type="penalty")
    b = recon(
        tree, respondent=units["qingshi"], received_on=dt.date(2025, 5, 6), act_type="licensing",
        field=field("land"),
    )  # fmt: skip
    c = recon(tree, high_risk=True, accepted_on=dt.date(2026, 3, 3))
    d = recon(tree, outcome=ReconOutcome.UPHOLD, accepted_on=dt.date(2026, 3, 3),
              closed_on=dt.date(2026, 4, 1))  # fmt: skip
    _named(b, name="王小明")
    client.force_login(county_admin)

    def listed(**params):
        page = client.get(RECON_LIST, params).content.decode()
        return {case.case_number for case in (a, b, c, d) if case.case_number in page}

    assert listed(year=2025) == {b.case_number}
    assert listed(unit="U-QS") == {b.case_number}
    assert listed(act_type="licensing") == {b.case_number}
    assert listed(status="closed") == {d.case_number}
    assert listed(risk="1") == {c.case_number}
    assert listed(q="王小明") == {b.case_number}
    assert listed(q=a.case_number) == {a.case_number}
    # Admission review (5 WD) of a and b and c's decision period (60 days) are past; d is closed.
    assert listed(overdue="1") == {a.case_number, b.case_number, c.case_number}
    assert listed(field="land") == {b.case_number}


def test_export_button_keeps_the_filters(client, tree, county_admin):
    client.force_login(county_admin)
    page = client.get(RECON_LIST, {"year": 2026, "risk": "1"}).content.decode()
    export = reverse("disputes:ledger-export", kwargs={"kind": "reconsideration"})
    assert f"{export}?year=2026&amp;risk=1" in page
    assert reverse("disputes:ledger-import", kwargs={"kind": "reconsideration"}) in page


def _list_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("kind", ["recon", "lawsuit"])
def test_the_list_costs_the_same_number_of_queries_for_3_or_30_cases(
    client, tree, county_admin, kind
):
    make, url = (recon, RECON_LIST) if kind == "recon" else (lawsuit, LAWSUIT_LIST)
    client.force_login(county_admin)
    for _ in range(3):
        make(tree)
    few = _list_queries(client, url)
    for _ in range(27):
        make(tree)
    assert _list_queries(client, url) == few
    assert few <= 20


def test_home_counts_cases_by_status(client, tree, county_admin):
    recon(tree)
    recon(tree, accepted_on=dt.date(2026, 3, 3))
    client.force_login(county_admin)
    response = client.get(reverse("disputes:home"))
    assert response.status_code == 200
    assert f"{RECON_LIST}?status=received" in response.content.decode()


# --- registration -----------------------------------------------------------------------------


def _recon_post(tree, **over):
    units = tree["units"]
    data = {
        "case_number": "示复〔2026〕88号",
        "organ": units["government"].pk,
        "handling_unit": units["justice"].pk,
        "respondent": units["police"].pk,
        "act_type": "penalty",
        "field": field().pk,
        "received_on": "2026-06-22",
        "applied_on": "2026-06-20",
        "procedure": "normal",
        "applicants-TOTAL_FORMS": "2",
        "applicants-INITIAL_FORMS": "0",
        "applicants-MIN_NUM_FORMS": "0",
        "applicants-MAX_NUM_FORMS": "50",
        "applicants-0-kind": "person",
        "applicants-0-name": "赵六",
        "applicants-0-id_number": "330102199001011234",
        "applicants-0-phone": "13812345678",
        "applicants-1-kind": "person",
        "applicants-1-name": "",
    }
    data.update(over)
    return data


def test_the_create_form_defaults_organ_and_handling_body(client, tree, county_admin):
    client.force_login(county_admin)
    form = client.get(reverse("disputes:recon-create")).context["form"]
    assert form.initial["organ"] == tree["units"]["government"]
    assert form.initial["handling_unit"] == tree["units"]["justice"]
    assert tree["units"]["court"] not in form.fields["respondent"].queryset


def test_county_admin_registers_a_reconsideration(client, tree, county_admin):
    client.force_login(county_admin)
    response = client.post(reverse("disputes:recon-create"), _recon_post(tree))
    case = Reconsideration.objects.get(case_number="示复〔2026〕88号")
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.status == ReconStatus.RECEIVED
    assert case.due_on == dt.date(2026, 6, 29)  # 5 working days from Monday 22 June
    assert list(case.applicants.values_list("name", flat=True)) == ["赵六"]
    assert AuditEvent.objects.filter(
        object_type="disputes.reconsideration", object_id=str(case.pk), event="create"
    ).exists()


@pytest.mark.parametrize(
    ("over", "field_name", "message"),
    [
        ({"received_on": "2026-07-02"}, "received_on", "晚于今天"),
        ({"applied_on": "2026-06-25"}, "received_on", "早于申请日期"),
        ({"procedure": "simple"}, "simple_ground", "第53条"),
        ({"act_type": "licensing", "quick_fine": "on"}, "quick_fine", "只适用于行政处罚"),
        (
            {"applicants-0-name": "", "applicants-0-id_number": "", "applicants-0-phone": ""},
            "parties",
            "至少填写一名申请人",
        ),
        ({"applicants-0-id_number": "12345"}, "party-id_number", "身份证号"),
    ],
)
def test_bad_registration_shows_the_chinese_error_beside_the_field_and_stores_nothing(
    client, tree, county_admin, over, field_name, message
):
    client.force_login(county_admin)
    response = client.post(reverse("disputes:recon-create"), _recon_post(tree, **over))
    assert response.status_code == 400
    page = response.content.decode()
    start = page.index(f'data-testid="error-{field_name}"')
    assert message in page[start : start + 300]
    assert not Reconsideration.objects.exists()
    assert not Applicant.objects.exists()


def test_a_duplicate_case_number_is_refused(client, tree, county_admin):
    recon(tree, case_number="示复〔2026〕88号")
    client.force_login(county_admin)
    response = client.post(reverse("disputes:recon-create"), _recon_post(tree))
    assert response.status_code == 400
    assert Reconsideration.objects.count() == 1


def test_a_lawsuit_is_registered_after_a_reconsideration_with_its_co_defendant(
    client, tree, county_admin
):
    units = tree["units"]
    before = recon(tree, case_number="示复〔2026〕7号")
    client.force_login(county_admin)
    data = {
        "case_number": "（2026）示0121行初99号",
        "instance": "first",
        "court": units["court"].pk,
        "defendant": units["police"].pk,
        "co_defendant": units["government"].pk,
        "reconsideration_number": "示复〔2026〕7号",
        "act_type": "penalty",
        "field": field().pk,
        "filed_on": "2026-06-01",
        "complaint_received_on": "2026-06-03",
        "plaintiffs-TOTAL_FORMS": "1",
        "plaintiffs-INITIAL_FORMS": "0",
        "plaintiffs-0-kind": "person",
        "plaintiffs-0-name": "钱七",
    }
    response = client.post(reverse("disputes:lawsuit-create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Lawsuit.objects.get(case_number="（2026）示0121行初99号")
    assert (case.reconsideration, case.co_defendant) == (before, units["government"])
    assert case.status == LawsuitStatus.ANSWERING
    assert case.answer_due_on == dt.date(2026, 6, 18)  # 15 days (第67条)


def test_a_lawsuit_naming_an_unknown_reconsideration_is_refused(client, tree, outsider):
    recon(tree, case_number="示复〔2026〕7号")  # exists, but in another county
    client.force_login(outsider)
    data = {"reconsideration_number": "示复〔2026〕7号", "plaintiffs-TOTAL_FORMS": "0",
            "plaintiffs-INITIAL_FORMS": "0"}  # fmt: skip
    response = client.post(reverse("disputes:lawsuit-create"), data)
    assert response.status_code == 400
    assert "没有案号为" in response.content.decode()
    assert not Lawsuit.objects.exists()


def test_the_respondents_clerk_registers_lawsuits_but_not_reconsiderations(
    client, tree, police_clerk
):
    # A 复议 case is registered by the body that handles it (the 司法局), not by the respondent.
    client.force_login(police_clerk)
    assert 'data-testid="case-create"' not in client.get(RECON_LIST).content.decode()
    assert 'data-testid="case-create"' in client.get(LAWSUIT_LIST).content.decode()
    form = client.get(reverse("disputes:recon-create")).context["form"]
    assert not form.fields["handling_unit"].queryset.exists()


def test_a_leader_cannot_register(client, tree, leader):
    client.force_login(leader)
    assert client.get(reverse("disputes:recon-create")).status_code == 403
    assert client.post(reverse("disputes:recon-create"), _recon_post(tree)).status_code == 403
    assert not Reconsideration.objects.exists()


# --- the case page ----------------------------------------------------------------------------


def test_the_case_page_shows_deadlines_timeline_and_allowed_actions(client, tree, county_admin):
    client.force_login(county_admin)
    client.post(reverse("disputes:recon-create"), _recon_post(tree))
    case = Reconsideration.objects.get()
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="deadline-disputes.recon.admission"' in page
    assert "行政复议法 第30条" in page and "2026-06-29" in page
    assert "登记复议申请" in page and "county_admin" in page  # the audit line, with who
    for allowed in ("accept", "request_correction", "refuse", "resolve_early"):
        assert f'data-testid="action-{allowed}"' in page
    for not_now in ("close", "extend", "resume", "supply_correction"):
        assert f'data-testid="action-{not_now}"' not in page
    assert reverse("disputes:risk-mark", kwargs={"kind": "recon", "dispute_id": case.pk}) in page


def test_deemed_admission_is_offered_only_once_the_review_period_lapsed(client, tree, county_admin):
    running = recon(tree, received_on=dt.date(2026, 6, 26))  # review until 3 July (第30条)
    lapsed = recon(tree, received_on=dt.date(2026, 6, 15))
    client.force_login(county_admin)
    assert (
        'data-testid="action-deem_accept"'
        not in client.get(running.get_absolute_url()).content.decode()
    )
    assert (
        'data-testid="action-deem_accept"' in client.get(lapsed.get_absolute_url()).content.decode()
    )


def test_a_leader_sees_no_action_and_posting_one_is_refused(client, tree, leader):
    case = recon(tree)
    client.force_login(leader)
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="case-actions"' not in page
    assert client.get(_url(case, "transition", transition="accept")).status_code == 403
    response = client.post(
        _url(case, "transition", transition="accept"),
        {"version": case.version, "accepted_on": "2026-03-03", "procedure": "normal"},
    )
    assert response.status_code == 403
    assert _stored(case)[:2] == (ReconStatus.RECEIVED, 1)


def test_the_respondents_clerk_cannot_take_the_handlers_steps(client, tree, police_clerk):
    case = recon(tree, accepted_on=dt.date(2026, 6, 1), copy_sent_on=dt.date(2026, 6, 2))
    client.force_login(police_clerk)
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="action-record_reply"' in page  # either side may record the reply
    assert 'data-testid="action-close"' not in page
    response = client.post(
        _url(case, "transition", transition="close"),
        {"version": case.version, "outcome": "revoke", "closed_on": "2026-06-20"},
    )
    assert response.status_code == 403
    assert _stored(case)[0] == ReconStatus.ACCEPTED


def test_accepting_through_htmx_redirects_the_page(client, tree, county_admin):
    case = recon(tree, received_on=dt.date(2026, 6, 24))
    client.force_login(county_admin)
    form = client.get(_url(case, "transition", transition="accept"), HTTP_HX_REQUEST="true")
    assert form.status_code == 200 and 'data-testid="transition-form"' in form.content.decode()
    response = client.post(
        _url(case, "transition", transition="accept"),
        {"version": case.version, "accepted_on": "2026-06-26", "procedure": "normal"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == case.get_absolute_url()
    case.refresh_from_db()
    assert (case.status, case.accepted_on) == (ReconStatus.ACCEPTED, dt.date(2026, 6, 26))


def test_a_stale_version_is_refused_with_a_clear_message(client, tree, county_admin):
    case = recon(tree, accepted_on=dt.date(2026, 6, 1))
    Reconsideration.objects.filter(pk=case.pk).update(version=2)  # someone else saved
    before = _stored(case)
    client.force_login(county_admin)
    response = client.post(
        _url(case, "transition", transition="close"),
        {"version": 1, "outcome": "revoke", "closed_on": "2026-06-20"},
    )
    assert response.status_code == 409
    assert "该记录已被他人修改" in response.content.decode()
    assert _stored(case) == before


def test_an_extension_beyond_30_days_gives_the_chinese_error_and_stores_nothing(
    client, tree, county_admin
):
    case = recon(tree, accepted_on=dt.date(2026, 6, 1))
    before = _stored(case)
    client.force_login(county_admin)
    events = AuditEvent.objects.count()
    response = client.post(
        _url(case, "transition", transition="extend"),
        {"version": case.version, "extension_days": "31", "extended_on": "2026-06-20"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "延期天数须为 1 至 30 日（行政复议法 第62条）" in response.content.decode()
    assert _stored(case) == before
    assert AuditEvent.objects.count() == events


def test_a_closing_date_before_admission_is_refused_beside_the_field(client, tree, county_admin):
    case = recon(tree, accepted_on=dt.date(2026, 6, 1))
    client.force_login(county_admin)
    response = client.post(
        _url(case, "transition", transition="close"),
        {"version": case.version, "outcome": "revoke", "closed_on": "2026-05-20"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "早于受理日期" in page[page.index('data-testid="error-closed_on"') :][:300]
    assert _stored(case)[0] == ReconStatus.ACCEPTED


def test_closing_offers_only_outcomes_that_fit_an_accepted_case(client, tree, county_admin):
    case = recon(tree, accepted_on=dt.date(2026, 6, 1))
    client.force_login(county_admin)
    form = client.get(_url(case, "transition", transition="close")).context["form"]
    values = {value for value, _ in form.fields["outcome"].choices}
    assert {"revoke", "uphold", "withdrawn"} <= values
    assert not values & {"not_accepted", "abandoned", "reject_claim"}


def test_a_suspension_shows_its_reason_and_pauses_the_decision_period(client, tree, county_admin):
    case = recon(tree, accepted_on=dt.date(2026, 6, 1))
    client.force_login(county_admin)
    response = client.post(
        _url(case, "transition", transition="suspend"),
        {"version": case.version, "suspension_reason": "8", "suspended_on": "2026-06-15"},
    )
    assert response.status_code == 302
    page = client.get(case.get_absolute_url()).content.decode()
    assert "须以其他案件的审理结果为依据" in page
    assert "中止期间期限暂停计算" in page
    assert 'data-testid="action-resume"' in page


def test_a_judgment_against_the_defendant_is_recorded_as_lost(client, tree, police_clerk):
    case = lawsuit(tree, complaint_received_on=dt.date(2026, 3, 4), status=LawsuitStatus.ANSWERING)
    client.force_login(police_clerk)  # the defendant's own clerk answers the suit
    url = _url(case, "transition", transition="decide")
    response = client.post(
        url,
        {
            "version": case.version,
            "outcome": "revoke",
            "closed_on": "2026-06-10",
            "served_on": "2026-06-12",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.lost) == (LawsuitStatus.DECIDED, True)
    page = client.get(case.get_absolute_url()).content.decode()
    # 上诉期 15 日 from service (第85条): 27 June is a Saturday, so Monday 29 June.
    assert "行政诉讼法 第85条" in page and "2026-06-29" in page


def test_a_changed_act_outside_a_withdrawal_is_refused_beside_the_field(client, tree, county_admin):
    case = lawsuit(tree)
    client.force_login(county_admin)
    response = client.post(
        _url(case, "transition", transition="decide"),
        {
            "version": case.version,
            "outcome": "reject_claim",
            "closed_on": "2026-06-10",
            "defendant_changed_act": "on",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    start = page.index('data-testid="error-defendant_changed_act"')
    assert "只在以撤诉结案时填写" in page[start : start + 300]
    case.refresh_from_db()
    assert (case.status, case.outcome) == (LawsuitStatus.FILED, "")


# --- hearings ---------------------------------------------------------------------------------


def test_a_head_who_does_not_count_is_refused_with_the_rule(client, tree, county_admin):
    case = lawsuit(tree)
    client.force_login(county_admin)
    response = client.post(
        reverse("disputes:hearing-create", kwargs={"lawsuit_id": case.pk}),
        {
            "version": case.version,
            "held_on": "2026-06-10",
            "head_appeared": "on",
            "head_name": "孙八",
            "head_rank": "lower_agency_head",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "不计为行政机关负责人出庭（最高法 2020 年规定 第2条）" in page
    assert not Hearing.objects.exists()


def test_a_hearing_with_the_deputy_head_counts(client, tree, county_admin):
    case = lawsuit(tree)
    client.force_login(county_admin)
    response = client.post(
        reverse("disputes:hearing-create", kwargs={"lawsuit_id": case.pk}),
        {
            "version": case.version,
            "held_on": "2026-06-10",
            "notice_served_on": "2026-06-08",
            "head_requested": "on",
            "head_appeared": "on",
            "head_name": "孙八",
            "head_position": "副局长",
            "head_rank": "deputy",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.head_appeared and case.first_hearing_on == dt.date(2026, 6, 10)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "孙八" in page and "不足 3 日" in page  # the notice came 2 days before (第5条)


# --- personal data ----------------------------------------------------------------------------


def test_showing_the_full_parties_is_audited(client, tree, county_admin):
    case = _named(recon(tree))
    client.force_login(county_admin)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "张三丰" in page and "330102199001011234" not in page
    response = client.post(_url(case, "reveal"), HTTP_HX_REQUEST="true")
    assert "330102199001011234" in response.content.decode()
    event = AuditEvent.objects.get(event="pi_view")
    assert (event.object_type, event.object_id) == ("disputes.reconsideration", str(case.pk))


def test_a_clerk_cannot_reveal_the_parties(client, tree, police_clerk):
    case = _named(recon(tree))
    client.force_login(police_clerk)
    response = client.post(_url(case, "reveal"))
    assert response.status_code == 403
    assert "330102199001011234" not in response.content.decode()
    assert not AuditEvent.objects.filter(event="pi_view").exists()
