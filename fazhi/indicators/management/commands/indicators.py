"""`fazhi indicators --region 示例县 --year 2023 [--unit …] [--variant …] [--code …] --format json`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.exceptions import ApplicationError
from fazhi.indicators import registry
from fazhi.indicators.engine import IndicatorResult, evaluate_all, has_variant
from fazhi.indicators.output import as_json, render_table
from fazhi.indicators.periods import Period, parse_year
from fazhi.indicators.registry import Indicator
from fazhi.indicators.scopes import Scope, find_region, find_unit

FORMATS = ("json", "table")


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
        parser.add_argument("--format", default="table", help="输出格式：json 或 table（默认）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            results, title = self.compute(options)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if options["format"] == "json":
            rows = [as_json(result) for result in results]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_table(results, title=title))

    def compute(self, options: dict[str, Any]) -> tuple[list[IndicatorResult], str]:
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
        indicators = _selected(options["code"])
        variant = options["variant"] or None
        _check_variant(indicators, variant)
        title = f"{scope.label} · {period.label}"
        results = evaluate_all(indicators, scope, period, variant=variant)
        return results, title


def _selected(codes: list[str]) -> list[Indicator]:
    """The indicators named by --code (each once, in the order given), or all registered."""
    if not codes:
        return registry.all()
    return [registry.get(code) for code in dict.fromkeys(codes)]


def _check_variant(indicators: list[Indicator], variant: str | None) -> None:
    if variant is None or any(has_variant(i, variant) for i in indicators):
        return
    choices = "、".join(f"{v.key}（{i.name}：{v.name}）" for i in indicators for v in i.variants)
    raise ApplicationError(
        f"未知统计口径：{variant}（可选：{choices or '所选指标没有其他统计口径'}）"
    )
