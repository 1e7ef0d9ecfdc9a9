"""The dispute figures page on a small hand-made county: every indicator and 统计口径 equals the
figure worked out by hand below, 同比 included; each number lists exactly its cases; scoping.

Today is 2026-11-20, so "2026" is 1 January to 20 November 2026 and 同比 compares it with
1 January to 20 November 2025 (Period.year_to_date).

复议 (被申请人; received → accepted → closed, outcome, 办案天数 = closed − accepted):
  R1 公安 2026-02-02 → 02-04 → 03-20 撤销          44   纠错
  R2 公安 2026-03-02 → 03-03 → 04-10 维持          38
  R3 公安 2026-04-01 → 04-02 → 05-15 调解          43   调撤
  R4 青石 2026-05-06 → 05-07 → 06-30 确认违法      54   纠错
  R5 青石 2026-06-01 →   —   → 06-05 不予受理       —   not 审结
  R6 公安 2026-07-01 → 07-02 → 07-20 撤回          18   调撤
  R7 公安 2026-09-01 → 09-02 → (open)
  R8 公安 2026-08-03 →   —   → 08-05 撤回（立案前化解） not 审结
  C1 公安 2025-11-03 → 11-04 → 2026-01-10 维持     67   (received 2025, 审结 2026)
  P1 公安 2025-03-03 → 03-04 → 2025-04-30 撤销     57
  P2 公安 2025-05-05 → 05-06 → 2025-06-30 维持     55
  P3 青石 2025-06-02 → 06-03 → 2025-07-15 撤销     42
  P4 公安 2025-12-01 → 12-02 → 2025-12-20 撤销          after 20 Nov: outside 2025's span
  X  临溪县司法局 2026-03-02 撤销                        another county
诉讼 (一审 unless told; hearings: 通知 = court asked the head, 出庭 = a qualifying head appeared):
  L1 公安 + 县政府 (复议维持共同被告, after R2) filed 02-10, heard 04-01 出庭, closed 05-10 撤销 (败诉)
  L2 公安 filed 03-10, heard 04-15 通知, only staff appeared, closed 06-01 驳回诉讼请求
  L3 青石 filed 04-10, no hearing, closed 05-20 撤诉
  L4 青石 filed 05-12, heard 06-20 通知 + 出庭 (副职), closed 08-01 裁定驳回起诉
  L5 公安 filed 07-01 after C1, open
  L6 公安 二审 filed 06-15, heard 07-10 通知 + 出庭, closed 08-20 驳回诉讼请求
  Q1 公安 2025: filed 04-01, heard 05-10 出庭, closed 06-10 驳回诉讼请求
  Q2 青石 2025: filed 06-01, heard 07-01 not appeared, closed 08-01 确认违法 (败诉)
  Y  临溪县司法局 2026 filed 03-01 closed 05-01 撤销: another county
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from fazhi.disputes.enums import HeadRank, Instance
from fazhi.disputes.enums import LawsuitOutcome as LO  # noqa: N817
from fazhi.disputes.enums import ReconOutcome as RO  # noqa: N817
from fazhi.disputes.tests.factories import lawsuit, recon
from fazhi.indicators import engine, registry
from fazhi.indicators import figures as shown_figures
from fazhi.indicators.models import Colour, Target, TargetLevel
from fazhi.indicators.periods import Period
from fazhi.indicators.scopes import Scope

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 4, tzinfo=dt.UTC)  # 12:00 in Beijing
D = dt.date


def _closed_recon(tree, number, unit, received, accepted, closed, outcome, **extra):
    return recon(
        tree,
        case_number=number,
        respondent=tree["units"][unit],
        received_on=received,
        accepted_on=accepted,
        closed_on=closed,
        outcome=outcome,
        **extra,
    )


def _hearing(day, *, requested=False, appeared=False, rank=""):
    return {
        "held_on": day,
        "head_requested": requested,
        "head_appeared": appeared,
        "head_rank": rank,
    }


@pytest.fixture
def county(tree):
    u = tree["units"]
    cases = {
        "R1": _closed_recon(
            tree, "R1", "police", D(2026, 2, 2), D(2026, 2, 4), D(2026, 3, 20), RO.REVOKE
        ),
        "R2": _closed_recon(
            tree, "R2", "police", D(2026, 3, 2), D(2026, 3, 3), D(2026, 4, 10), RO.UPHOLD
        ),
        "R3": _closed_recon(
            tree, "R3", "police", D(2026, 4, 1), D(2026, 4, 2), D(2026, 5, 15), RO.MEDIATED
        ),
        "R4": _closed_recon(
            tree, "R4", "qingshi", D(2026, 5, 6), D(2026, 5, 7), D(2026, 6, 30), RO.CONFIRM_ILLEGAL
        ),
        "R5": _closed_recon(
            tree, "R5", "qingshi", D(2026, 6, 1), None, D(2026, 6, 5), RO.NOT_ACCEPTED
        ),
        "R6": _closed_recon(
            tree, "R6", "police", D(2026, 7, 1), D(2026, 7, 2), D(2026, 7, 20), RO.WITHDRAWN
        ),
        "R7": recon(tree, case_number="R7", received_on=D(2026, 9, 1), accepted_on=D(2026, 9, 2)),
        "R8": _closed_recon(
            tree,
            "R8",
            "police",
            D(2026, 8, 3),
            None,
            D(2026, 8, 5),
            RO.WITHDRAWN,
            pre_filing_resolved=True,
        ),
        "C1": _closed_recon(
            tree, "C1", "police", D(2025, 11, 3), D(2025, 11, 4), D(2026, 1, 10), RO.UPHOLD
        ),
        "P1": _closed_recon(
            tree, "P1", "police", D(2025, 3, 3), D(2025, 3, 4), D(2025, 4, 30), RO.REVOKE
        ),
        "P2": _closed_recon(
            tree, "P2", "police", D(2025, 5, 5), D(2025, 5, 6), D(2025, 6, 30), RO.UPHOLD
        ),
        "P3": _closed_recon(
            tree, "P3", "qingshi", D(2025, 6, 2), D(2025, 6, 3), D(2025, 7, 15), RO.REVOKE
        ),
        "P4": _closed_recon(
            tree, "P4", "police", D(2025, 12, 1), D(2025, 12, 2), D(2025, 12, 20), RO.REVOKE
        ),
        "X": _closed_recon(
            tree,
            "X",
            "peer_justice",
            D(2026, 3, 2),
            D(2026, 3, 3),
            D(2026, 4, 1),
            RO.REVOKE,
            organ=u["peer_justice"],
            handling_unit=u["peer_justice"],
        ),
    }
    appeared = {"appeared": True, "rank": HeadRank.PRINCIPAL}
    cases |= {
        "L1": lawsuit(
            tree,
            case_number="L1",
            co_defendant=u["government"],
            reconsideration=cases["R2"],
            filed_on=D(2026, 2, 10),
            closed_on=D(2026, 5, 10),
            outcome=LO.REVOKE,
            hearings=[_hearing(D(2026, 4, 1), **appeared)],
        ),
        "L2": lawsuit(
            tree,
            case_number="L2",
            filed_on=D(2026, 3, 10),
            closed_on=D(2026, 6, 1),
            outcome=LO.REJECT_CLAIM,
            hearings=[_hearing(D(2026, 4, 15), requested=True, appeared=True, rank=HeadRank.STAFF)],
        ),
        "L3": lawsuit(
            tree,
            case_number="L3",
            defendant=u["qingshi"],
            filed_on=D(2026, 4, 10),
            closed_on=D(2026, 5, 20),
            outcome=LO.WITHDRAWN,
        ),
        "L4": lawsuit(
            tree,
            case_number="L4",
            defendant=u["qingshi"],
            filed_on=D(2026, 5, 12),
            closed_on=D(2026, 8, 1),
            outcome=LO.DISMISS_SUIT,
            hearings=[
                _hearing(D(2026, 6, 20), requested=True, appeared=True, rank=HeadRank.DEPUTY)
            ],
        ),
        "L5": lawsuit(tree, case_number="L5", filed_on=D(2026, 7, 1), reconsideration=cases["C1"]),
        "L6": lawsuit(
            tree,
            case_number="L6",
            instance=Instance.SECOND,
            filed_on=D(2026, 6, 15),
            closed_on=D(2026, 8, 20),
            outcome=LO.REJECT_CLAIM,
            hearings=[_hearing(D(2026, 7, 10), requested=True, **appeared)],
        ),
        "Q1": lawsuit(
            tree,
            case_number="Q1",
            filed_on=D(2025, 4, 1),
            closed_on=D(2025, 6, 10),
            outcome=LO.REJECT_CLAIM,
            hearings=[_hearing(D(2025, 5, 10), **appeared)],
        ),
        "Q2": lawsuit(
            tree,
            case_number="Q2",
            defendant=u["qingshi"],
            filed_on=D(2025, 6, 1),
            closed_on=D(2025, 8, 1),
            outcome=LO.CONFIRM_ILLEGAL,
            hearings=[_hearing(D(2025, 7, 1))],
        ),
        "Y": lawsuit(
            tree,
            case_number="Y",
            defendant=u["peer_justice"],
            filed_on=D(2026, 3, 1),
            closed_on=D(2026, 5, 1),
            outcome=LO.REVOKE,
        ),
    }
    return cases


# (value, numerator, denominator, previous value, change) for 示例县, 2026 to date, by hand.
N = None
COUNTY = {
    # 复议 received in the span: R1–R8 (8); 2025: P1, P2, P3, C1 (4).
    "disputes.reconsideration_received": ("8", 8, N, "4", "4"),
    # 审结: R1 R2 R3 R4 R6 C1 (6); 2025: P1 P2 P3 (3).
    "disputes.reconsideration_concluded": ("6", 6, N, "3", "3"),
    # 纠错: R1 R4 (2); 2025: P1 P3 (2).
    "disputes.reconsideration_corrected": ("2", 2, N, "2", "0"),
    # 2 ÷ 6 = 33.33%; 2025: 2 ÷ 3 = 66.67%; 33.33 − 66.67 = −33.34 个百分点.
    "disputes.reconsideration_correction_rate": ("33.33", 2, 6, "66.67", "-33.34"),
    # 调撤 R3 R6: 2 ÷ 6; 2025: 0 ÷ 3.
    "disputes.reconsideration_mediation_rate": ("33.33", 2, 6, "0.00", "33.33"),
    # 8 ÷ 5 (一审 L1–L5); 2025: 4 ÷ 2.
    "disputes.reconsideration_litigation_ratio": ("1.60", 8, 5, "2.00", "-0.40"),
    # (44 + 38 + 43 + 54 + 18 + 67) ÷ 6 = 264 ÷ 6; 2025: (57 + 55 + 42) ÷ 3 = 51.33.
    "disputes.reconsideration_average_days": ("44.0", 264, 6, "51.3", "-7.3"),
    # 一审 filed: L1–L5 (L1 counted once for 公安 and 县政府); 2025: Q1 Q2.
    "disputes.litigation_received": ("5", 5, N, "2", "3"),
    # 一审 closed: L1 L2 L3 L4; 2025: Q1 Q2.
    "disputes.litigation_first_closed": ("4", 4, N, "2", "2"),
    "disputes.litigation_lost": ("1", 1, N, "1", "0"),
    # L1 ÷ 4; 2025: Q2 ÷ 2.
    "disputes.litigation_loss_rate": ("25.00", 1, 4, "50.00", "-25.00"),
    # 撤诉 L3 ÷ 4; 2025: 0 ÷ 2.
    "disputes.litigation_mediation_rate": ("25.00", 1, 4, "0.00", "25.00"),
    # Heard (all instances): L1 L2 L4 L6; a qualifying head: L1 L4 L6; 2025: Q1 of Q1 Q2.
    "disputes.head_appearance_rate": ("75.00", 3, 4, "50.00", "25.00"),
    # 一审 after 复议: L1 L5 ÷ 审结 6; 2025: 0 ÷ 3.
    "disputes.suit_after_reconsideration_rate": ("33.33", 2, 6, "0.00", "33.33"),
    # L1 (after R2, 败诉); 2025: none lost of the 一审 concluded (Q1 Q2), so 0 (its base).
    "disputes.loss_after_reconsideration": ("1", 1, N, "0", "1"),
}
VARIANTS = {
    # 纠错 ÷ 以决定结案 R1 R2 R4 C1; 2025: 2 ÷ P1 P2 P3.
    ("disputes.reconsideration_correction_rate", "over_decided"): (
        "50.00",
        2,
        4,
        "66.67",
        "-16.67",
    ),
    # 纠错 ÷ 收案; 2025: 2 ÷ 4.
    ("disputes.reconsideration_correction_rate", "over_received"): (
        "25.00",
        2,
        8,
        "50.00",
        "-25.00",
    ),
    ("disputes.reconsideration_mediation_rate", "over_received"): ("25.00", 2, 8, "0.00", "25.00"),
    # L1–L6; 2025: Q1 Q2.
    ("disputes.litigation_received", "all_instances"): ("6", 6, N, "2", "4"),
    # 败诉 ÷ 判决结案 L1 L2; 2025: Q2 ÷ Q1 Q2.
    ("disputes.litigation_loss_rate", "judgments_only"): ("50.00", 1, 2, "50.00", "0.00"),
    # Court asked: L2 L4 L6, of which a head appeared: L4 L6; 2025: none asked.
    ("disputes.head_appearance_rate", "over_requested"): ("66.67", 2, 3, N, N),
}


def _as_tuple(result):
    def text(value):
        return None if value is None else str(value)

    return (
        text(result.value),
        result.numerator,
        result.denominator,
        text(result.previous_value),
        text(result.change),
    )


def _figures_page(client, **params):
    response = client.get(reverse("disputes:figures"), params)
    assert response.status_code == 200
    return response


@time_machine.travel(NOW, tick=False)
def test_every_indicator_on_the_page_equals_the_figure_worked_out_by_hand(
    client, county_admin, county
):
    client.force_login(county_admin)
    response = _figures_page(client)
    shown = {f.indicator.code: _as_tuple(f.result) for f in response.context["figures"]}
    assert set(shown) == set(COUNTY)
    assert len(COUNTY) == 15
    for code, expected in COUNTY.items():
        assert shown[code] == expected, code
    assert response.context["choice"].scope.label == "示例县"


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("code", "variant"), list(VARIANTS))
def test_each_caliber_chosen_on_the_page_equals_the_figure_worked_out_by_hand(
    client, county_admin, county, code, variant
):
    client.force_login(county_admin)
    param = "v_" + code.removeprefix("disputes.")
    response = _figures_page(client, **{param: variant})
    figures = {f.indicator.code: f for f in response.context["figures"]}
    assert figures[code].result.variant.key == variant
    assert _as_tuple(figures[code].result) == VARIANTS[(code, variant)]
    # The chosen definition is stated, and the other indicators keep their default.
    assert figures[code].result.definition in response.content.decode()
    others = [f for c, f in figures.items() if c != code]
    assert all(f.result.variant is None for f in others)


@time_machine.travel(NOW, tick=False)
def test_the_page_states_the_default_caliber_and_that_practice_differs(
    client, county_admin, county
):
    client.force_login(county_admin)
    page = _figures_page(client).content.decode()
    assert "默认口径的定义：纠错决定数 ÷ 审结案件数 × 100%（默认口径：分母为全部审结案件）" in page
    assert "以决定结案为分母（全国口径）" in page
    assert "并不统一" in page
    assert "RULES.md §4、§5" in page


@time_machine.travel(NOW, tick=False)
def test_change_is_in_percentage_points_for_rates_and_in_cases_for_counts(
    client, county_admin, county
):
    client.force_login(county_admin)
    response = _figures_page(client)
    by_code = {f.indicator.code: f for f in response.context["figures"]}
    assert by_code["disputes.reconsideration_correction_rate"].change == "-33.34 个百分点"
    assert by_code["disputes.reconsideration_received"].change == "+4 件"
    assert by_code["disputes.reconsideration_litigation_ratio"].change == "-0.40"
    # Lower 败诉率 than last year is better; a lower 纠错率 is neither.
    assert by_code["disputes.litigation_loss_rate"].change_tone == "better"
    assert by_code["disputes.reconsideration_correction_rate"].change_tone == ""
    assert by_code["disputes.litigation_loss_rate"].target == "≤5%"
    assert by_code["disputes.litigation_loss_rate"].meets_target is False


@time_machine.travel(NOW, tick=False)
def test_a_past_year_is_counted_whole_and_compared_with_the_year_before(
    client, county_admin, county
):
    client.force_login(county_admin)
    response = _figures_page(client, year="2025")
    by_code = {f.indicator.code: f.result for f in response.context["figures"]}
    # 2025 whole: P1 P2 P3 C1 P4 received; P1 P2 P3 P4 审结, 纠错 P1 P3 P4; 2024 had none.
    assert by_code["disputes.reconsideration_received"].numerator == 5
    assert by_code["disputes.reconsideration_correction_rate"].value == Decimal("75.00")
    assert by_code["disputes.reconsideration_correction_rate"].previous_value is None
    assert response.context["choice"].period == Period.year(2025)


# (收案, 纠错率, 复议调撤率, 诉讼收案, 败诉率, 诉讼调撤率, 出庭率) with 同比, per unit, by hand.
UNITS = {
    # 公安: R1 R2 R3 R6 R7 R8 (6; 2025: P1 P2 C1); 审结 R1 R2 R3 R6 C1, 纠错 R1, 调撤 R3 R6
    # (2025: 审结 P1 P2, 纠错 P1); 诉讼 L1 L2 L5 (2025: Q1); closed L1 L2, 败诉 L1; heard
    # L1 L2 L6, 出庭 L1 L6 (2025: Q1 of Q1).
    "U-GAJ": [
        ("6", "3"),
        ("20.00", "-30.00"),
        ("40.00", "40.00"),
        ("3", "2"),
        ("50.00", "50.00"),
        ("0.00", "0.00"),
        ("66.67", "-33.33"),
    ],
    # 青石镇: R4 R5 (2025: P3); 审结 R4 纠错 (2025: P3 纠错); 诉讼 L3 L4 (2025: Q2), closed
    # L3 L4, no 败诉, 撤诉 L3 (2025: Q2 败诉); heard L4 出庭 (2025: Q2 not).
    "U-QS": [
        ("2", "1"),
        ("100.00", "0.00"),
        ("0.00", "0.00"),
        ("2", "1"),
        ("0.00", "-100.00"),
        ("50.00", "50.00"),
        ("100.00", "100.00"),
    ],
    # 县政府: only as L1's 复议维持共同被告.
    "U-GOV": [
        (None, None),
        (None, None),
        (None, None),
        ("1", None),
        ("100.00", None),
        ("0.00", None),
        ("100.00", None),
    ],
}


@time_machine.travel(NOW, tick=False)
def test_the_units_table_shows_each_units_key_figures_with_change(client, county_admin, county):
    client.force_login(county_admin)
    response = _figures_page(client)
    rows = {row.unit.code: row for row in response.context["unit_rows"]}
    assert set(rows) == set(UNITS)  # 被申请人/被告 with cases; not 司法局, 法院 or 临溪县
    for code, expected in UNITS.items():
        got = [
            (
                None if f.result.value is None else str(f.result.value),
                None if f.result.change is None else str(f.result.change),
            )
            for f in rows[code].cells
        ]
        assert got == expected, code


@time_machine.travel(NOW, tick=False)
def test_the_engine_and_the_unit_scope_agree_with_the_units_table(client, county_admin, county):
    client.force_login(county_admin)
    response = _figures_page(client, scope="unit:U-GAJ")
    by_code = {f.indicator.code: f.result for f in response.context["figures"]}
    assert str(by_code["disputes.reconsideration_correction_rate"].value) == "20.00"
    assert response.context["unit_rows"] == []  # one unit: no units table
    indicator = registry.get("disputes.head_appearance_rate")
    result = engine.evaluate(
        indicator, Scope.of_unit(county["L1"].defendant), Period.year_to_date(2026)
    )
    assert (result.numerator, result.denominator) == (2, 3)


def _records(client, **params):
    response = client.get(reverse("disputes:figure-records"), params)
    assert response.status_code == 200, response.status_code
    return response


def _numbers(response):
    return sorted(case.case_number for case, _url in response.context["rows"])


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("code", "part", "variant", "expected"),
    [
        ("disputes.reconsideration_correction_rate", "numerator", "", ["R1", "R4"]),
        (
            "disputes.reconsideration_correction_rate",
            "denominator",
            "",
            ["C1", "R1", "R2", "R3", "R4", "R6"],
        ),
        (
            "disputes.reconsideration_correction_rate",
            "denominator",
            "over_decided",
            ["C1", "R1", "R2", "R4"],
        ),
        (
            "disputes.reconsideration_received",
            "numerator",
            "",
            ["R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8"],
        ),
        ("disputes.head_appearance_rate", "numerator", "", ["L1", "L4", "L6"]),
        ("disputes.head_appearance_rate", "denominator", "over_requested", ["L2", "L4", "L6"]),
        ("disputes.litigation_received", "numerator", "", ["L1", "L2", "L3", "L4", "L5"]),
        ("disputes.loss_after_reconsideration", "numerator", "", ["L1"]),
        (
            "disputes.reconsideration_average_days",
            "numerator",
            "",
            ["C1", "R1", "R2", "R3", "R4", "R6"],
        ),
    ],
)
def test_the_records_page_lists_exactly_the_cases_behind_a_number(
    client, county_admin, county, code, part, variant, expected
):
    client.force_login(county_admin)
    params = {"code": code, "part": part}
    if variant:
        params["variant"] = variant
    response = _records(client, **params)
    assert _numbers(response) == expected
    assert response.context["page_obj"].paginator.count == len(expected)
    page = response.content.decode()
    for _case, url in response.context["rows"]:
        assert f'href="{url}"' in page


@time_machine.travel(NOW, tick=False)
def test_every_number_on_the_page_links_to_its_records(client, county_admin, county):
    client.force_login(county_admin)
    response = _figures_page(client)
    figure = next(
        f
        for f in response.context["figures"]
        if f.indicator.code == "disputes.litigation_loss_rate"
    )
    assert _numbers(client.get(figure.numerator_url)) == ["L1"]
    assert _numbers(client.get(figure.denominator_url)) == ["L1", "L2", "L3", "L4"]
    row = next(r for r in response.context["unit_rows"] if r.unit.code == "U-QS")
    assert _numbers(client.get(row.cells[0].numerator_url)) == ["R4", "R5"]


@time_machine.travel(NOW, tick=False)
def test_a_township_clerk_sees_only_its_own_units_figures_and_cases(client, township_clerk, county):
    client.force_login(township_clerk)
    response = _figures_page(client)
    assert response.context["choice"].scope.label == "青石镇人民政府"
    by_code = {f.indicator.code: f.result for f in response.context["figures"]}
    assert by_code["disputes.reconsideration_received"].numerator == 2
    assert by_code["disputes.litigation_received"].numerator == 2
    records = _records(client, code="disputes.reconsideration_received")
    assert _numbers(records) == ["R4", "R5"]
    for scope in ("region:990121000000", "unit:U-GAJ", "region:990121100000"):
        assert client.get(reverse("disputes:figures"), {"scope": scope}).status_code == 404
        records_url = reverse("disputes:figure-records")
        params = {"scope": scope, "code": "disputes.reconsideration_received"}
        assert client.get(records_url, params).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_an_outsider_gets_404_for_the_countys_figures_and_sees_only_its_own(
    client, outsider, county
):
    client.force_login(outsider)
    assert (
        client.get(reverse("disputes:figures"), {"scope": "region:990121000000"}).status_code == 404
    )
    assert client.get(reverse("disputes:figures"), {"scope": "unit:U-GAJ"}).status_code == 404
    response = _figures_page(client)
    by_code = {f.indicator.code: f.result for f in response.context["figures"]}
    assert response.context["choice"].scope.label == "临溪县"
    assert by_code["disputes.reconsideration_received"].numerator == 1  # X only
    assert _numbers(_records(client, code="disputes.reconsideration_received")) == ["X"]


@time_machine.travel(NOW, tick=False)
def test_a_county_admin_may_choose_a_township_region_or_a_unit(client, county_admin, county):
    client.force_login(county_admin)
    response = _figures_page(client, scope="region:990121100000")
    by_code = {f.indicator.code: f.result for f in response.context["figures"]}
    assert response.context["choice"].scope.label == "青石镇"
    assert by_code["disputes.reconsideration_received"].numerator == 2
    options = dict(response.context["scope_options"])
    assert {"region:990121000000", "region:990121100000", "unit:U-GAJ", "unit:U-QS"} <= set(options)


@time_machine.travel(NOW, tick=False)
def test_bad_parameters_give_a_chinese_note_or_404_never_an_error(client, county_admin, county):
    client.force_login(county_admin)
    response = _figures_page(client, year="2030", v_reconsideration_correction_rate="nonsense")
    assert "年度超出范围" in response.context["error"]
    assert response.context["choice"].year == 2026
    assert response.context["choice"].variants == {}
    records = reverse("disputes:figure-records")
    for params in (
        {"code": "review.nothing"},
        {"code": "disputes.litigation_received", "part": "denominator"},
        {"code": "disputes.litigation_loss_rate", "variant": "nonsense"},
        {"code": "disputes.litigation_loss_rate", "part": "total"},
    ):
        assert client.get(records, params).status_code == 404, params


@time_machine.travel(NOW, tick=False)
def test_the_monthly_trend_counts_each_month_and_the_same_month_last_year(
    client, county_admin, county
):
    client.force_login(county_admin)
    trend = _figures_page(client).context["trend"]
    assert trend["months"][0] == "1月" and len(trend["months"]) == 11
    recon_now, recon_before, suits_now, _suits_before = trend["series"]
    assert recon_now["data"] == [0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]
    assert sum(recon_now["data"]) == 8
    assert recon_before["data"][10] == 1  # C1, 3 November 2025
    assert suits_now["data"][:7] == [0, 1, 1, 1, 1, 0, 1]
    page = _figures_page(client).content.decode()
    assert 'id="fz-disputes-trend-data"' in page and "disputes_figures.js" in page


@time_machine.travel(NOW, tick=False)
def test_the_records_page_is_paginated_and_keeps_the_figure_in_its_links(
    client, county_admin, tree
):
    for day in range(55):
        recon(tree, case_number=f"M{day:02d}", received_on=D(2026, 1, 1) + dt.timedelta(days=day))
    client.force_login(county_admin)
    params = {"code": "disputes.reconsideration_received", "year": "2026"}
    first = _records(client, **params)
    assert len(first.context["rows"]) == 50
    assert (
        "code=disputes.reconsideration_received&amp;year=2026&amp;page=2" in first.content.decode()
    )
    second = _records(client, page="2", **params)
    assert _numbers(second) == ["M00", "M01", "M02", "M03", "M04"]  # the earliest, last


def test_a_unit_that_concluded_lawsuits_and_lost_none_has_0_losses_not_no_data(tree, county):
    lost, after = "disputes.litigation_lost", "disputes.loss_after_reconsideration"
    Target.objects.create(
        region=tree["regions"]["county"], indicator_code=after, year=2026,
        level=TargetLevel.TOWNSHIP, green_at=Decimal(0),
    )  # fmt: skip
    qingshi, justice = (
        Scope.of_unit(tree["units"]["qingshi"]),
        Scope.of_unit(tree["units"]["justice"]),
    )

    # 青石镇 2026: L3 L4 concluded, none lost (2025: Q2 lost, not after 复议).
    found = {c: engine.evaluate(registry.get(c), qingshi, Period.year(2026)) for c in (lost, after)}
    assert _as_tuple(found[lost]) == ("0", 0, N, "1", "-1")
    assert _as_tuple(found[after]) == ("0", 0, N, "0", "0")
    assert not engine.records_behind(registry.get(after), qingshi, Period.year(2026)).exists()
    shown = shown_figures.figure(after, qingshi, Period.year(2026))
    assert (shown.status, shown.value_text, shown.colour) == ("ok", "0 件", Colour.GREEN)
    # 司法局 is no party to any lawsuit: nothing to count, so no figure.
    assert shown_figures.figure(after, justice, Period.year(2026)).value_text == "无数据"
