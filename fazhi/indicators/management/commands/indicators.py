"""`fazhi indicators --region 示例县 --year 2023 [--unit …] [--variant …] [--code …] [--level …]
--format json`: each indicator (declared or manual) with its target, colour and 同比."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.exceptions import ApplicationError
from fazhi.indicators import figures, registry
from fazhi.indicators.engine import has_variant
from fazhi.indicators.figures import Figure
from fazhi.indicators.models import TargetLevel
from fazhi.indicators.output import render
from fazhi.indicators.periods import Period, parse_year
from fazhi.indicators.registry import Indicator
from fazhi.indicators.scopes import Scope, find_region, find_unit

FORMATS = ("json", "table")
HEADERS = ("指标", "数值", "分子", "分母", "上年同期", "增减", "目标", "颜色", "编码")
RIGHT_ALIGNED = {1, 2, 3, 4, 5, 6}


class Command(BaseCommand):
    help = (
        "计算已登记的指标：一个区划（含下级全部单位）或其中一个单位，一个年度，"
        "并与上年同期比较。当年统计到今天。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        # Required options are checked in handle(), so that a missing one gets a Chinese message.
        parser.add_argument("--region", help="区划名称或区划代码（必填）")
        parser.add_argument("--year", help="年度，如 2023（必填）")
        parser.add_argument("--unit", help="单位名称或单位编码，须在该区划内")
        parser.add_argument("--variant", help="统计口径的键，用于声明了该口径的指标")
        parser.add_argument(
            "--code", nargs="+", action="extend", default=[], help="只计算这些指标编码"
        )
        parser.add_argument(
            "--level",
            help="目标适用层级：province、city、county、township 或 department（默认按区划或单位）",
        )
        parser.add_argument("--format", default="table", help="输出格式：json 或 table（默认）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            found, title = self.compute(options)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if options["format"] == "json":
            rows = [figure.as_json() for figure in found]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render(HEADERS, table_rows(found), right=RIGHT_ALIGNED, title=title))

    def compute(self, options: dict[str, Any]) -> tuple[list[Figure], str]:
        if options["format"] not in FORMATS:
            raise ApplicationError(f"输出格式不正确：{options['format']}（可选：json、table）")
        if not options["region"]:
            raise ApplicationError("请用 --region 指定区划（名称或区划代码）")
        if not options["year"]:
            raise ApplicationError("请用 --year 指定年度，如 2023")
        period = Period.year_to_date(parse_year(options["year"]))
        region = find_region(options["region"])
        scope = Scope.of_region(region)
        if options["unit"]:
            scope = Scope.of_unit(find_unit(options["unit"], within=region))
        codes = list(dict.fromkeys(options["code"])) or figures.all_codes()
        described = figures.metas(codes)
        variant = options["variant"] or None
        declared = [registry.get(c) for c, meta in described.items() if not meta.is_manual]
        _check_variant(declared, variant)
        level = options["level"] or None
        if level is not None and level not in TargetLevel.values:
            raise ApplicationError(
                f"目标适用层级不正确：{level}（可选：{'、'.join(TargetLevel.values)}）"
            )
        title = f"{scope.label} · {period.label}"
        return figures.figures(codes, scope, period, level=level, variant=variant), title


def table_rows(found: list[Figure]) -> list[tuple[str, ...]]:
    def number(value: Any) -> str:
        return "—" if value is None else f"{value}"

    return [
        (
            figure.display_name,
            figure.value_text,
            number(figure.numerator),
            number(figure.denominator),
            figure.previous_text,
            figure.change_text,
            figure.target_text,
            figure.colour_label,
            figure.code,
        )
        for figure in found
    ]


def _check_variant(indicators: list[Indicator], variant: str | None) -> None:
    if variant is None or any(has_variant(i, variant) for i in indicators):
        return
    choices = "、".join(f"{v.key}（{i.name}：{v.name}）" for i in indicators for v in i.variants)
    raise ApplicationError(
        f"未知统计口径：{variant}（可选：{choices or '所选指标没有其他统计口径'}）"
    )
