"""`fazhi corpus extract FILE --format json`, `fazhi corpus ingest PATH...`,
`fazhi corpus compare --indicator 行政诉讼败诉率 [--region 浙江省] [--format json]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from fazhi.core.exceptions import ApplicationError
from fazhi.core.text import render_table
from fazhi.corpus import selectors, services
from fazhi.corpus.numbers import format_number
from fazhi.corpus.pipeline import as_json, extract
from fazhi.corpus.selectors import Comparison
from fazhi.org.models import User
from fazhi.org.selectors import user_by_username

FORMATS = ("json", "table")


class Command(BaseCommand):
    help = "他地报告库：extract 分析一个文件并输出结果；ingest 导入文件或文件夹；compare 按区域和年度对比一个指标。"

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(
            dest="action", title="子命令", metavar="{extract,ingest,compare}"
        )
        extract_ = commands.add_parser("extract", help="分析一个报告文件（不写入数据库）")
        extract_.add_argument("file", help="报告文件：.txt、.html、.docx 或 .pdf")
        extract_.add_argument("--format", default="json", help="输出格式：json（默认）或 table")
        ingest = commands.add_parser("ingest", help="导入报告文件或文件夹（同一报告只保存一份）")
        ingest.add_argument("paths", nargs="+", help="文件或文件夹")
        ingest.add_argument("--user", help="记入审计日志的操作人用户名（默认：系统）")
        ingest.add_argument("--year", type=int, help="报告年度（报告未写明时）")
        ingest.add_argument("--region", help="区域（报告未写明时）")
        compare = commands.add_parser("compare", help="按区域和年度对比一个指标")
        compare.add_argument("--indicator", help="指标名称，如 行政诉讼败诉率（必填）")
        compare.add_argument(
            "--region", default="", help="只看这一区域（区域全称的一部分，如 浙江省）"
        )
        compare.add_argument("--format", default="table", help="输出格式：table（默认）或 json")

    def handle(self, *args: Any, **options: Any) -> None:
        handlers = {"extract": self.extract, "ingest": self.ingest, "compare": self.compare}
        handler = handlers.get(options.get("action") or "")
        if handler is None:
            raise CommandError(
                "请指定子命令：extract、ingest 或 compare（fazhi corpus --help 查看用法）"
            )
        try:
            handler(options)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc

    def extract(self, options: dict[str, Any]) -> None:
        _check_format(options["format"])
        path = Path(options["file"])
        if not path.is_file():
            raise ApplicationError(f"文件不存在：{path}")
        result = as_json(extract(path.read_bytes(), path.name))
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(_extract_table(result))

    def ingest(self, options: dict[str, Any]) -> None:
        actor = _user(options.get("user"))
        overrides = services.Overrides(year=options.get("year"), region=options.get("region") or "")
        files = list(services.report_files(options["paths"]))
        if not files:
            raise ApplicationError("没有找到可导入的文件（.txt、.html、.docx、.pdf）")
        with tqdm(total=len(files), unit="份", desc="导入", file=sys.stderr, disable=None) as bar:
            result = services.ingest_files(
                files, actor=actor, overrides=overrides, progress=lambda _: bar.update()
            )
        for outcome in result.created:
            self.stdout.write(
                f"新增  {outcome.filename} → {outcome.report.title}（{outcome.report.fact_count} 个数字）"
            )
        for outcome in result.existing:
            self.stdout.write(f"已有  {outcome.filename} → {outcome.report.title}")
        for name, message in result.errors:
            self.stderr.write(f"失败  {name}：{message}")
        self.stdout.write(result.summary())
        if result.errors and not (result.created or result.existing):
            raise CommandError("所有文件都未能导入")

    def compare(self, options: dict[str, Any]) -> None:
        _check_format(options["format"])
        if not options.get("indicator"):
            raise ApplicationError("请用 --indicator 指定指标名称，如 行政诉讼败诉率")
        result = selectors.comparison(options["indicator"], options["region"])
        if options["format"] == "json":
            self.stdout.write(json.dumps(_comparison_json(result), ensure_ascii=False, indent=2))
        elif not result.rows:
            self.stdout.write(f"报告库中没有“{result.indicator}”的数值")
        else:
            self.stdout.write(_comparison_table(result))


def _check_format(value: str) -> None:
    if value not in FORMATS:
        raise ApplicationError(f"输出格式不正确：{value}（可选：json、table）")


def _user(username: str | None) -> User | None:
    if not username:
        return None
    user = user_by_username(username)
    if user is None:
        raise ApplicationError(f"未找到用户：{username}")
    return user


def _comparison_json(result: Comparison) -> dict[str, Any]:
    return {
        "indicator": result.indicator,
        "unit": result.unit,
        "years": result.years,
        "rows": [
            {
                "region": row.label,
                "values": {
                    str(year): {
                        "value": float(cell.value),
                        "unit": cell.unit,
                        "approx": cell.approx,
                        "report": cell.report_id,
                    }
                    for year, cell in sorted(row.cells.items())
                },
            }
            for row in result.rows
        ],
    }


def _comparison_table(result: Comparison) -> str:
    headers = ["区域", *[str(y) for y in result.years]]
    rows = [
        [row.label, *[_cell(row.cells.get(y), result.unit) for y in result.years]]
        for row in result.rows
    ]
    title = f"{result.indicator}（{result.unit}）" if result.unit else result.indicator
    return title + "\n" + _table(headers, rows)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    """The first column (names) left-aligned, the others (numbers) right-aligned."""
    return render_table(headers, rows, right=range(1, len(headers)))


def _cell(cell: selectors.Cell | None, unit: str) -> str:
    if cell is None:
        return "—"
    text = ("约" if cell.approx else "") + format_number(cell.value)
    return text if cell.unit == unit else f"{text} {cell.unit}"


def _extract_table(result: dict[str, Any]) -> str:
    head = [
        f"标题：{result['title']}",
        f"报告单位：{result['reporter'] or '—'}　区域：{result['region'] or '—'}　层级：{result['level'] or '—'}",
        f"报告年度：{result['year'] or '—'}　发布日期：{result['published'] or '—'}",
        "提纲："
        + "；".join(s["number"] + s["heading"] for s in result["sections"] if s["level"] == 1),
    ]
    missing = "、".join(f"第{m['part']}部分" for m in result["missing_parts"])
    head.append(f"缺少法定部分：{missing or '无'}")
    rows = [
        [
            f["indicator"],
            str(f["value"]),
            f["unit"],
            "约" if f["approx"] else "",
            "目标" if f["target"] else "",
        ]
        for f in result["facts"]
    ]
    return "\n".join(head) + "\n\n" + _table(["指标", "数值", "单位", "约数", "目标"], rows)
