"""Web-page furniture goes, the publication date and source stay, the title is kept once."""

from __future__ import annotations

import datetime as dt

from fazhi.corpus.cleaning import clean
from fazhi.corpus.reading import read_document
from fazhi.corpus.tests.fixtures import QINGHE_HTML

SCRAPED = """进入老年模式 退出老年模式
当前位置:首页
> 政务公开 > 信息公开目录 > 法治政府建设
索引号: YX-001/2024-000123 公开方式: 主动公开
成文日期: 2024-01-30
发布单位: 云溪县人民政府办公室
云溪县人民政府关于2023年法治政府建设年度报告
  • 日期:2024-02-02 16:18
  • 来源:县政府办公室
  • 浏览次数:
云溪县人民政府关于2023年法治政府建设年度报告
2023年,云溪县法治政府建设取得新成效。
一、主要举措和成效
全年新收行政复议案件156件。
分享到:
【打印本页】【关闭本页】
打印 关闭"""


def test_furniture_lines_are_dropped_and_body_lines_kept_verbatim():
    cleaned = clean(SCRAPED)

    assert cleaned.text.split("\n") == [
        "云溪县人民政府关于2023年法治政府建设年度报告",
        "2023年,云溪县法治政府建设取得新成效。",
        "一、主要举措和成效",
        "全年新收行政复议案件156件。",
    ]


def test_the_publication_date_and_source_the_page_states_are_kept():
    cleaned = clean(SCRAPED)

    assert cleaned.published == dt.date(2024, 2, 2)  # 日期 before 成文日期
    assert cleaned.source == "县政府办公室"
    assert cleaned.meta["索引号"] == "YX-001/2024-000123"


def test_several_labels_on_one_line_are_each_read():
    cleaned = clean(
        "发布日期: 2022- 02- 28 访问次数: 信息来源: 县政府办公室\n桐溪县2021年度法治政府建设情况报告\n正文第一段，说明全年法治政府建设的总体情况。"
    )

    assert cleaned.published == dt.date(2022, 2, 28)
    assert cleaned.source == "县政府办公室"
    assert cleaned.title == "桐溪县2021年度法治政府建设情况报告"


def test_without_a_stated_date_the_date_under_the_signature_is_used():
    cleaned = clean(
        "某县2023年度法治政府建设情况报告\n正文。\n某县人民政府\n2024 年1月26日\n打印 关闭"
    )

    assert cleaned.published == dt.date(2024, 1, 26)
    assert cleaned.text.endswith("2024 年1月26日")


def test_a_web_page_loses_its_furniture_and_keeps_its_title_once():
    document = read_document(QINGHE_HTML.encode(), "page.html")

    cleaned = clean(document.text, document.hints)

    lines = cleaned.text.split("\n")
    assert lines[0] == "青禾市司法局2022年法治政府建设年度报告"
    assert lines.count("青禾市司法局2022年法治政府建设年度报告") == 1
    for furniture in ("老年模式", "当前位置", "索引号", "浏览次数", "分享到", "打印本页", "字号"):
        assert furniture not in cleaned.text
    assert cleaned.published == dt.date(2023, 3, 15)
    assert cleaned.source == "青禾市司法局"
    assert "全年收到行政复议申请214件" in cleaned.text
