"""Building review records the way users do: through the services, with real uploads."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from fazhi.review.models import CatalogEntry, Conclusion, DocKind, Level, MatterType, ReviewMatter
from fazhi.review.services import adoption, reviewing, submission

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "材料.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes(text: str = "合同文本") -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx(name: str = "送审稿.docx", text: str = "送审稿") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, docx_bytes(text), content_type="application/msword")


def entry_for(county, level: str, matter_type: str) -> CatalogEntry:
    return (
        CatalogEntry.objects.filter(region=county, level=level, matter_type=matter_type)
        .order_by("sort_order")
        .first()
    )


def draft(
    clerk, *, matter_type=MatterType.CONTRACT, title="物业服务合同", review_unit=None, entry=None
):
    """A draft matter of the clerk's unit with its 送审稿 uploaded."""
    from fazhi.review import policies

    unit = clerk.unit
    county = policies.county_of(unit)
    level = policies.level_of(unit)
    if entry is None:
        kind = MatterType.VILLAGE if level == Level.VILLAGE else matter_type
        entry = entry_for(county, level, kind)
    review_unit = review_unit or policies.review_unit_options(unit, entry.matter_type)[0]
    matter = submission.create_matter(
        actor=clerk,
        catalog_entry=entry,
        review_unit=review_unit,
        title=title,
        legal_basis="《中华人民共和国民法典》第四百六十四条",
        procedure_note="已经镇党政联席会议研究",
    )
    submission.add_document(matter=matter, actor=clerk, kind=DocKind.DRAFT, upload=docx())
    return matter


def add_materials(matter: ReviewMatter, clerk) -> None:
    for material in matter.catalog_entry.materials.filter(required=True):
        submission.add_document(
            matter=matter, actor=clerk, kind=DocKind.MATERIAL, upload=pdf(), material=material
        )


def fresh(matter: ReviewMatter) -> ReviewMatter:
    matter.refresh_from_db()
    return matter


def submitted(clerk, **kwargs) -> ReviewMatter:
    matter = draft(clerk, **kwargs)
    add_materials(matter, clerk)
    return submission.submit(
        matter=fresh(matter), actor=clerk, expected_version=fresh(matter).version
    )


def in_review(clerk, reviewer, **kwargs) -> ReviewMatter:
    matter = submitted(clerk, **kwargs)
    return reviewing.accept(matter=matter, actor=reviewer, expected_version=matter.version)


def signed(clerk, reviewer, *, conclusion=Conclusion.LEGAL_IF_AMENDED, issues=1, **kwargs):
    matter = in_review(clerk, reviewer, **kwargs)
    for n in range(issues):
        reviewing.add_issue(
            matter=matter,
            actor=reviewer,
            category="content",
            description=f"问题{n + 1}",
            suggestion="建议修改",
        )
    matter = fresh(matter)
    matter = reviewing.draft_opinion(
        matter=matter,
        actor=reviewer,
        expected_version=matter.version,
        conclusion=conclusion,
        opinion="经审查，提出如下意见。",
    )
    return reviewing.sign(matter=matter, actor=reviewer, expected_version=matter.version)


def closed(clerk, reviewer, *, adopt=(True,), **kwargs) -> ReviewMatter:
    matter = signed(clerk, reviewer, issues=len(adopt), **kwargs)
    for issue, adopted in zip(matter.issues.order_by("seq"), adopt, strict=True):
        adoption.answer_issue(
            issue=issue, actor=clerk, adopted=adopted, reason="" if adopted else "另有依据"
        )
    matter = fresh(matter)
    return adoption.close(matter=matter, actor=clerk, expected_version=matter.version)


def url_samples(victim_unit) -> dict[str, object]:
    """One record of each review and rectify page's kind, belonging to `victim_unit` (for the
    URL walk in tests/test_url_access.py); written directly, the services are not under test."""
    from fazhi.rectify.models import RectificationEvidence, RectificationItem
    from fazhi.review import policies
    from fazhi.review.models import (
        Expert,
        ExpertDeclaration,
        Filing,
        MatterDocument,
        NormativeDocument,
        ReviewIssue,
    )
    from fazhi.review.services.catalog import ensure_default_catalog

    county = policies.county_of(victim_unit)
    ensure_default_catalog(county=county, actor=None, check=False)
    entry = CatalogEntry.objects.filter(region=county).first()
    matter = ReviewMatter.objects.create(
        unit=victim_unit, review_unit=victim_unit, catalog_entry=entry, level=entry.level,
        matter_type=entry.matter_type, title="他单位送审事项", status="signed",
    )  # fmt: skip
    stored = {"original_name": "a.pdf", "content_type": "application/pdf", "size": 1, "sha256": "0"}
    document = MatterDocument.objects.create(matter=matter, kind="draft", file="x/a.pdf", **stored)
    issue = ReviewIssue.objects.create(matter=matter, seq=1, category="content", description="x")
    normdoc = NormativeDocument.objects.create(
        unit=victim_unit, title="他单位文件", doc_number="他〔2026〕1号",
        published_on="2026-03-02", effective_on="2026-03-02",
    )  # fmt: skip
    filing = Filing.objects.create(document=normdoc, recipient="government", recipient_name="x")
    item = RectificationItem.objects.create(
        module="合法性审查", source_type="review.reviewmatter", source_id=matter.pk,
        source_label="x", unit=victim_unit, raised_by_unit=victim_unit, title="他单位整改",
        raised_on="2026-03-02", due_on="2026-04-02",
    )  # fmt: skip
    evidence = RectificationEvidence.objects.create(item=item, file="x/b.pdf", **stored)
    expert = Expert.objects.create(region=county, name="他县专家", specialty="行政法")
    declaration = ExpertDeclaration.objects.create(
        matter=matter, expert=expert, interest="none", declared_on="2026-03-02"
    )
    return {
        "matter_id": matter.pk, "action": "submit", "doc_id": document.pk, "issue_id": issue.pk,
        "entry_id": entry.pk, "normdoc_id": normdoc.pk, "filing_id": filing.pk,
        "item_id": item.pk, "evidence_id": evidence.pk, "expert_id": expert.pk,
        "declaration_id": declaration.pk,
    }  # fmt: skip
