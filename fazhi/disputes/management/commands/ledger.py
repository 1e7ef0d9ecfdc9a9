"""`fazhi ledger import reconsideration|litigation FILE --region 示例县 [--dry-run] [--user U]`
and `fazhi ledger export reconsideration|litigation FILE --region 示例县 [--year 2022]`.

The import prints the counts created, updated and unchanged, or every error (on stderr) and
exits non-zero; nothing is stored then. The export writes every case of the region in full.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.exceptions import ApplicationError
from fazhi.indicators.scopes import Scope, find_region
from fazhi.org.models import Region
from fazhi.org.selectors import user_by_username

from ...ledger import KINDS, PLANNERS, import_ledger
from ...ledger_export import export_workbook

ACTIONS = ("import", "export")
DATE_FIELDS = {"reconsideration": "received_on", "litigation": "filed_on"}  # the year's field


class Command(BaseCommand):
    help = (
        "导入或导出行政复议（reconsideration）、行政诉讼（litigation）台账。"
        "导入时任何一处有错则整个文件不导入，并列出全部错误。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", help="import（导入）或 export（导出）")
        parser.add_argument("kind", help="reconsideration（行政复议）或 litigation（行政诉讼）")
        parser.add_argument("file", help=".xlsx 文件")
        parser.add_argument("--region", default="", help="区划名称或区划代码（必填），如 示例县")
        parser.add_argument("--dry-run", action="store_true", help="导入时只检查并统计，不写入")
        parser.add_argument("--user", default="", help="记入审计日志的操作人用户名（可选）")
        parser.add_argument("--year", type=int, default=None, help="导出时只导出该年度收案")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] not in ACTIONS:
            raise CommandError(f"未知操作：{options['action']}（可选：import、export）")
        if options["kind"] not in KINDS:
            raise CommandError(f"未知台账：{options['kind']}（可选：reconsideration、litigation）")
        if not options["region"]:
            raise CommandError("请用 --region 指定区划（名称或区划代码），如 --region 示例县")
        try:
            region = find_region(options["region"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        actor = _actor(options["user"])
        if options["action"] == "import":
            self._import(options, region, actor)
        else:
            self._export(options, region, actor)

    def _import(self, options: dict[str, Any], region: Region, actor: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        result = import_ledger(
            kind=options["kind"],
            data=path.read_bytes(),
            region=region,
            actor=actor,
            dry_run=options["dry_run"],
            filename=path.name,
        )
        for error in result.errors:
            self.stderr.write(str(error))
        if not result.ok:
            raise CommandError(f"共 {len(result.errors)} 处错误，未导入任何数据。")
        prefix = "检查通过（未写入）" if options["dry_run"] else "导入完成"
        self.stdout.write(f"{prefix}。{result.summary()}")

    def _export(self, options: dict[str, Any], region: Region, actor: Any) -> None:
        kind, planner = KINDS[options["kind"]], PLANNERS[options["kind"]]
        cases = planner.model.objects.filter(Scope.of_region(region).q(planner.unit_fields))
        date_field = DATE_FIELDS[kind.slug]
        if options["year"]:
            cases = cases.filter(**{f"{date_field}__year": options["year"]})
        description = f"{region.name}" + (f"，{options['year']} 年" if options["year"] else "")
        target, count = export_workbook(
            kind,
            cases.order_by(date_field, "pk"),
            actor=actor,
            reveal=True,
            description=description,
        )
        with target, Path(options["file"]).open("wb") as out:
            shutil.copyfileobj(target, out)
        self.stdout.write(f"已导出{kind.label}案件 {count} 件：{options['file']}")


def _actor(username: str) -> Any:
    actor = user_by_username(username)
    if username and actor is None:
        raise CommandError(f"用户不存在：{username}")
    return actor
