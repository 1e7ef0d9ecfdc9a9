"""Checks before sign-off: parts, typed figures against the data, deadlines, secrecy."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.disputes.models import Applicant
from fazhi.reports import checks, services
from fazhi.reports.tests.helpers import fill

pytestmark = pytest.mark.django_db


def _messages(report, check):
    return [f.message for f in checks.run(report) if f.check == check]


def test_a_fresh_draft_fails_on_unfilled_parts(report):
    found = _messages(report, "outline")
    assert any("没有内容" in m and "二、" in m for m in found)
    assert any("待填写的提示" in m for m in found)


def test_a_filled_report_passes_every_blocking_check(report, county_admin):
    fill(report, county_admin)
    assert [f.message for f in checks.run(report) if f.blocks] == []


def test_a_wrong_typed_figure_is_flagged_with_both_values(report, county_admin):
    fill(report, county_admin)
    section = report.sections.get(part=2)
    services.save_section(
        section=section,
        body="全县行政诉讼调撤率达61.01%，但败诉率仍偏高。",
        actor=county_admin,
        expected_version=section.version,
    )
    [finding] = [f for f in checks.run(report) if f.check == "typed"]
    assert finding.blocks and finding.section == section
    assert "61.01%" in finding.message and "60.00%" in finding.message


def test_a_typed_figure_that_matches_the_data_passes_at_its_own_precision(report, county_admin):
    fill(report, county_admin)
    section = report.sections.get(part=2)
    services.save_section(
        section=section,
        body="全县行政诉讼调撤率达60%，行政诉讼败诉率10.0%。力争调撤率达到70%以上。",
        actor=county_admin,
        expected_version=section.version,
    )
    assert _messages(report, "typed") == []  # 70% is a target, not an achieved value


def test_personal_data_in_the_text_is_flagged_masked(report, county_admin, data):
    fill(report, county_admin)
    case = data["units"]["police"]
    from fazhi.disputes.tests.factories import recon

    Applicant.objects.create(case=recon(data, respondent=case), name="赵德明")
    section = report.sections.get(part=5)
    services.save_section(
        section=section,
        body="申请人赵德明（身份证号330102199001011234，电话13812345678）的案件已化解。",
        actor=county_admin,
        expected_version=section.version,
    )
    found = " ".join(_messages(report, "secrecy"))
    assert "个人姓名“赵某某”" in found and "行政复议申请人" in found
    assert "身份证号“330***********1234”" in found
    assert "手机号“138****5678”" in found
    assert "赵德明" not in found and "330102199001011234" not in found


def test_a_passed_deadline_is_a_warning(report, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 5, 9, 0, tzinfo=dt.UTC))
    found = [f for f in checks.run(report) if f.check == "deadline"]
    assert any("已超过报送期限" in f.message and f.severity == "warning" for f in found)


def test_a_broken_reference_blocks_sign_off(report, county_admin):
    fill(report, county_admin)
    section = report.sections.get(part=5)
    services.save_section(
        section=section, body="全县{{disputes.litigation_loss_rate|nosuch}}。", actor=county_admin,
        expected_version=section.version,
    )  # fmt: skip
    assert any("未知字段：nosuch" in m for m in _messages(report, "references"))


def test_a_rank_without_a_frozen_assessment_run_blocks_sign_off(report, county_admin):
    fill(report, county_admin)
    section = report.sections.get(part=5)
    services.save_section(
        section=section, body="败诉率{{disputes.litigation_loss_rate|rank}}。", actor=county_admin,
        expected_version=section.version,
    )  # fmt: skip
    found = [f for f in checks.run(report) if f.check == "references"]
    assert [f.message for f in found] == [
        f"“{section.label}”：无考核排名：2025年没有本单位参加的已冻结考核测评"
    ]
    assert found[0].blocks
