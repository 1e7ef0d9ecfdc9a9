"""`fazhi assess --region 示例县 --year 2025 [--level township|department|county] [--system …]
[--freeze] [--format table|json]`: run an assessment and print the ranking."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.exceptions import ApplicationError
from fazhi.indicators import assessment
from fazhi.indicators.figures import json_number
from fazhi.indicators.models import (
    AssessmentRun,
    AssessmentSubject,
    Colour,
    IndicatorSystem,
    TargetLevel,
)
from fazhi.indicators.output import render
from fazhi.indicators.periods import parse_year
from fazhi.indicators.scopes import find_region
from fazhi.org.models import Region, RegionLevel

FORMATS = ("json", "table")
HEADERS = ("排名", "考核对象", "得分", "颜色", "绿", "黄", "红", "无数据")
RIGHT_ALIGNED = {0, 2, 4, 5, 6, 7}


class Command(BaseCommand):
    help = (
        "对一个区划下的乡镇、部门或县（市、区）进行年度考核：计算全部指标，评分、排名、"
        "三色，并打印排名；--freeze 将结果冻结为快照。当年统计到今天。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", help="区划名称或区划代码（必填）")
        parser.add_argument("--year", help="年度，如 2025（必填）")
        parser.add_argument(
            "--level",
            help="考核对象：township（乡镇）、department（部门）、county（县）；"
            "默认县级区划考核乡镇，市、省考核县",
        )
        parser.add_argument("--system", help="指标体系的编号或名称（默认：按设定目标的指标）")
        parser.add_argument("--freeze", action="store_true", help="计算后立即冻结为快照")
        parser.add_argument("--format", default="table", help="输出格式：json 或 table（默认）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            run = self.run(options)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        subjects = assessment.ranked_subjects(run)
        if options["format"] == "json":
            self.stdout.write(json.dumps(as_json(run, subjects), ensure_ascii=False, indent=2))
        else:
            title = f"{run} · {run.get_status_display()} · 测评编号 {run.pk}"
            self.stdout.write(render(HEADERS, table_rows(subjects), right=RIGHT_ALIGNED,
                                     title=title, empty="（没有考核对象）"))  # fmt: skip

    def run(self, options: dict[str, Any]) -> AssessmentRun:
        if options["format"] not in FORMATS:
            raise ApplicationError(f"输出格式不正确：{options['format']}（可选：json、table）")
        if not options["region"]:
            raise ApplicationError("请用 --region 指定区划（名称或区划代码）")
        if not options["year"]:
            raise ApplicationError("请用 --year 指定年度，如 2025")
        year = parse_year(options["year"])
        region = find_region(options["region"])
        level = options["level"] or default_level(region)
        system = find_system(options["system"]) if options["system"] else None
        return assessment.run_assessment(
            region=region, year=year, level=level, system=system, actor=None,
            freeze=options["freeze"],
        )  # fmt: skip


def default_level(region: Region) -> str:
    """A county assesses its townships; a city or a province its counties."""
    if region.level in (RegionLevel.CITY, RegionLevel.PROVINCE):
        return TargetLevel.COUNTY
    return TargetLevel.TOWNSHIP


def find_system(text: str) -> IndicatorSystem:
    text = text.strip()
    systems = IndicatorSystem.objects.all()
    matches = list(systems.filter(pk=int(text))) if text.isdigit() else []
    matches = matches or list(systems.filter(name=text))
    if not matches:
        raise ApplicationError(f"未找到指标体系：{text}")
    if len(matches) > 1:
        listed = "、".join(f"{s.pk}（{s}）" for s in matches)
        raise ApplicationError(f"指标体系名称“{text}”不唯一，请改用编号：{listed}")
    return matches[0]


def table_rows(subjects: list[AssessmentSubject]) -> list[tuple[str, ...]]:
    rows = []
    for subject in subjects:
        colours = [f.colour for f in subject.figures.all()]
        rows.append(
            (
                "—" if subject.rank is None else f"{subject.rank}",
                subject.name,
                "—" if subject.score is None else f"{subject.score}",
                Colour(subject.colour).label,
                *(
                    f"{colours.count(c)}"
                    for c in (Colour.GREEN, Colour.YELLOW, Colour.RED, Colour.GREY)
                ),
            )
        )
    return rows


def as_json(run: AssessmentRun, subjects: list[AssessmentSubject]) -> dict[str, Any]:
    return {
        "run": {
            "id": run.pk,
            "title": str(run),
            "region": run.region.name,
            "year": run.year,
            "level": run.level,
            "system": str(run.system) if run.system else None,
            "period_start": run.period_start.isoformat(),
            "period_end": run.period_end.isoformat(),
            "status": run.status,
            "frozen_at": run.frozen_at.isoformat() if run.frozen_at else None,
        },
        "ranking": [
            {
                "rank": subject.rank,
                "name": subject.name,
                "score": json_number(subject.score),
                "colour": subject.colour,
                "figures": [figure_json(f) for f in subject.figures.all()],
            }
            for subject in subjects
        ],
    }


def figure_json(figure: Any) -> dict[str, Any]:
    return {
        "code": figure.indicator_code,
        "name": figure.name,
        "status": figure.status,
        "value": json_number(figure.value),
        "numerator": json_number(figure.numerator),
        "denominator": json_number(figure.denominator),
        "target": json_number(figure.target),
        "colour": figure.colour,
        "previous_value": json_number(figure.previous_value),
        "change": json_number(figure.change),
        "score": json_number(figure.score),
        "rank": figure.rank,
    }
