"""`fazhi enter_calendar_year 2027 --source "…" --file days.txt`: enter a year from a text file.

The same lines as the calendar page takes ("2027-01-01 至 2027-01-03 休 元旦", "2027-02-07 班
春节"), all or nothing; each bad line is named.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core import calendar
from fazhi.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "从文本文件录入一个年度的节假日与调休安排（全部正确才保存）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int, help="年度，如 2027")
        parser.add_argument("--source", required=True, help="依据：通知名称与文号")
        parser.add_argument("--file", required=True, type=Path, help="每行一段的文本文件（UTF-8）")
        parser.add_argument("--note", default="", help="备注")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取文件 {path}：{exc}") from exc
        year = options["year"]
        try:
            days = calendar.parse_days(text, year)
            calendar.enter_year(
                actor=None, year=year, source=options["source"], days=days, note=options["note"]
            )
        except calendar.CalendarInputError as exc:
            raise CommandError(f"{path}：\n" + "\n".join(exc.errors)) from exc
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"已录入 {year} 年节假日安排：{len(days)} 天"))
