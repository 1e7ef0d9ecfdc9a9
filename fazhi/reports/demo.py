"""The demo's annual report: 示例县人民政府's report on the last full year, drafted from the demo
data by the county administrator, its parts written as an editor would (no figure typed by hand:
the data paragraphs are live references), the 公安局 asked for its highlights (submitted, waiting
to be merged) and the 市场监督管理局 asked too (still open). It runs after every domain step, so
each module's figures are there when it drafts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fazhi.core.demo import DemoContext, register_demo_step
from fazhi.core.services import versioned_update
from fazhi.reports import contributions, figures, services
from fazhi.reports.models import Report, Section

STEP_NAME = "法治政府建设年度报告"
ORDER = 900  # after every domain step: the draft reads their records

THEMES = {
    "（一）": (
        "县政府常务会议专题研究法治政府建设工作，制定年度法治政府建设工作要点，将法治建设纳入"
        "乡镇（街道）和部门年度综合考核。落实政府常务会议会前学法制度，组织领导干部旁听庭审和"
        "法治专题讲座。"
    ),
    "（四）": (
        "深化“大综合一体化”行政执法改革，推行“首违不罚”“轻微免罚”清单，开展行政执法案卷"
        "评查，规范行政裁量权基准，全面落实行政执法公示、执法全过程记录和重大执法决定法制审核"
        "制度。"
    ),
}
# The county's overall result in 示例市's frozen run of counties, as a live reference (added to
# the first theme when the run places the county: `fazhi.reports.figures`, assessment.score).
OVERALL = "在市对县法治政府建设考核中，我县{{assessment.score}}。"
GENERIC = "围绕年度重点任务，细化工作举措，压实工作责任，推动各项工作落地见效。"
PARTS = {
    2: (
        "一是部分单位对法治政府建设重要性认识不足，运用法治思维和法治方式解决问题的能力有待"
        "提升。二是基层法治力量相对薄弱，乡镇（街道）合法性审查专业人员不足。三是行政争议"
        "实质性化解还需加力，个别领域行政诉讼案件仍较集中。"
    ),
    3: (
        "县政府主要负责人认真履行推进法治建设第一责任人职责，主持召开县政府常务会议专题研究"
        "法治政府建设，带头学法、述法，带头出庭应诉，对重大行政决策、行政规范性文件严格落实"
        "合法性审查要求，及时协调解决法治政府建设中的重大问题。"
    ),
    4: (
        "下一年度，我县将深入学习贯彻习近平法治思想，持续深化行政复议体制改革，推进行政争议"
        "实质性化解，加强乡镇（街道）合法性审查力量，提升行政执法规范化水平，加快建设"
        "法治政府。"
    ),
    5: "无。",
}
HIGHLIGHTS = (
    "推行“枫桥式”公安派出所创建，将行政争议化解纳入执法质量考评，"
    "全年开展执法培训和案卷评查，执法规范化水平持续提升。"
)


def seed_reports(ctx: DemoContext) -> dict[str, int]:
    """Draft the county's report on the last full year and fill its parts."""
    year = ctx.today.year - 1
    editor = ctx.user("county_admin")
    government = ctx.unit_named("示例县人民政府")
    report = services.draft_report(
        reporter=government, year=year, actor=editor, today=ctx.today, check=False
    )
    written = _write_parts(report, editor, overall=_has_overall(report))
    asked = _ask_units(ctx, report, editor)
    return {"年度报告": 1, "报告章节": report.sections.count(), "撰写章节": written, "供稿": asked}


def _has_overall(report: Report) -> bool:
    return figures.book_of(report.reporter, report.year).standing() is not None


def _write_parts(report: Report, editor: Any, *, overall: bool) -> int:
    written = 0
    for section in report.sections.order_by("order"):
        text = _text_for(section, overall=overall)
        if text is None:
            continue
        versioned_update(
            section,
            expected_version=section.version,
            changes={"body": text},
            actor=editor,
            message=f"撰写年度报告章节：{section.label}",
        )
        services.add_revision(section=section, actor=editor, note="撰写")
        written += 1
    return written


def _text_for(section: Section, *, overall: bool = False) -> str | None:
    """The editor's text for a section still holding the draft's prompt (None: keep it); the
    first theme states the overall assessment result when there is one."""
    if "【请填写" not in section.body:
        return None
    if section.part in PARTS:
        return PARTS[section.part]
    for prefix, text in THEMES.items():
        if section.heading.startswith(prefix):
            return text + OVERALL if overall and prefix == "（一）" else text
    return GENERIC


def _ask_units(ctx: DemoContext, report: Report, editor: Any) -> int:
    """The 公安局's highlights submitted (to merge); the 市场监督管理局's still open."""
    candidates = list(report.sections.filter(part=1, level=2).order_by("order"))
    section = next(
        (s for s in candidates if "执法" in s.heading), candidates[-1] if candidates else None
    )
    if section is None:
        return 0
    due = max(ctx.today, dt.date(report.year + 1, 2, 10))
    police = contributions.assign(
        report=report, section=section, unit=ctx.unit_named("示例县公安局"),
        due_on=due, actor=editor, request="请报送本单位年度法治建设工作亮点，附佐证材料。",
        today=ctx.today,
    )  # fmt: skip
    clerk = ctx.user("clerk_gaj")
    police = contributions.save(
        contribution=police, body=HIGHLIGHTS, actor=clerk, expected_version=police.version
    )
    contributions.submit(contribution=police, actor=clerk, expected_version=police.version)
    contributions.assign(
        report=report, section=section, unit=ctx.unit_named("示例县市场监督管理局"),
        due_on=due, actor=editor, request="请报送本单位年度法治建设工作亮点。", today=ctx.today,
    )  # fmt: skip
    return 2


register_demo_step(STEP_NAME, ORDER, seed_reports)
