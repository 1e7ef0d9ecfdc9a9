"""The heading tree as the report numbers it, and the five statutory parts (RULES.md §1.1)."""

from __future__ import annotations

from fazhi.corpus.outline import classify_heading, missing_parts, parse_outline
from fazhi.corpus.tests.fixtures import NO_FIGURES, YUNXI


def _tree(text, year=2023):
    return [(h.level, h.number, h.heading) for h in parse_outline(text, year)]


def test_the_outline_follows_the_reports_own_numbering():
    tree = _tree(YUNXI)

    assert tree[:4] == [
        (1, "一、", "2023年推进法治政府建设的主要举措和成效"),
        (2, "（一）", "依法行政制度体系不断健全"),
        (3, "1．", "全年作出重大行政决策9项，重大行政决策目录化管理率100%"),
        (
            3,
            "2．",
            "开展合法性审查386件，审查行政规范性文件28件、备案26件，规范性文件备案审查率100%",
        ),
    ]
    assert (1, "二、", "存在的不足和原因") in tree
    assert (2, "一是", "基层法治力量薄弱") in tree and (2, "二是", "执法监督手段较少") in tree


def test_a_report_that_starts_at_the_second_style_has_it_on_level_one():
    text = "某县报告\n（一）加强党的领导。正文。\n1.健全制度。正文。\n（二）推进依法行政。正文。"

    assert _tree(text) == [
        (1, "（一）", "加强党的领导"),
        (2, "1.", "健全制度"),
        (1, "（二）", "推进依法行政"),
    ]


def test_a_single_yi_shi_is_no_run_and_no_heading():
    assert _tree("某县报告\n这是唯一是非标准，一是不成对的。") == []


def test_section_ends_reach_the_next_heading_on_the_same_or_a_higher_level():
    headings = parse_outline(YUNXI, 2023)
    first, second_top = headings[0], next(h for h in headings if h.number == "二、")

    assert first.end == second_top.start
    assert YUNXI[first.start : first.start + 2] == "一、"


def test_each_top_level_heading_gets_the_statutory_part_it_covers():
    parts = [(h.number, h.statutory_part) for h in parse_outline(YUNXI, 2023) if h.level == 1]

    assert parts == [("一、", 1), ("二、", 2), ("三、", 3), ("四、", 4), ("五、", 5)]


def test_a_later_year_in_a_heading_is_next_years_plan():
    assert classify_heading("2022年主要工作任务", 2021) == [4]
    assert classify_heading("2024年工作思路", 2023) == [4]
    assert classify_heading("2023年工作推进情况", 2023) == [1]


def test_a_combined_heading_covers_two_parts_first_named_first():
    assert classify_heading("存在的问题和下一步工作打算", 2023) == [2, 4]


def test_untitled_topic_chapters_before_the_later_parts_report_on_the_year():
    text = "某县报告\n一、政府职能依法全面履行\n正文。\n二、依法行政制度体系完善\n正文。\n三、存在的不足\n正文。"

    assert [h.statutory_part for h in parse_outline(text, 2023)] == [1, 1, 2]


def test_a_report_missing_parts_is_flagged_and_mentions_are_noted():
    headings = parse_outline(NO_FIGURES, 2022)

    missing = missing_parts(headings, NO_FIGURES)

    assert [m.part for m in missing] == [3, 4]
    assert not any(m.mentioned_in_text for m in missing)


def test_a_shortcoming_paragraph_without_its_own_heading_counts_as_mentioned():
    text = "某县报告\n一、2023年工作推进情况\n成效明显，但也清醒认识到存在不足：一是基础薄弱；二是力量不足。\n二、2024年工作思路\n正文。"

    missing = missing_parts(parse_outline(text, 2023), text)

    assert [(m.part, m.mentioned_in_text) for m in missing] == [(2, True), (3, False)]


def test_the_complete_report_misses_nothing():
    assert missing_parts(parse_outline(YUNXI, 2023), YUNXI) == []
