"""`fazhi seed_calendar`: enter every year the chinesecalendar package knows and the database lacks.

The 0004 migration does this once for a new database; run this after upgrading the package (a
newer version knows a newer year). Years already stored are compared with the package and, when
they differ, reported; `--sync` replaces their days with the package's (audited).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fazhi.core import calendar


class Command(BaseCommand):
    help = "从 chinesecalendar 软件包补录数据库中缺少的年度节假日安排（可重复执行）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--sync",
            action="store_true",
            help="已录入但与软件包不一致的年度，按软件包覆盖（默认只报告）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = calendar.seed_from_package(sync=options["sync"])
        self.stdout.write(f"软件包数据：{calendar.package_source()}")
        self.stdout.write(f"新录入年度：{_years(report.added)}")
        self.stdout.write(f"已一致年度：{_years(report.unchanged)}")
        if report.synced:
            self.stdout.write(self.style.WARNING(f"已按软件包覆盖：{_years(report.synced)}"))
        if report.differing:
            self.stdout.write(
                self.style.WARNING(
                    f"与软件包不一致（未改动，可用 --sync 覆盖）：{_years(report.differing)}"
                )
            )


def _years(years: list[int]) -> str:
    return "、".join(str(y) for y in years) or "无"
