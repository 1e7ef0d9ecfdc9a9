"""Writes to the corpus: ingesting a report (audited), one file or a folder of them.

A report is stored once: the hash of its clean text is unique, so the same report ingested
again (or as a Word file after its web page) finds the stored one and changes nothing. A file
that is not a report is refused with a Chinese message before anything is written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction

from fazhi.core import audit
from fazhi.core.exceptions import ApplicationError
from fazhi.corpus.models import Fact, Report, ReportLevel, Section, SourceFile
from fazhi.corpus.pipeline import Extraction, extract
from fazhi.corpus.reading import SUFFIXES, DocumentError
from fazhi.org.models import Region, RegionLevel


@dataclass(frozen=True)
class Overrides:
    """What the person ingesting says where the report's own words do not (all optional)."""

    reporter: str = ""
    region: str = ""
    level: str = ""
    year: int | None = None
    source_url: str = ""


@dataclass(frozen=True)
class IngestResult:
    report: Report
    created: bool
    filename: str


@dataclass
class BatchResult:
    created: list[IngestResult] = field(default_factory=list)
    existing: list[IngestResult] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (file, message)

    def summary(self) -> str:
        return f"新增 {len(self.created)} 份，已在库中 {len(self.existing)} 份，失败 {len(self.errors)} 份"


def ingest_report(
    *, actor: Any, data: bytes, filename: str, overrides: Overrides | None = None
) -> IngestResult:
    """Store the report in `data` once; the stored one when the same report is already there.

    Raises DocumentError (a Chinese message naming the file and the reason) for a file that is
    not a readable report; nothing is written then. A new report writes one audit line.
    """
    overrides = overrides or Overrides()
    _check_overrides(overrides)
    extraction = extract(data, filename)
    existing = Report.objects.filter(content_hash=extraction.content_hash).first()
    if existing is not None:
        return IngestResult(existing, False, filename)
    try:
        with transaction.atomic():
            report = store(
                extraction, data=data, filename=filename, actor=actor, overrides=overrides
            )
            audit.record_change(
                actor=actor,
                event=audit.Event.IMPORT,
                obj=report,
                changes=_audit_summary(report, filename),
                message=f"导入他地报告：{report.title}（{filename}）",
            )
    except IntegrityError:
        # Someone stored the same report a moment ago: that one is the report.
        return IngestResult(
            Report.objects.get(content_hash=extraction.content_hash), False, filename
        )
    return IngestResult(report, True, filename)


def _check_overrides(overrides: Overrides) -> None:
    if overrides.level and overrides.level not in ReportLevel.values:
        raise ApplicationError(
            f"层级不正确：{overrides.level}（可选：{'、'.join(ReportLevel.values)}）"
        )
    if overrides.year is not None and not 1990 <= overrides.year <= 2100:
        raise ApplicationError(f"报告年度不正确：{overrides.year}")


def _audit_summary(report: Report, filename: str) -> dict[str, Any]:
    return {
        "文件": filename,
        "标题": report.title,
        "报告单位": report.reporter,
        "区域": report.region,
        "年度": report.year,
        "数字条数": report.fact_count,
        "缺少的法定部分": "、".join(f"第{p}部分" for p in report.missing_parts) or "无",
    }


@transaction.atomic
def store(
    extraction: Extraction,
    *,
    data: bytes,
    filename: str,
    actor: Any = None,
    overrides: Overrides | None = None,
) -> Report:
    """Write the report, its original file, outline and facts (no audit line: callers write it,
    or, for the demo seed, one line for the whole step)."""
    report = Report.objects.create(
        **_report_fields(extraction, filename, actor, overrides or Overrides())
    )
    SourceFile.objects.create(
        report=report,
        filename=filename[:255],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
    )
    Section.objects.bulk_create(_sections(report, extraction))
    Fact.objects.bulk_create(_facts(report, extraction))
    return report


def _report_fields(
    extraction: Extraction, filename: str, actor: Any, overrides: Overrides
) -> dict[str, Any]:
    meta = extraction.metadata
    if overrides.region:
        meta = replace(meta, region=overrides.region, region_name=overrides.region)
    org_region = _org_region(meta.region_name)
    region = meta.region
    if org_region is not None and region == meta.region_name:
        region = org_region.full_name()
    return {
        "title": (extraction.title or Path(filename).stem)[:300],
        "reporter": (overrides.reporter or meta.reporter)[:100],
        "region": region[:100],
        "region_name": meta.region_name[:50],
        "org_region": org_region,
        "level": overrides.level or meta.level,
        "department": meta.department[:100],
        "year": overrides.year or meta.year,
        "published": extraction.published,
        "source": extraction.source[:100],
        "source_url": overrides.source_url[:500],
        "kind": extraction.document.kind,
        "encoding": extraction.document.encoding[:20],
        "text": extraction.text,
        "content_hash": extraction.content_hash,
        "missing_parts": [m.part for m in extraction.missing],
        "outline_complete": not extraction.missing,
        "fact_count": len(extraction.facts),
        "ingested_by": actor if getattr(actor, "is_authenticated", False) else None,
    }


def _org_region(name: str) -> Region | None:
    """The platform's own region of that name (a peer county), when exactly one exists."""
    if not name:
        return None
    levels = (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY)
    matches = list(Region.objects.filter(name=name, level__in=levels)[:2])
    return matches[0] if len(matches) == 1 else None


def _sections(report: Report, extraction: Extraction) -> list[Section]:
    return [
        Section(
            report=report,
            position=index,
            level=h.level,
            number=h.number[:20],
            heading=h.heading[:200],
            start=h.start,
            end=h.end,
            statutory_part=h.statutory_part,
        )
        for index, h in enumerate(extraction.headings)
    ]


def _facts(report: Report, extraction: Extraction) -> list[Fact]:
    return [
        Fact(
            report=report,
            position=index,
            indicator=f.indicator[:100],
            canonical=f.canonical,
            value=f.value,
            unit=f.unit,
            normalized_value=f.normalized_value,
            normalized_unit=f.normalized_unit,
            approx=f.approx,
            target=f.target,
            year=f.year,
            text=f.text,
            start=f.start,
            end=f.end,
            value_start=f.value_start,
            value_end=f.value_end,
        )
        for index, f in enumerate(extraction.facts)
    ]


# --- many files ----------------------------------------------------------------------------


def report_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files named, and the report files inside the folders named (sorted, recursively)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
        else:
            yield path


def ingest_files(
    files: Iterable[Path],
    *,
    actor: Any,
    overrides: Overrides | None = None,
    progress: Callable[[Path], None] | None = None,
) -> BatchResult:
    """Ingest each file in its own transaction: a bad file is reported, the others go on."""
    result = BatchResult()
    for path in files:
        try:
            data = _read_file(path)
            outcome = ingest_report(actor=actor, data=data, filename=path.name, overrides=overrides)
        except (DocumentError, ApplicationError) as exc:
            result.errors.append((str(path), exc.message))
        else:
            (result.created if outcome.created else result.existing).append(outcome)
        if progress is not None:
            progress(path)
    return result


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ApplicationError(f"文件不存在：{path}") from None
    except OSError as exc:
        raise ApplicationError(f"无法读取文件：{path}（{exc.strerror}）") from None
