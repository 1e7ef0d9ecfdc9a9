"""Reporter, region, level and the year reported on."""

from __future__ import annotations

import datetime as dt

from fazhi.corpus.metadata import read_metadata


def test_the_reporter_and_year_come_from_the_title():
    meta = read_metadata(
        "云溪县人民政府关于云溪县2023年度法治政府建设情况的报告", "", dt.date(2024, 2, 6)
    )

    assert meta.reporter == "云溪县人民政府"
    assert (meta.region_name, meta.level, meta.year) == ("云溪县", "县", 2023)


def test_the_year_reported_on_is_not_the_year_of_publication():
    meta = read_metadata("云溪县2023年度法治政府建设情况报告", "", dt.date(2024, 3, 1))

    assert meta.year == 2023


def test_without_a_year_in_the_title_it_is_the_year_before_publication():
    meta = read_metadata("云溪县法治政府建设情况报告", "", dt.date(2024, 3, 1))

    assert meta.year == 2023


def test_a_title_starting_with_the_place_names_its_government():
    meta = read_metadata("桐庐县2021年度法治政府建设情况报告", "", None)

    assert meta.reporter == "桐庐县人民政府"
    assert meta.region == "浙江省杭州市桐庐县"


def test_a_department_report_has_level_department():
    meta = read_metadata("越城区司法局2023年法治政府建设年度报告", "", None)

    assert meta.reporter == "越城区司法局"
    assert (meta.level, meta.department, meta.region_name) == ("部门", "越城区司法局", "越城区")
    assert meta.region == "浙江省绍兴市越城区"


def test_a_county_level_city_and_a_district_get_their_levels():
    assert read_metadata("临海市人民政府关于2023年法治政府建设年度报告", "", None).level == "市"
    assert read_metadata("西湖区人民政府2022年法治政府建设工作报告", "", None).level == "区"


def test_the_signature_names_the_reporter_when_the_title_does_not():
    text = "关于2023年度法治政府建设情况的报告\n正文。\n云溪县司法局\n2024年1月20日"

    assert (
        read_metadata("关于2023年度法治政府建设情况的报告", text, None).reporter == "云溪县司法局"
    )


def test_same_named_places_are_told_apart_by_the_cities_the_text_mentions():
    text = "在南京市委、市政府的领导下，鼓楼区法治政府建设取得新进展。南京市考核中位居前列。"

    meta = read_metadata("鼓楼区人民政府2023年法治政府建设年度报告", text, None)

    assert meta.region == "江苏省南京市鼓楼区"


def test_an_unknown_place_keeps_its_own_name():
    assert read_metadata("云溪县2023年度法治政府建设情况报告", "", None).region == "云溪县"
