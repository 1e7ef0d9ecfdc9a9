"""争议化解 pages: the risk board, marking a case, its progress log, the 败诉风险提示函 and its
Word letter; what each persona may see and do; nothing stored when the input is refused."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
import time_machine
from django.urls import reverse
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Pt

from fazhi.core.models import AuditEvent
from fazhi.disputes.enums import LawsuitStatus, ProgressKind
from fazhi.disputes.models import ProgressEntry, RiskNotice
from fazhi.disputes.tests.factories import lawsuit, recon
from fazhi.org.roles import Role
from fazhi.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 24, 2, tzinfo=dt.UTC)  # Wednesday 10:00 in Beijing
TODAY = dt.date(2026, 6, 24)


@pytest.fixture
def county_leader(tree):
    """A 副县长 who may be named 包案领导 (a 领导 at the county government)."""
    return UserFactory(
        username="fu_xianzhang",
        full_name="王副县长",
        position="副县长",
        unit=tree["units"]["government"],
        roles=[Role.LEADER],
    )


@pytest.fixture
def case(tree):
    return recon(
        tree,
        case_number="示复〔2026〕88号",
        received_on=dt.date(2026, 5, 6),
        accepted_on=dt.date(2026, 5, 7),
        act_description="行政处罚决定",
    )


def _mark_url(kind, pk):
    return reverse("disputes:risk-mark", kwargs={"kind": kind, "dispute_id": pk})


def _post_mark(client, case, **data):
    payload = {"high_risk": "on", "version": case.version, "marked_on": "2026-06-20"}
    payload.update(data)
    return client.post(_mark_url("recon", case.pk), payload)


# --- marking ---------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_marking_needs_a_reason_and_stores_nothing_without_one(
    client, county_admin, county_leader, case
):
    client.force_login(county_admin)
    response = _post_mark(client, case, reason="  ", lead_leader=county_leader.pk)
    assert response.status_code == 400
    assert "标记高败诉风险须写明风险原因" in response.content.decode()
    case.refresh_from_db()
    assert (case.high_risk, case.version, case.lead_leader_id) == (False, 1, None)
    assert not AuditEvent.objects.filter(message="标记高败诉风险").exists()


@time_machine.travel(NOW, tick=False)
def test_marking_needs_a_leader_and_stores_nothing_without_one(client, county_admin, case):
    client.force_login(county_admin)
    response = _post_mark(client, case, reason="征收补偿标准适用存疑")
    assert response.status_code == 400
    assert "高败诉风险案件须指定包案领导" in response.content.decode()
    case.refresh_from_db()
    assert case.high_risk is False


@time_machine.travel(NOW, tick=False)
def test_a_marked_case_keeps_reason_leader_and_unit_and_is_audited(
    client, county_admin, county_leader, case, tree
):
    client.force_login(county_admin)
    response = _post_mark(client, case, reason="证据不足", lead_leader=county_leader.pk)
    assert response.status_code == 302
    assert response["Location"] == reverse("disputes:recon-detail", kwargs={"recon_id": case.pk})
    case.refresh_from_db()
    assert case.high_risk and case.risk_reason == "证据不足"
    assert case.lead_leader == county_leader
    assert case.risk_unit == tree["units"]["police"]  # the respondent by default
    assert case.risk_marked_on == dt.date(2026, 6, 20)
    event = AuditEvent.objects.get(message="标记高败诉风险")
    assert event.object_id == str(case.pk)


@time_machine.travel(NOW, tick=False)
def test_unticking_the_box_unmarks_the_case_and_returns_to_next(
    client, county_admin, county_leader, case
):
    client.force_login(county_admin)
    _post_mark(client, case, reason="证据不足", lead_leader=county_leader.pk)
    case.refresh_from_db()
    board = reverse("disputes:risk-board")
    response = client.post(_mark_url("recon", case.pk), {"version": case.version, "next": board})
    assert response.status_code == 302 and response["Location"] == board
    case.refresh_from_db()
    assert case.high_risk is False
    assert AuditEvent.objects.filter(message="解除高败诉风险标记").count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_leader_outside_the_users_scope_cannot_be_named(client, county_admin, outsider, case):
    client.force_login(county_admin)
    response = _post_mark(client, case, reason="证据不足", lead_leader=outsider.pk)
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.high_risk is False


@time_machine.travel(NOW, tick=False)
def test_the_mark_form_offers_leaders_first_and_the_respondent_as_unit(
    client, county_admin, county_leader, township_clerk, case
):
    client.force_login(county_admin)
    response = client.get(_mark_url("recon", case.pk))
    assert response.status_code == 200
    choices = list(response.context["form"].fields["lead_leader"].queryset)
    assert choices[0] == county_leader
    assert township_clerk in choices  # a county admin sees the county's people
    assert response.context["form"].initial["risk_unit"] == case.respondent_id


@time_machine.travel(NOW, tick=False)
def test_a_stale_form_is_refused_and_the_newer_change_kept(
    client, county_admin, county_leader, case
):
    client.force_login(county_admin)
    _post_mark(client, case, reason="第一次", lead_leader=county_leader.pk)
    response = _post_mark(client, case, reason="第二次", lead_leader=county_leader.pk)  # version 1
    assert response.status_code == 400
    assert "已被他人修改" in response.content.decode()
    case.refresh_from_db()
    assert case.risk_reason == "第一次"


@time_machine.travel(NOW, tick=False)
def test_a_lawsuit_is_marked_through_its_own_kind(client, county_admin, county_leader, tree):
    suit = lawsuit(tree, complaint_received_on=dt.date(2026, 6, 16), status=LawsuitStatus.ANSWERING)
    client.force_login(county_admin)
    response = client.post(
        _mark_url("lawsuit", suit.pk),
        {
            "high_risk": "on",
            "version": suit.version,
            "reason": "程序瑕疵",
            "lead_leader": county_leader.pk,
        },
    )
    assert response.status_code == 302
    suit.refresh_from_db()
    assert suit.high_risk and suit.risk_unit == tree["units"]["police"]


# --- who may ---------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a_wrong_kind_or_a_case_outside_the_scope_answers_404(
    client, county_admin, outsider, other_township_clerk, case
):
    client.force_login(county_admin)
    assert client.get(_mark_url("review", case.pk)).status_code == 404
    assert client.get(_mark_url("lawsuit", case.pk)).status_code == 404  # no such lawsuit
    for user in (outsider, other_township_clerk):
        client.force_login(user)
        for name in ("risk-mark", "risk-progress", "notice-create"):
            url = reverse(f"disputes:{name}", kwargs={"kind": "recon", "dispute_id": case.pk})
            assert client.get(url).status_code == 404, (user, name)
            assert client.post(url, {"reason": "x"}).status_code == 404, (user, name)
    case.refresh_from_db()
    assert case.high_risk is False
    assert not ProgressEntry.objects.exists() and not RiskNotice.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_leader_may_view_the_board_but_not_mark(client, leader, case):
    client.force_login(leader)
    assert client.get(reverse("disputes:risk-board")).status_code == 200
    assert client.get(_mark_url("recon", case.pk)).status_code == 403


# --- progress --------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_progress_is_recorded_and_bad_input_stores_nothing(client, county_admin, case):
    client.force_login(county_admin)
    url = reverse("disputes:risk-progress", kwargs={"kind": "recon", "dispute_id": case.pk})
    response = client.post(url, {"kind": "meeting", "happened_on": "2026-06-23", "content": "  "})
    assert response.status_code == 400
    response = client.post(url, {"kind": "meeting", "happened_on": "2026-06-25", "content": "研商"})
    assert response.status_code == 400
    assert "进展日期晚于今天" in response.content.decode()
    assert not ProgressEntry.objects.exists()
    response = client.post(
        url, {"kind": "meeting", "happened_on": "2026-06-23", "content": "副县长召集研商"}
    )
    assert response.status_code == 302
    entry = ProgressEntry.objects.get()
    assert (entry.reconsideration, entry.kind, entry.author) == (case, "meeting", county_admin)
    assert "副县长召集研商" in client.get(url).content.decode()


# --- 败诉风险提示函 ----------------------------------------------------------------------------


def _notice_url(case, kind="recon"):
    return reverse("disputes:notice-create", kwargs={"kind": kind, "dispute_id": case.pk})


def _notice_data(tree, **extra):
    data = {
        "to_unit": tree["units"]["police"].pk,
        "issued_on": "2026-06-24",
        "risks": "处罚决定未告知陈述申辩权利\n证据链不完整",
        "suggestions": "及时自行纠正\n主动与申请人沟通化解",
        "reply_by": "2026-07-03",
    }
    data.update(extra)
    return data


@time_machine.travel(NOW, tick=False)
def test_a_notice_is_numbered_logged_and_downloads_as_a_word_letter(
    client, county_admin, case, tree
):
    client.force_login(county_admin)
    response = client.post(_notice_url(case), _notice_data(tree))
    assert response.status_code == 302
    notice = RiskNotice.objects.get()
    assert notice.number == "败诉风险提示〔2026〕1号"
    assert notice.to_unit == tree["units"]["police"]
    assert ProgressEntry.objects.get().kind == ProgressKind.NOTICE
    page = client.get(_notice_url(case)).content.decode()
    download = reverse("disputes:notice-docx", kwargs={"notice_id": notice.pk})
    assert download in page

    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "败诉风险提示函" in text
    assert "败诉风险提示〔2026〕1号" in text
    assert "示例县公安局：" in text and "你单位作为被申请人" in text  # 致送单位
    assert "示复〔2026〕88号" in text and "张某某" in text  # the case and its applicant
    assert "证据链不完整" in text and "主动与申请人沟通化解" in text
    assert "2026年7月3日前" in text  # reply-by
    assert "示例县司法局" in text and "2026年6月24日" in text  # issuing body and date
    assert "330102199001011234" not in text  # no ID number in a letter
    assert AuditEvent.objects.filter(event="export", object_id=str(notice.pk)).exists()


@time_machine.travel(NOW, tick=False)
def test_the_letter_follows_the_government_document_format(client, county_admin, case, tree):
    client.force_login(county_admin)
    client.post(_notice_url(case), _notice_data(tree))
    notice = RiskNotice.objects.get()
    response = client.get(reverse("disputes:notice-docx", kwargs={"notice_id": notice.pk}))
    document = docx.Document(io.BytesIO(response.content))
    section = document.sections[0]
    sizes = (section.page_width, section.page_height, section.top_margin, section.left_margin)
    assert [round(size.mm) for size in sizes] == [210, 297, 37, 28]  # A4, 公文 margins
    title = document.paragraphs[0].runs[0]
    assert title.bold and title.font.size == Pt(22)
    assert title._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    footer = section.footer._element.xml
    assert "PAGE" in footer and "fldChar" in footer
    fonts = document.part.part_related_by(RT.FONT_TABLE).blob.decode()
    assert 'w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in fonts


@time_machine.travel(NOW, tick=False)
def test_a_notice_without_risks_or_issued_in_the_future_stores_nothing(
    client, county_admin, case, tree
):
    client.force_login(county_admin)
    response = client.post(_notice_url(case), _notice_data(tree, risks=" "))
    assert response.status_code == 400
    response = client.post(_notice_url(case), _notice_data(tree, issued_on="2026-06-25"))
    assert response.status_code == 400
    assert "发函日期晚于今天" in response.content.decode()
    response = client.post(_notice_url(case), _notice_data(tree, reply_by="2026-06-01"))
    assert response.status_code == 400
    assert "反馈期限早于发函日期" in response.content.decode()
    assert not RiskNotice.objects.exists() and not ProgressEntry.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_notice_of_another_units_case_answers_404(
    client, county_admin, outsider, other_township_clerk, township_clerk, case, tree
):
    client.force_login(county_admin)
    client.post(_notice_url(case), _notice_data(tree))
    url = reverse("disputes:notice-docx", kwargs={"notice_id": RiskNotice.objects.get().pk})
    for user in (outsider, other_township_clerk, township_clerk):
        client.force_login(user)
        assert client.get(url).status_code == 404
    assert AuditEvent.objects.filter(event="access_denied").count() >= 3


@time_machine.travel(NOW, tick=False)
def test_a_lawsuit_notice_is_signed_by_the_drafters_unit(client, county_admin, tree):
    suit = lawsuit(tree, case_number="（2026）示0121行初7号", filed_on=dt.date(2026, 6, 1))
    client.force_login(county_admin)
    response = client.post(_notice_url(suit, "lawsuit"), _notice_data(tree))
    assert response.status_code == 302
    notice = RiskNotice.objects.get()
    text = "\n".join(
        p.text
        for p in docx.Document(
            io.BytesIO(
                client.get(reverse("disputes:notice-docx", kwargs={"notice_id": notice.pk})).content
            )
        ).paragraphs
    )
    assert "原告李某诉你单位" in text and "示例县人民法院" in text and "示例县司法局" in text


# --- the board -------------------------------------------------------------------------------


@pytest.fixture
def board_cases(tree, county_admin, county_leader):
    u = tree["units"]
    risky = {"high_risk": True, "risk_reason": "补偿标准争议", "lead_leader": county_leader}
    cases = {
        "open_recon": recon(
            tree,
            case_number="A1",
            received_on=dt.date(2026, 5, 4),
            accepted_on=dt.date(2026, 5, 4),
            risk_marked_on=dt.date(2026, 6, 1),
            **risky,
        ),
        "open_suit": lawsuit(
            tree,
            case_number="A2",
            complaint_received_on=dt.date(2026, 6, 16),
            status=LawsuitStatus.ANSWERING,
            risk_marked_on=dt.date(2026, 6, 20),
            **risky,
        ),
        "township": recon(
            tree,
            case_number="A3",
            respondent=u["qingshi"],
            received_on=dt.date(2026, 6, 1),
            risk_marked_on=dt.date(2026, 6, 10),
            **risky,
        ),
        "closed": recon(
            tree,
            case_number="A4",
            received_on=dt.date(2026, 3, 2),
            accepted_on=dt.date(2026, 3, 3),
            closed_on=dt.date(2026, 5, 1),
            outcome="uphold",
            risk_marked_on=dt.date(2026, 4, 1),
            **risky,
        ),
        "plain": recon(tree, case_number="A5", received_on=dt.date(2026, 6, 1)),
    }
    ProgressEntry.objects.create(
        reconsideration=cases["open_recon"],
        kind="meeting",
        happened_on=dt.date(2026, 6, 5),
        content="第一次研商",
        author=county_admin,
    )
    ProgressEntry.objects.create(
        reconsideration=cases["open_recon"],
        kind="measure",
        happened_on=dt.date(2026, 6, 18),
        content="约谈申请人",
        author=county_admin,
    )
    return cases


def _board(client, **params):
    response = client.get(reverse("disputes:risk-board"), params)
    assert response.status_code == 200
    return response


@time_machine.travel(NOW, tick=False)
def test_the_board_lists_open_high_risk_cases_of_both_types(client, county_admin, board_cases):
    client.force_login(county_admin)
    response = _board(client)
    rows = {row.case.case_number: row for row in response.context["rows"]}
    assert set(rows) == {"A1", "A2", "A3"}
    a1 = rows["A1"]
    assert (a1.last_on, a1.last_kind_label, a1.last_content) == (
        dt.date(2026, 6, 18),
        "化解措施",
        "约谈申请人",
    )
    assert a1.age_days == 23
    assert a1.due.due == dt.date(2026, 7, 3) and a1.due.title == "作出复议决定"
    assert rows["A2"].due.due == dt.date(2026, 7, 1) and rows["A2"].kind_label == "行政诉讼"
    page = response.content.decode()
    assert (
        reverse("disputes:lawsuit-detail", kwargs={"lawsuit_id": board_cases["open_suit"].pk})
        in page
    )
    assert "王副县长" in page and "尚无进展记录" in page


@time_machine.travel(NOW, tick=False)
def test_the_board_filters_by_type_unit_and_leader(
    client, county_admin, board_cases, county_leader, tree
):
    client.force_login(county_admin)

    def numbers(**params):
        return sorted(r.case.case_number for r in _board(client, **params).context["rows"])

    assert numbers(kind="lawsuit") == ["A2"]
    assert numbers(unit="U-QS") == ["A3"]
    assert numbers(leader=str(county_leader.pk)) == ["A1", "A2", "A3"]
    assert numbers(leader="999999") == []
    response = _board(client)
    assert {u.code for u in response.context["units"]} == {"U-GAJ", "U-QS"}
    assert response.context["leaders"] == [county_leader]


@time_machine.travel(NOW, tick=False)
def test_a_township_clerk_sees_only_its_own_high_risk_cases(
    client, township_clerk, outsider, board_cases
):
    client.force_login(township_clerk)
    assert [r.case.case_number for r in _board(client).context["rows"]] == ["A3"]
    client.force_login(outsider)
    assert _board(client).context["rows"] == []


@time_machine.travel(NOW, tick=False)
def test_a_letter_to_another_unit_names_the_respondent_instead_of_you(
    client, county_admin, case, tree
):
    client.force_login(county_admin)
    data = _notice_data(tree, to_unit=tree["units"]["government"].pk)
    assert client.post(_notice_url(case), data).status_code == 302
    notice = RiskNotice.objects.get()
    url = reverse("disputes:notice-docx", kwargs={"notice_id": notice.pk})
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(client.get(url).content)).paragraphs)
    assert "示例县人民政府：" in text
    assert "示例县公安局作为被申请人的示复〔2026〕88号行政复议案件" in text
    assert "不服示例县公安局作出的行政处罚决定" in text
