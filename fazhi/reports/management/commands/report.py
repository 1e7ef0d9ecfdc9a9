"""`fazhi report draft --reporter 示例县人民政府 --year 2023 -o report.docx [--user …]`.

Drafts the report from the data, as the page does, and writes it as Word (or, with a .pdf
output, as PDF). An existing report of that reporter and year is exported as it stands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.exceptions import ApplicationError
from fazhi.indicators.periods import parse_year
from fazhi.indicators.scopes import find_unit
from fazhi.org.models import User
from fazhi.org.selectors import user_by_username
from fazhi.reports import exporters, services
from fazhi.reports.models import Report

OUTPUTS = (".docx", ".pdf")


class Command(BaseCommand):
    help = "法治政府建设年度报告：draft 根据业务数据起草报告并导出 Word（或 PDF）。"

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", title="子命令", metavar="{draft}")
        draft = commands.add_parser("draft", help="起草年度报告并导出")
        draft.add_argument("--reporter", help="报告单位名称或单位编码（必填），如 示例县人民政府")
        draft.add_argument("--year", help="报告年度（必填），如 2023")
        draft.add_argument("-o", "--output", help="输出文件（必填）：.docx 或 .pdf")
        draft.add_argument("--user", help="记入审计日志的操作人用户名（默认：系统）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("action") != "draft":
            raise CommandError("请指定子命令：draft（fazhi report --help 查看用法）")
        try:
            report, created, path = self.draft(options)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        state = "已起草" if created else "已有报告，按现稿导出"
        self.stdout.write(f"{state}：{report.title}（{report.sections.count()} 个章节）→ {path}")

    def draft(self, options: dict[str, Any]) -> tuple[Report, bool, Path]:
        if not options.get("reporter"):
            raise ApplicationError("请用 --reporter 指定报告单位（名称或单位编码）")
        if not options.get("year"):
            raise ApplicationError("请用 --year 指定报告年度，如 2023")
        if not options.get("output"):
            raise ApplicationError("请用 -o 指定输出文件，如 report.docx")
        path = Path(options["output"])
        if path.suffix.lower() not in OUTPUTS:
            raise ApplicationError(f"输出文件应为 .docx 或 .pdf：{path}")
        if not path.parent.is_dir():
            raise ApplicationError(f"输出文件夹不存在：{path.parent}")
        reporter = find_unit(options["reporter"])
        year = parse_year(options["year"])
        actor = _user(options.get("user"))
        report = Report.objects.filter(reporter=reporter, year=year).first()
        created = report is None
        if report is None:
            report = services.draft_report(reporter=reporter, year=year, actor=actor, check=False)
        data = (
            exporters.pdf_bytes(report)
            if path.suffix.lower() == ".pdf"
            else exporters.docx_bytes(report)
        )
        path.write_bytes(data)
        services.record_export(report=report, actor=actor, kind=path.suffix.lstrip(".").upper())
        return report, created, path


def _user(username: str | None) -> User | None:
    if not username:
        return None
    user = user_by_username(username)
    if user is None:
        raise ApplicationError(f"未找到用户：{username}")
    return user
