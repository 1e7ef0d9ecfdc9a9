"""The report out: Word from the county's (or the built-in) template, the HTML page for
publication, and PDF printed from that same HTML by headless Chromium.

All three render the same content (`content`): the title, the addressees, a block per heading or
paragraph with its figures rendered (pinned ones once signed), the signature and the date.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone

from fazhi.core.exceptions import ApplicationError
from fazhi.core.gongwen import chinese_date
from fazhi.reports import figures, selectors, wordtemplate
from fazhi.reports.models import Report
from fazhi.reports.services import book_for

CHROMIUM = os.environ.get("FAZHI_CHROMIUM", "/usr/bin/chromium")
PDF_TIMEOUT = 90
PRINT_CSS = "css/reports-print.css"


@dataclass(frozen=True)
class Block:
    level: int  # 1 一级标题, 2 二级标题, 0 段落
    text: str
    pieces: list[figures.Piece] = field(default_factory=list)


@dataclass
class Content:
    title: str
    recipients: str
    copies: str
    blocks: list[Block]
    signer: str
    date: str
    year: int
    reporter: str

    def as_context(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "recipients": self.recipients,
            "copies": self.copies,
            "blocks": [{"level": b.level, "text": b.text} for b in self.blocks],
            "signer": self.signer,
            "date": self.date,
            "year": self.year,
            "reporter": self.reporter,
        }


def content(report: Report, book: figures.FigureBook | None = None) -> Content:
    book = book or book_for(report)
    blocks: list[Block] = []
    for section in report.sections.order_by("order"):
        if section.heading:
            blocks.append(Block(min(section.level, 2) or 1, section.heading))
        for pieces in figures.paragraphs(section.body, book):
            blocks.append(Block(0, "".join(p.text for p in pieces), pieces))
    day = timezone.localtime(report.signed_off_at).date() if report.signed_off_at else None
    return Content(
        title=report.title,
        recipients="、".join(report.recipients),
        copies="、".join(report.copies),
        blocks=blocks,
        signer=report.reporter.name,
        date=chinese_date(day or timezone.localdate()),
        year=report.year,
        reporter=report.reporter.name,
    )


def template_bytes(report: Report) -> bytes:
    """The county's own Word template when it has one, else the built-in one."""
    stored = selectors.template_for(report.reporter)
    if stored is not None and stored.docx:
        with default_storage.open(stored.docx, "rb") as handle:
            return handle.read()
    return wordtemplate.default_template()


def docx_bytes(report: Report, book: figures.FigureBook | None = None) -> bytes:
    return wordtemplate.render(template_bytes(report), content(report, book).as_context())


def filename(report: Report, extension: str) -> str:
    return f"{report.title}.{extension}"


def publication_html(report: Report, *, for_print: bool = False) -> str:
    """The page as published; for printing, the stylesheet is inlined (a file, not a request)."""
    css = ""
    if for_print:
        path = finders.find(PRINT_CSS)
        css = Path(str(path)).read_text(encoding="utf-8") if path else ""
    return render_to_string(
        "reports/publication.html", {"content": content(report), "inline_css": css}
    )


def pdf_bytes(report: Report) -> bytes:
    """The publication page printed to PDF by headless Chromium (A4, page numbers by CSS)."""
    if not Path(CHROMIUM).exists():
        raise ApplicationError(
            f"未找到 Chromium 浏览器（{CHROMIUM}），无法生成 PDF。请安装 chromium 和 "
            "fonts-noto-cjk 后重试，或先导出 Word 文档"
        )
    html = publication_html(report, for_print=True)
    with tempfile.TemporaryDirectory(prefix="fazhi-report-") as folder:
        page, out = Path(folder) / "report.html", Path(folder) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        _print(page, out, Path(folder) / "profile")
        data = out.read_bytes() if out.exists() else b""
    if not data.startswith(b"%PDF-"):
        raise ApplicationError("Chromium 未能生成 PDF，请稍后重试或先导出 Word 文档")
    return data


def _print(page: Path, out: Path, profile: Path) -> None:
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-pdf-header-footer",
        f"--user-data-dir={profile}",
        f"--print-to-pdf={out}",
        page.as_uri(),
    ]
    try:
        subprocess.run(command, capture_output=True, timeout=PDF_TIMEOUT, check=False)  # noqa: S603
    except subprocess.TimeoutExpired as exc:
        raise ApplicationError(f"Chromium 生成 PDF 超时（{PDF_TIMEOUT} 秒），请稍后重试") from exc
