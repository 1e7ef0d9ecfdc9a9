"""The fact conventions of the samples README, on reports written for these tests."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fazhi.corpus.facts import extract_facts
from fazhi.corpus.outline import parse_outline
from fazhi.corpus.pipeline import extract_document
from fazhi.corpus.reading import Document
from fazhi.corpus.tests.fixtures import NO_FIGURES, YUNXI

HEAD = "云溪县2023年度法治政府建设情况报告\n一、主要举措和成效\n"


def facts_of(body: str, *, head: str = HEAD, year: int = 2023):
    text = head + body
    return extract_facts(text, year=year, headings=parse_outline(text, year)), text


def by_name(facts):
    return {f.indicator: f for f in facts}


def test_every_fact_points_at_its_exact_words_in_the_clean_text():
    facts, text = facts_of(YUNXI, head="")

    assert facts
    for fact in facts:
        assert text[fact.start : fact.end] == fact.text
        assert fact.start <= fact.value_start < fact.value_end <= fact.end


def test_canonical_names_apply_where_the_statement_measures_them():
    facts = by_name(facts_of(YUNXI, head="")[0])

    expected = {
        "重大行政决策事项数": Decimal(9),
        "重大行政决策目录化管理率": Decimal(100),
        "政府常务会议学法次数": Decimal(12),
        "合法性审查件数": Decimal(386),
        "规范性文件合法性审查数": Decimal(28),
        "规范性文件备案数": Decimal(26),
        "规范性文件备案审查率": Decimal(100),
        "行政复议收案数": Decimal(156),
        "行政复议审结数": Decimal(149),
        "行政复议纠错率": Decimal("8.72"),
        "行政复议调撤率": Decimal("41.6"),
        "行政诉讼收案数": Decimal(87),
        "行政诉讼败诉率": Decimal("4.6"),
        "行政诉讼调撤率": Decimal("35.63"),
        "行政机关负责人出庭应诉率": Decimal("98.5"),
        "复议诉讼收案比": Decimal("1.79"),
        "调解受理数": Decimal(5320),
        "调解成功率": Decimal("99.1"),
        "矛盾纠纷排查数": Decimal(6200),
        "矛盾纠纷化解数": Decimal(5980),
        "矛盾纠纷化解率": Decimal("96.45"),
        "首违不罚事项数": Decimal(135),
        "执法人员持证率": Decimal(96),
        "行政检查压减率": Decimal("32.4"),
    }
    assert {name: facts[name].value for name in expected} == expected
    assert all(facts[name].canonical for name in expected)


def test_context_decides_which_proceeding_a_bare_rate_belongs_to():
    facts = by_name(
        facts_of(
            "全县行政复议收案200件，审结190件，调撤率45.5%。一审行政诉讼收案90件，调撤率30%。"
        )[0]
    )

    assert facts["行政复议调撤率"].value == Decimal("45.5")
    assert facts["行政诉讼调撤率"].value == Decimal(30)


def test_a_subset_after_qizhong_keeps_its_own_name():
    facts = facts_of("调解成功率99.1%，其中疑难复杂纠纷412件、调解成功率97.3%。")[0]

    rates = [(f.indicator, f.value) for f in facts if f.unit == "%"]
    assert rates == [("调解成功率", Decimal("99.1")), ("疑难复杂纠纷调解成功率", Decimal("97.3"))]


def test_the_easy_confusions_stay_apart():
    facts = by_name(facts_of("行政复议调解率35%，诉前调解成功率61.2%，矛盾纠纷化解成功率98%。")[0])

    assert (
        "行政复议调撤率" not in facts
        and "调解成功率" not in facts
        and "矛盾纠纷化解率" not in facts
    )
    assert facts["诉前调解成功率"].canonical


def test_value_and_unit_as_written_with_a_normalised_pair():
    facts = by_name(
        facts_of(
            "普法覆盖5万人次，处置事件1.7万余起，罚没款3.54亿元，挽回损失8300余万元，补助资金500元。"
        )[0]
    )

    def pair(name):
        f = facts[name]
        return (f.value, f.unit, f.normalized_value, f.normalized_unit, f.approx)

    assert pair("普法覆盖人次") == (Decimal(5), "万人次", Decimal(50000), "人次", False)
    assert pair("处置事件数") == (Decimal("1.7"), "万起", Decimal(17000), "起", True)
    assert pair("罚没款") == (Decimal("3.54"), "亿元", Decimal(35400), "万元", False)
    assert pair("挽回损失") == (Decimal(8300), "万元", Decimal(8300), "万元", True)
    assert pair("补助资金") == (Decimal(500), "元", Decimal("0.05"), "万元", False)


@pytest.mark.parametrize(
    ("body", "value", "unit"),
    [
        ("组织培训40余次。", Decimal(40), "次"),
        ("惠及群众近2000人。", Decimal(2000), "人"),
        ("参训人员超3000人。", Decimal(3000), "人"),
        ("办结率达95%以上。", Decimal(95), "%"),
        ("参与群众超万人。", Decimal(10000), "人"),
    ],
)
def test_approximate_figures_are_marked(body, value, unit):
    fact = facts_of(body)[0][0]

    assert (fact.value, fact.unit, fact.approx) == (value, unit, True)


def test_thresholds_and_plans_are_targets_never_achieved_values():
    facts = facts_of("市考核指标败诉率5%以下，力保调撤率50%以上，行政诉讼败诉率3.1%。")[0]

    targets = {f.indicator: f.target for f in facts}
    assert targets["行政诉讼败诉率"] is False
    assert [f.target for f in facts if f.indicator != "行政诉讼败诉率"] == [True, True]
    assert all(f.indicator.endswith("目标") and not f.canonical for f in facts if f.target)


def test_everything_in_the_next_year_part_is_a_target():
    facts = facts_of(
        "正文。\n二、2024年工作安排\n全年开展合法性审查不少于300件，行政诉讼败诉率3%。"
    )[0]

    assert facts and all(f.target for f in facts)
    assert "行政诉讼败诉率目标" in {f.indicator for f in facts}


def test_year_on_year_changes_are_their_own_positive_facts():
    facts = facts_of(
        "诉前调解成功率达56.4%，同比上升6.1%。涉企警情同比下降26.9%。败诉率同比下降1.2个百分点。"
    )[0]

    changes = {f.indicator: (f.value, f.unit) for f in facts if "同比" in f.indicator}
    assert changes == {
        "诉前调解成功率同比增幅": (Decimal("6.1"), "%"),
        "涉企警情同比降幅": (Decimal("26.9"), "%"),
        "行政诉讼败诉率同比降幅": (Decimal("1.2"), "个百分点"),
    }


def test_respectively_gives_each_subject_its_figure():
    facts = facts_of("盗窃、电诈警情分别同比下降6.72%、12.8%。")[0]

    assert [(f.indicator, f.value) for f in facts] == [
        ("盗窃警情同比降幅", Decimal("6.72")),
        ("电诈警情同比降幅", Decimal("12.8")),
    ]


def test_a_figure_of_another_year_carries_that_year():
    facts = facts_of("行政败诉率从2019年27%降至2023年3.92%，平均办案时间从30日缩减至5个工作日。")[0]

    assert [(f.indicator, f.value, f.unit, f.year) for f in facts] == [
        ("2019年行政诉讼败诉率", Decimal(27), "%", 2019),
        ("行政诉讼败诉率", Decimal("3.92"), "%", 2023),
        ("原平均办案时间", Decimal(30), "日", 2023),
        ("平均办案时间", Decimal(5), "个工作日", 2023),
    ]
    assert facts[1].canonical and not facts[0].canonical


def test_ratios_are_bi_zhi():
    facts = facts_of("复议诉讼收案比为1.04:1。行政复议收案数与一审行政诉讼收案数比值3.05。")[0]

    assert [(f.indicator, f.value, f.unit) for f in facts] == [
        ("复议诉讼收案比", Decimal("1.04"), "比值"),
        ("复议诉讼收案比", Decimal("3.05"), "比值"),
    ]


def test_zero_written_in_words_is_zero():
    facts = by_name(
        facts_of("复议后败诉持续四年保持“零发生”。备案规范性文件13件，备案纠错率为零。")[0]
    )

    assert (facts["复议后败诉数"].value, facts["复议后败诉数"].unit) == (0, "件")
    assert (facts["规范性文件备案纠错率"].value, facts["规范性文件备案纠错率"].unit) == (0, "%")


def test_rankings_are_facts_only_at_a_stated_position():
    facts = facts_of(
        "行政诉讼调撤率达61.01%，调撤率居全市第一，民商事纠纷调诉比居全省前列，考评连续五年位居全省第二。"
    )[0]

    ranks = {f.indicator: f.value for f in facts if f.unit == "名"}
    assert ranks == {"行政诉讼调撤率全市排名": 1, "考评全省排名": 2}
    assert by_name(facts)["考评连续年数"].value == 5


def test_counts_before_their_noun_name_the_noun():
    facts = by_name(facts_of("对576家企业进行法治体检，126个高频民生事项直达基层。")[0])

    assert facts["企业法治体检数"].value == 576
    assert facts["高频民生事项数"].text == "126个高频民生事项"


@pytest.mark.parametrize(
    "body",
    [
        "2023年1月26日召开第19次常务会议。",
        "实施“1+1+6”模式和“八八战略”，获评2023年度先进。",
        "出台《2023年法治建设重点工作10条》。",
        "实施6大行动和10项重点措施。",
        "1个项目入选全省最佳实践，2件案例获评典型案例。",
        "全市市场主体总量达12.7万户，地区生产总值增长6.1%。",
        "全国行政复议新收案件74.96万件。",
        "正负5分的加扣分模式，打造5A景区，政务服务2.0版。",
    ],
)
def test_dates_ordinals_names_structures_awards_and_context_are_not_facts(body):
    assert facts_of(body)[0] == []


def test_full_width_digits_and_punctuation_are_read():
    facts = by_name(facts_of("全年新收行政复议案件１２３件，纠错率１２．５％。")[0])

    assert facts["行政复议收案数"].value == 123
    assert facts["行政复议纠错率"].value == Decimal("12.5")


def test_a_report_opening_with_no_figures_yields_none():
    facts = extract_document(Document(text=NO_FIGURES, kind="txt")).facts

    assert facts == []


def test_a_figure_since_an_event_is_not_the_years_value():
    facts = facts_of("自承接试点以来，全县行政诉讼保持败诉零发生。")[0]

    assert [f.canonical for f in facts] == [False]
    assert facts[0].indicator.startswith("自承接试点以来")


@pytest.mark.parametrize(
    ("body", "name", "value"),
    [
        ("办结行政复议案件287件，直接纠错31件。", "行政复议纠错数", Decimal(31)),
        (
            "全年共受理行政复议申请325件，审结287件，综合纠错率为10.8%。",
            "行政复议纠错率",
            Decimal("10.8"),
        ),
        ("发生一审行政诉讼案件103件，审结98件。", "行政诉讼收案数", Decimal(103)),
        ("一审行政案件败诉率为5.26%，较上年下降2.1个百分点。", "行政诉讼败诉率", Decimal("5.26")),
        ("行政诉讼案件一审败诉率为3%。", "行政诉讼败诉率", Decimal(3)),
        ("对45件规范性文件进行合法性审查。", "规范性文件合法性审查数", Decimal(45)),
        ("年度重大行政决策事项目录共7项。", "重大行政决策事项数", Decimal(7)),
        ("行政复议案件平均办理天数为38天。", "行政复议平均办案天数", Decimal(38)),
        ("我县行政复议案件数量与行政诉讼案件数量之比为2.3:1。", "复议诉讼收案比", Decimal("2.3")),
        ("复议后起诉率为8.5%，政府常务会议会前学法6次。", "复议后起诉率", Decimal("8.5")),
    ],
)
def test_other_phrasings_of_the_canonical_figures(body, name, value):
    facts = by_name(facts_of(body)[0])

    assert facts[name].value == value and facts[name].canonical


def test_a_provincial_figure_in_a_county_report_is_context_not_the_countys():
    facts = facts_of("全省行政复议收案3.2万件，我县收案256件。")[0]

    assert [(f.indicator, f.value, f.canonical) for f in facts] == [
        ("全省行政复议收案数", Decimal("3.2"), False),
        ("行政复议收案数", Decimal(256), True),
    ]


def test_a_province_reports_its_own_province_wide_figures():
    text = HEAD + "全省行政复议收案3.2万件。"

    facts = extract_facts(text, year=2023, headings=parse_outline(text, 2023), province=True)

    assert [(f.indicator, f.canonical) for f in facts] == [("行政复议收案数", True)]


def test_a_year_opening_a_clause_is_that_figures_year():
    facts = facts_of("2022年全县行政诉讼败诉率为6.3%，2023年降至4.1%。")[0]

    assert [(f.indicator, f.value, f.year) for f in facts] == [
        ("2022年行政诉讼败诉率", Decimal("6.3"), 2022),
        ("行政诉讼败诉率", Decimal("4.1"), 2023),
    ]
