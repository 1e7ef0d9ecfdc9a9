"""Filling a drafted report so that its checks pass (the steps an editor takes)."""

from __future__ import annotations

from fazhi.reports import outline, services
from fazhi.reports.models import Report

TEXTS = {
    2: "行政执法规范化水平仍需提升，基层法治力量相对薄弱。",
    3: "县政府主要负责人认真履行推进法治建设第一责任人职责，专题研究法治政府建设工作。",
    4: "2026年，我县将深入推进法治政府建设，持续提升行政复议和应诉工作水平。",
    5: "无。",
}


def fill(report: Report, actor) -> Report:
    """Replace every 【请填写】 prompt with text."""
    for section in report.sections.order_by("order"):
        if not outline.PROMPT_RE.search(section.body):
            continue
        text = TEXTS.get(section.part, "召开县委全面依法治县委员会会议，部署年度重点任务。")
        services.save_section(
            section=section, body=text, actor=actor, expected_version=section.version
        )
    report.refresh_from_db()
    return report
