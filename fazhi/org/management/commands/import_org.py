"""`fazhi import_org FILE.xlsx [--dry-run] [--user USERNAME]`: import the organisation tree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.org.importers import org_tree_import
from fazhi.org.models import User


class Command(BaseCommand):
    help = "从 Excel（工作表「区划」「单位」）导入组织机构；任何一行有错则整批不导入。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=".xlsx 文件")
        parser.add_argument("--dry-run", action="store_true", help="只检查并统计，不写入")
        parser.add_argument("--user", default="", help="记入审计日志的操作人用户名（可选）")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"用户不存在：{options['user']}")
        result = org_tree_import(
            data=path.read_bytes(), actor=actor, dry_run=options["dry_run"], filename=path.name
        )
        for error in result.errors:
            self.stderr.write(str(error))
        if not result.ok:
            raise CommandError(f"共 {len(result.errors)} 处错误，未导入任何数据。")
        prefix = "检查通过（未写入）" if options["dry_run"] else "导入完成"
        self.stdout.write(f"{prefix}。{result.summary()}")
