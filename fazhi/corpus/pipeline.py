"""One report file through every step: read, clean, metadata, outline, facts.

Pure (no database): the `fazhi corpus extract` command prints `as_json(extract(...))`, the
ingest service stores the same `Extraction`, and the bench times it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from fazhi.corpus.cleaning import Hints, clean, has_body
from fazhi.corpus.facts import Fact, extract_facts
from fazhi.corpus.metadata import Metadata, read_metadata
from fazhi.corpus.numbers import json_number
from fazhi.corpus.outline import Heading, MissingPart, missing_parts, parse_outline
from fazhi.corpus.reading import Document, DocumentError, read_document


@dataclass
class Extraction:
    title: str
    metadata: Metadata
    published: dt.date | None
    source: str
    text: str
    headings: list[Heading]
    missing: list[MissingPart]
    facts: list[Fact]
    document: Document

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


def extract(data: bytes, filename: str) -> Extraction:
    """Read and analyse a report file; DocumentError (Chinese message) when it is not one."""
    document = read_document(data, filename)
    return extract_document(document, filename)


def extract_document(document: Document, filename: str = "") -> Extraction:
    cleaned = clean(document.text, document.hints or Hints())
    # A text of one line is a title at most: no body (nor a line to split the title off).
    _, newline, rest = cleaned.text.partition("\n")
    body = (rest if cleaned.title else cleaned.text) if newline else ""
    if not has_body(body):
        name = filename or "该文件"
        raise DocumentError(f"{name} 没有正文：清除网页栏目、导航等内容后未找到报告文字")
    metadata = read_metadata(cleaned.title, cleaned.text, cleaned.published)
    headings = parse_outline(cleaned.text, metadata.year)
    province = metadata.level == "省"
    facts = extract_facts(cleaned.text, year=metadata.year, headings=headings, province=province)
    return Extraction(
        title=cleaned.title,
        metadata=metadata,
        published=cleaned.published,
        source=cleaned.source,
        text=cleaned.text,
        headings=headings,
        missing=missing_parts(headings, cleaned.text),
        facts=facts,
        document=document,
    )


def content_hash(text: str) -> str:
    """The same report is the same text, whatever the file it came in and its line breaks."""
    squeezed = re.sub(r"\s+", "", text)
    return hashlib.sha256(squeezed.encode("utf-8")).hexdigest()


def as_json(extraction: Extraction) -> dict[str, Any]:
    """The object `fazhi corpus extract FILE --format json` prints (schema in `schema.py`)."""
    meta = extraction.metadata
    return {
        "title": extraction.title,
        "reporter": meta.reporter,
        "region": meta.region,
        "level": meta.level,
        "year": meta.year,
        "published": extraction.published.isoformat() if extraction.published else None,
        "source": extraction.source,
        "department": meta.department,
        "sections": [section_json(h) for h in extraction.headings],
        "missing_parts": [
            {"part": m.part, "name": m.name, "mentioned_in_text": m.mentioned_in_text}
            for m in extraction.missing
        ],
        "facts": [fact_json(f) for f in extraction.facts],
    }


def section_json(heading: Heading) -> dict[str, Any]:
    return {
        "level": heading.level,
        "number": heading.number,
        "heading": heading.heading,
        "start": heading.start,
        "statutory_part": heading.statutory_part,
    }


def fact_json(fact: Fact) -> dict[str, Any]:
    return {
        "indicator": fact.indicator,
        "value": json_number(fact.value),
        "unit": fact.unit,
        "normalized_value": json_number(fact.normalized_value),
        "normalized_unit": fact.normalized_unit,
        "approx": fact.approx,
        "target": fact.target,
        "year": fact.year,
        "text": fact.text,
        "start": fact.start,
        "end": fact.end,
    }
