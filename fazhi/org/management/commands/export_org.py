"""`fazhi export_org FILE.xlsx`: the whole organisation tree in the import format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fazhi.org.exporters import org_tree_export


class Command(BaseCommand):
    help = "把组织机构导出为 Excel（与导入格式相同）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="要写入的 .xlsx 文件")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        path.write_bytes(org_tree_export(actor=None))
        self.stdout.write(f"已导出到 {path}")
