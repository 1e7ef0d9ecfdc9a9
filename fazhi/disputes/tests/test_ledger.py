"""Importing 台账 as counties keep them: messy cells read, errors listed, re-imports idempotent."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
import time_machine

from fazhi.core.audit import Event
from fazhi.core.models import AuditEvent
from fazhi.disputes import services
from fazhi.disputes.enums import LawsuitStatus, ReconStatus
from fazhi.disputes.ledger import import_ledger
from fazhi.disputes.models import Applicant, Hearing, Lawsuit, Plaintiff, Reconsideration
from fazhi.disputes.tests.factories import recon
from fazhi.org.models import UnitKind
from fazhi.org.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 30, 10, tzinfo=dt.UTC)
RECON_HEADERS = ["序号", "复议案号", "申请人姓名", "身份证号", "被申请单位", "行为类别", "领域",
                 "收到申请日期", "受理日期", "结案日期", "审理结果", "是否听证", "备注"]  # fmt: skip
LAWSUIT_HEADERS = ["案号", "原告", "被告", "共同被告", "案由", "受理法院", "立案日期", "开庭日期",
                   "负责人是否出庭", "出庭负责人职务", "结案日期", "裁判结果", "前置复议案号",
                   "原审案号"]  # fmt: skip


def book(rows: list[list[Any]], headers: list[str], *, sheet="台账", title=None) -> bytes:
    """A workbook as a county keeps it: optional title row, the header, the rows."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = sheet
    if title:
        ws.append([title])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(tree, kind, data, *, dry_run=False, actor=None):
    return import_ledger(
        kind=kind, data=data, region=tree["regions"]["county"], actor=actor, dry_run=dry_run
    )


def ok(result):
    assert result.ok, "\n".join(str(e) for e in result.errors)
    return result


def where(result):
    return {(e.sheet, e.row, e.column) for e in result.errors}


@pytest.fixture
def market(tree):
    return UnitFactory(
        code="U-SCJG",
        name="示例县市场监督管理局",
        short_name="市场监管局",
        region=tree["regions"]["county"],
    )


def recon_row(number="示复〔2026〕1号", over=None):
    values = {
        "序号": 1,
        "复议案号": number,
        "申请人姓名": "王某",
        "身份证号": "",
        "被申请单位": "县公安局",
        "行为类别": "行政处罚",
        "领域": "公安",
        "收到申请日期": "2026/3/2",
        "受理日期": "2026年3月5日",
        "结案日期": "2026.4.20",
        "审理结果": "决定维持",
        "是否听证": "否",
        "备注": "",
    }
    values.update(over or {})
    return [values[h] for h in RECON_HEADERS]


# --- reading what real ledgers contain -------------------------------------------------------


@time_machine.travel(NOW)
def test_a_messy_reconsideration_ledger_is_read_into_cases(tree, market):
    rows = [
        recon_row("示复〔２０２６〕１号 ", {"被申请单位": "县公安局 ", "申请人姓名": "张三、李四",
                                       "身份证号": "330102199001011234、330102199202021234"}),
        recon_row("示复[2026]2号", {"被申请单位": "市场监管局", "领域": "", "收到申请日期":
                  dt.date(2026, 4, 1), "受理日期": 46117, "结案日期": "", "审理结果": ""}),
        recon_row("示复〔2026〕3号", {"被申请单位": "示例县公安局", "申请人姓名": "某某商贸有限公司",
                  "受理日期": "", "结案日期": "", "审理结果": "", "行为类别": "信息公开"}),
        recon_row("示复〔2026〕4号", {"审理结果": "撤销原行政行为", "是否听证": "是"}),
    ]  # fmt: skip
    result = ok(run(tree, "reconsideration", book(rows, RECON_HEADERS, title="2026年复议台账")))
    assert (result.rows, result.created, result.updated) == (4, 4, 0)
    first = Reconsideration.objects.get(case_number="示复〔2026〕1号")
    assert first.respondent == tree["units"]["police"]
    assert (first.received_on, first.accepted_on, first.closed_on) == (
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 5),
        dt.date(2026, 4, 20),
    )
    assert (first.status, first.outcome, first.corrected, first.handling_days) == (
        ReconStatus.CLOSED, "uphold", False, 46,
    )  # fmt: skip
    assert first.organ == tree["units"]["government"]
    assert first.handling_unit == tree["units"]["justice"]
    applicants = list(first.applicants.values_list("name", "id_number", "kind"))
    assert applicants == [
        ("张三", "330102199001011234", "person"),
        ("李四", "330102199202021234", "person"),
    ]
    second = Reconsideration.objects.get(case_number="示复〔2026〕2号")
    assert second.respondent == market and second.field.code == "market"  # inferred from the unit
    assert second.accepted_on == dt.date(2026, 4, 5)  # Excel serial 46117
    assert second.status == ReconStatus.ACCEPTED
    assert second.due_on == services.reconsideration_due(second)
    third = Reconsideration.objects.get(case_number="示复〔2026〕3号")
    assert (third.status, third.act_type) == (ReconStatus.RECEIVED, "info_disclosure")
    assert third.applicants.get().kind == "organisation"
    fourth = Reconsideration.objects.get(case_number="示复〔2026〕4号")
    assert (fourth.outcome, fourth.corrected, fourth.hearing_held) == ("revoke", True, True)


@pytest.mark.parametrize(
    ("written", "outcome"),
    [
        ("决定维持", "uphold"),
        ("维持原行政行为", "uphold"),
        ("维持", "uphold"),
        ("驳回", "reject_request"),
        ("和解后撤回终止", "settled"),
        ("申请人撤回申请，终止审理", "withdrawn"),
        ("撤回申请终止", "withdrawn"),
        ("其他终止", "terminated"),
        ("终止(其他)", "terminated"),
        ("终止（其他）", "terminated"),
        ("调解", "mediated"),
        ("调解结案", "mediated"),
        ("撤销原行政行为", "revoke"),
        ("责令履行法定职责", "order_perform"),
        ("驳回复议请求", "reject_request"),
        ("确认违法", "confirm_illegal"),
    ],
)
@time_machine.travel(NOW)
def test_reconsideration_outcome_wordings_map_to_the_enumeration(tree, written, outcome):
    ok(run(tree, "reconsideration", book([recon_row(over={"审理结果": written})], RECON_HEADERS)))
    assert Reconsideration.objects.get().outcome == outcome


@time_machine.travel(NOW)
def test_rows_titles_totals_and_serial_numbers_are_not_cases(tree):
    rows = [recon_row(), recon_row("示复〔2026〕2号"), ["合计", "2件"]]
    result = ok(run(tree, "reconsideration", book(rows, RECON_HEADERS, title="示例县行政复议台账")))
    assert result.created == 2


# --- re-imports ----------------------------------------------------------------------------


@time_machine.travel(NOW)
def test_reimport_updates_by_normalised_case_number_and_creates_no_duplicate(tree):
    ok(run(tree, "reconsideration", book([recon_row("示复〔2026〕7号")], RECON_HEADERS)))
    same = book([recon_row("示复〔2026〕7号")], RECON_HEADERS)
    assert ok(run(tree, "reconsideration", same)).unchanged == 1
    changed = recon_row("示复（２０２６）７号", {"审理结果": "确认违法"})
    result = ok(run(tree, "reconsideration", book([changed], RECON_HEADERS)))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    case = Reconsideration.objects.get()
    assert (case.case_number, case.outcome, case.corrected, case.version) == (
        "示复〔2026〕7号", "confirm_illegal", True, 2,
    )  # fmt: skip
    assert Applicant.objects.count() == 1


@time_machine.travel(NOW)
def test_empty_cells_keep_what_is_stored(tree):
    ok(run(tree, "reconsideration", book([recon_row(over={"身份证号": "330102199001011234"})],
                                         RECON_HEADERS)))  # fmt: skip
    blank = recon_row(over={"受理日期": "", "结案日期": "", "审理结果": "", "身份证号": ""})
    assert ok(run(tree, "reconsideration", book([blank], RECON_HEADERS))).unchanged == 1
    case = Reconsideration.objects.get()
    assert (case.outcome, case.status) == ("uphold", ReconStatus.CLOSED)
    assert case.applicants.get().id_number == "330102199001011234"


@time_machine.travel(NOW)
def test_a_ledger_updates_a_case_registered_in_the_system_and_keeps_its_applicants(tree):
    case = recon(tree, case_number="示复〔2026〕9号", received_on=dt.date(2026, 3, 2))
    row = recon_row("示复〔2026〕9号", {"申请人姓名": "张某某"})  # as factories name them
    result = ok(run(tree, "reconsideration", book([row], RECON_HEADERS)))
    assert (result.created, result.updated) == (0, 1)
    case.refresh_from_db()
    assert (case.status, case.outcome, case.version) == (ReconStatus.CLOSED, "uphold", 2)
    applicant = case.applicants.get()
    assert (applicant.name, applicant.phone) == ("张某某", "13812345678")  # not replaced


@time_machine.travel(NOW)
def test_dry_run_counts_and_stores_nothing(tree):
    result = ok(run(tree, "reconsideration", book([recon_row()], RECON_HEADERS), dry_run=True))
    assert (result.created, result.written) == (1, False)
    assert not Reconsideration.objects.exists()
    assert not AuditEvent.objects.filter(event=Event.IMPORT).exists()


@time_machine.travel(NOW)
def test_an_import_is_one_audit_line_naming_the_counts(tree, county_admin):
    data = book([recon_row(), recon_row("示复〔2026〕2号")], RECON_HEADERS)
    before = AuditEvent.objects.count()
    result = ok(run(tree, "reconsideration", data, actor=county_admin))
    line = AuditEvent.objects.get(event=Event.IMPORT)
    assert AuditEvent.objects.count() == before + 1
    assert line.actor == county_admin and line.object_type == "disputes.reconsideration"
    assert line.changes["created"] == 2 and result.sha256 in line.message
    assert "新增 2" in line.message


# --- strict about what it cannot understand ------------------------------------------------


@time_machine.travel(NOW)
def test_a_ledger_with_errors_lists_every_one_and_stores_nothing(tree):
    headers = [*RECON_HEADERS, "承办人"]
    rows = [
        [*recon_row("示复〔2026〕1号", {"收到申请日期": "2026-13-01"}), ""],
        [*recon_row("示复〔2026〕2号", {"被申请单位": "县交通运输局"}), ""],
        [*recon_row("示复〔2026〕3号", {"被申请单位": "人民政府"}), ""],
        [*recon_row("示复〔2026〕4号", {"审理结果": "维持一半"}), ""],
        [*recon_row("示复〔2026〕5号", {"审理结果": "判决驳回诉讼请求"}), ""],
        [*recon_row("示复〔2026〕6号", {"结案日期": "2026-02-01"}), ""],
        [*recon_row("示复〔2026〕1号"), ""],
        [*recon_row("示复〔2026〕8号", {"申请人姓名": ""}), ""],
        [
            *recon_row(
                "示复〔2026〕9号", {"受理日期": "2026-12-01", "结案日期": "", "审理结果": ""}
            ),
            "",
        ],
        [*recon_row("示复〔2026〕10号", {"领域": "航天"}), ""],
    ]
    result = run(tree, "reconsideration", book(rows, headers, sheet="2026年"))
    assert not result.ok and not result.written
    found = where(result)
    assert ("2026年", 1, "承办人") in found  # an unknown column
    assert ("2026年", 2, "收到申请日期") in found
    assert ("2026年", 3, "被申请单位") in found  # unknown unit
    assert ("2026年", 4, "被申请单位") in found  # ambiguous: 县/镇 人民政府
    assert ("2026年", 5, "审理结果") in found
    assert ("2026年", 6, "审理结果") in found
    assert ("2026年", 7, "结案日期") in found  # before received
    assert ("2026年", 8, "复议案号") in found  # duplicate
    assert ("2026年", 9, "申请人姓名") in found
    assert ("2026年", 10, "受理日期") in found  # in the future
    assert ("2026年", 11, "领域") in found
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "可能是" in messages[(4, "被申请单位")]
    assert "适用于行政诉讼案件" in messages[(6, "审理结果")]
    assert "第 2 行" in messages[(8, "复议案号")]
    assert not Reconsideration.objects.exists() and not Applicant.objects.exists()
    assert not AuditEvent.objects.filter(event=Event.IMPORT).exists()


@time_machine.travel(NOW)
def test_a_missing_required_column_and_the_wrong_ledger_are_named(tree):
    lawsuit_headers = ["案号", "原告", "被告", "案由", "受理法院", "立案日期"]
    result = run(tree, "reconsideration", book([["（2026）浙0121行初1号"]], lawsuit_headers))
    messages = " ".join(e.message for e in result.errors)
    assert "缺少必填列" in messages and "看起来是行政诉讼台账" in messages
    assert ("台账", 1, "原告") in where(result)


def test_a_file_that_is_not_a_workbook_is_refused(tree):
    result = run(tree, "reconsideration", b"not a workbook")
    assert not result.ok and "不是有效的 .xlsx" in result.errors[0].message


@time_machine.travel(NOW)
def test_a_case_number_of_another_county_is_not_taken_over(tree):
    peer = tree["regions"]["peer"]
    peer_unit = UnitFactory(code="U-LX-GAJ", name="临溪县公安局", region=peer)
    recon(tree, case_number="示复〔2026〕1号", respondent=peer_unit,
          handling_unit=tree["units"]["peer_justice"])  # fmt: skip
    result = run(tree, "reconsideration", book([recon_row()], RECON_HEADERS))
    assert "本辖区以外" in result.errors[0].message


@time_machine.travel(NOW)
def test_a_region_without_its_government_cannot_take_reconsiderations(tree):
    result = import_ledger(
        kind="reconsideration",
        data=book([recon_row()], RECON_HEADERS),
        region=tree["regions"]["peer"],
        actor=None,
        dry_run=True,
    )
    assert any("人民政府" in e.message for e in result.errors)


# --- 行政诉讼 ---------------------------------------------------------------------------------


def lawsuit_row(number="（2026）浙0121行初1号", over=None):
    values = {
        "案号": number,
        "原告": "周某",
        "被告": "县公安局",
        "共同被告": "",
        "案由": "行政处罚",
        "受理法院": "示例县人民法院",
        "立案日期": "2026-03-02",
        "开庭日期": "2026/4/10",
        "负责人是否出庭": "是",
        "出庭负责人职务": "局长",
        "结案日期": "2026年5月6日",
        "裁判结果": "判决驳回原告诉讼请求",
        "前置复议案号": "",
        "原审案号": "",
    }
    values.update(over or {})
    return [values[h] for h in LAWSUIT_HEADERS]


@time_machine.travel(NOW)
def test_a_litigation_ledger_records_hearings_and_who_appeared(tree):
    ok(run(tree, "reconsideration", book([recon_row("示复〔2026〕5号")], RECON_HEADERS)))
    rows = [
        lawsuit_row(),
        lawsuit_row("（２０２６）浙０１２１行初２号", {"原告": "吴某、郑某", "出庭负责人职务": "副县长",
                    "裁判结果": "准予撤诉", "共同被告": "县人民政府", "前置复议案号": "示复〔2026〕5号"}),
        lawsuit_row("（2026）浙0121行初3号", {"开庭日期": "", "负责人是否出庭": "未开庭",
                    "出庭负责人职务": "", "裁判结果": "裁定驳回起诉"}),
        lawsuit_row("（2026）浙0121行初4号", {"负责人是否出庭": "否", "出庭负责人职务": "",
                    "结案日期": "", "裁判结果": ""}),
        lawsuit_row("（2026）浙01行终5号", {"原审案号": "（2026）浙0121行初1号", "开庭日期": "2026-05-20",
                    "受理法院": "示例县人民法院", "立案日期": "2026-05-15", "结案日期": "", "裁判结果": ""}),
    ]  # fmt: skip
    result = ok(run(tree, "litigation", book(rows, LAWSUIT_HEADERS)))
    assert result.created == 5
    first = Lawsuit.objects.get(case_number="（2026）浙0121行初1号")
    assert (first.status, first.outcome, first.lost, first.instance) == (
        LawsuitStatus.CLOSED, "reject_claim", False, "first",
    )  # fmt: skip
    assert (first.hearing_held, first.head_appeared, first.first_hearing_on) == (
        True, True, dt.date(2026, 4, 10),
    )  # fmt: skip
    second = Lawsuit.objects.get(case_number="（2026）浙0121行初2号")
    assert second.co_defendant == tree["units"]["government"]
    assert second.reconsideration.case_number == "示复〔2026〕5号"
    assert Hearing.objects.get(case=second).head_rank == "government_leader"
    assert list(second.plaintiffs.values_list("name", flat=True)) == ["吴某", "郑某"]
    third = Lawsuit.objects.get(case_number="（2026）浙0121行初3号")
    assert (third.hearing_held, third.outcome) == (False, "dismiss_suit")
    fourth = Lawsuit.objects.get(case_number="（2026）浙0121行初4号")
    assert (fourth.status, fourth.hearing_held, fourth.head_appeared) == (
        LawsuitStatus.TRIAL, True, False,
    )  # fmt: skip
    appeal = Lawsuit.objects.get(case_number="（2026）浙01行终5号")
    assert (appeal.instance, appeal.previous_instance) == ("second", first)
    assert Plaintiff.objects.count() == 6


@pytest.mark.parametrize(
    ("written", "outcome", "lost"),
    [
        ("撤诉", "withdrawn", False),
        ("准予撤诉", "withdrawn", False),
        ("原告撤诉", "withdrawn", False),
        ("判决驳回原告诉讼请求", "reject_claim", False),
        ("驳回诉讼请求", "reject_claim", False),
        ("判决履行法定职责", "perform", True),
        ("责令履行", "perform", True),
        ("判决确认违法", "confirm_illegal", True),
        ("撤销", "revoke", True),
        ("裁定驳回起诉", "dismiss_suit", False),
        ("调解", "mediated", False),
    ],
)
@time_machine.travel(NOW)
def test_lawsuit_outcome_wordings_map_to_the_enumeration(tree, written, outcome, lost):
    ok(run(tree, "litigation", book([lawsuit_row(over={"裁判结果": written})], LAWSUIT_HEADERS)))
    case = Lawsuit.objects.get()
    assert (case.outcome, case.lost) == (outcome, lost)


@time_machine.travel(NOW)
def test_litigation_errors_name_the_hearing_cells(tree):
    rows = [
        lawsuit_row("（2026）浙0121行初1号", {"出庭负责人职务": "科长"}),
        lawsuit_row("（2026）浙0121行初2号", {"负责人是否出庭": "未开庭"}),
        lawsuit_row("（2026）浙0121行初3号", {"开庭日期": "", "负责人是否出庭": "是"}),
        lawsuit_row("（2026）浙0121行初4号", {"出庭负责人职务": "保安队员甲"}),
        lawsuit_row("（2026）浙0121行初5号", {"受理法院": "示例县公安局"}),
        lawsuit_row("（2026）浙0121行初6号", {"前置复议案号": "示复〔2026〕99号"}),
        lawsuit_row("（2026）浙0121行初7号", {"裁判结果": "决定维持"}),
        lawsuit_row("（2026）浙0121行终8号", {"原审案号": "（2026）浙0121行初404号"}),
    ]
    result = run(tree, "litigation", book(rows, LAWSUIT_HEADERS))
    found = where(result)
    assert ("台账", 2, "出庭负责人职务") in found  # 科长 does not count as the 负责人
    assert ("台账", 3, "负责人是否出庭") in found
    assert ("台账", 4, "开庭日期") in found
    assert ("台账", 5, "出庭负责人职务") in found
    assert ("台账", 6, "受理法院") in found
    assert ("台账", 7, "前置复议案号") in found
    assert ("台账", 8, "裁判结果") in found
    assert ("台账", 9, "原审案号") in found
    assert not Lawsuit.objects.exists() and not Hearing.objects.exists()


@time_machine.travel(NOW)
def test_reimporting_a_litigation_ledger_keeps_one_hearing(tree):
    data = book([lawsuit_row()], LAWSUIT_HEADERS)
    ok(run(tree, "litigation", data))
    again = ok(run(tree, "litigation", data))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    changed = book([lawsuit_row(over={"出庭负责人职务": "副局长"})], LAWSUIT_HEADERS)
    assert ok(run(tree, "litigation", changed)).updated == 1
    hearing = Hearing.objects.get()
    assert (hearing.head_rank, hearing.counts) == ("deputy", True)


@time_machine.travel(NOW)
def test_the_court_may_be_above_the_county(tree):
    UnitFactory(code="U-ZY", name="示例市中级人民法院", kind=UnitKind.COURT,
                region=tree["regions"]["city"])  # fmt: skip
    row = lawsuit_row("（2026）浙01行终1号", {"受理法院": "市中级人民法院"})
    ok(run(tree, "litigation", book([row], LAWSUIT_HEADERS)))
    assert Lawsuit.objects.get().court.name == "示例市中级人民法院"


@time_machine.travel(NOW)
def test_amounts_and_half_width_conversion(tree):
    headers = [*RECON_HEADERS, "涉案金额"]
    ok(run(tree, "reconsideration", book([[*recon_row(), "1.2万元"]], headers)))
    assert Reconsideration.objects.get().amount == Decimal("12000.00")


@time_machine.travel(NOW)
def test_a_ledger_moves_a_stored_case_on_but_never_back(tree):
    suspended = recon(tree, case_number="示复〔2026〕1号", accepted_on=dt.date(2026, 3, 5),
                      status=ReconStatus.SUSPENDED)  # fmt: skip
    blank = recon_row(over={"结案日期": "", "审理结果": "", "申请人姓名": "张某某"})
    ok(run(tree, "reconsideration", book([blank], RECON_HEADERS)))
    suspended.refresh_from_db()
    assert suspended.status == ReconStatus.SUSPENDED  # a ledger does not undo a 中止
    received = recon(tree, case_number="示复〔2026〕2号")
    ok(run(tree, "reconsideration", book([recon_row("示复〔2026〕2号", {"申请人姓名": "张某某"})],
                                         RECON_HEADERS)))  # fmt: skip
    received.refresh_from_db()
    assert (received.status, received.outcome) == (ReconStatus.CLOSED, "uphold")


@time_machine.travel(NOW)
def test_a_stored_hearing_keeps_its_rank_when_the_position_is_the_same(tree):
    from fazhi.disputes.tests.factories import lawsuit

    hearing = {"held_on": dt.date(2026, 4, 10), "head_appeared": True, "head_rank": "in_charge",
               "head_name": "李某", "head_position": "副局长"}  # fmt: skip
    lawsuit(tree, case_number="（2026）浙0121行初1号", outcome="reject_claim",
            closed_on=dt.date(2026, 5, 6), hearings=[hearing])  # fmt: skip
    Plaintiff.objects.update(name="周某", id_number="")
    row = lawsuit_row(over={"出庭负责人职务": "副局长"})
    assert ok(run(tree, "litigation", book([row], LAWSUIT_HEADERS))).unchanged == 1
    assert Hearing.objects.get().head_rank == "in_charge"
