"""The review pages render for the people who use them, and their forms reach the services."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from fazhi.core.models import AuditEvent
from fazhi.review.models import NormativeDocument, ReviewMatter
from fazhi.review.services import normative
from fazhi.review.tests import factories as f
from fazhi.review.workflow import Status

pytestmark = pytest.mark.django_db


def _get(client, user, url, status=200):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status, f"{url}: {response.status_code}"
    return response.content.decode()


def test_every_list_page_renders_for_the_county_reviewer(
    client, catalog, township_clerk, township_reviewer, reviewer
):
    f.closed(township_clerk, township_reviewer)
    f.submitted(township_clerk, title="第二份合同")
    for name in ("matters", "queue", "catalog", "ledger", "normdocs", "figures"):
        html = _get(client, reviewer, reverse(f"review:{name}"))
        assert "法治政府建设工作平台" in html


def test_the_queue_lists_what_waits_for_the_reviewing_unit(
    client, catalog, township_clerk, township_reviewer
):
    f.submitted(township_clerk, title="待受理的合同")
    html = _get(client, township_reviewer, reverse("review:queue"))
    assert "待受理的合同" in html


def test_the_matter_page_shows_documents_checklist_and_timeline(
    client, catalog, township_clerk, township_reviewer
):
    matter = f.signed(township_clerk, township_reviewer)
    html = _get(client, township_clerk, matter.get_absolute_url())
    for text in (
        "送审稿",
        "合同相对方主体资格材料",
        "提交送审",
        "受理",
        "签发意见书",
        "问题合同整改",
        "反馈",
    ):
        assert text in html
    assert 'data-testid="answer-1"' in html  # the unit may answer the issue


def test_the_create_form_registers_a_draft(client, catalog, township_clerk):
    from fazhi.review.tests.factories import entry_for

    entry = entry_for(catalog, "township", "contract")
    client.force_login(township_clerk)
    page = client.get(reverse("review:matter-create"))
    assert page.status_code == 200
    response = client.post(
        reverse("review:matter-create"),
        {
            "catalog_entry": entry.pk,
            "review_unit": township_clerk.unit.pk,
            "title": "保洁服务合同",
            "legal_basis": "民法典",
            "procedure_note": "已研究",
        },
    )
    matter = ReviewMatter.objects.get(title="保洁服务合同")
    assert response.status_code == 302 and response["Location"] == matter.get_absolute_url()
    assert matter.status == Status.DRAFT


def test_the_create_form_shows_the_materials_of_the_chosen_entry_by_htmx(
    client, catalog, township_clerk
):
    from fazhi.review.tests.factories import entry_for

    entry = entry_for(catalog, "township", "contract")
    html = _get(
        client, township_clerk, reverse("review:entry-materials") + f"?catalog_entry={entry.pk}"
    )
    assert "合同相对方主体资格材料" in html and "审查时限 5 个工作日" in html


def test_a_bad_upload_gets_a_chinese_error_and_stores_nothing(client, catalog, township_clerk):
    matter = f.draft(township_clerk)
    count = matter.documents.count()
    client.force_login(township_clerk)
    fake = f.pdf("伪装.pdf", b"MZ\x90\x00 this is an exe")
    response = client.post(
        reverse("review:matter-upload", args=[matter.pk]),
        {"kind": "draft", "file": fake},
        follow=True,
    )
    html = response.content.decode()
    assert "送审稿“伪装.pdf”不是有效的 PDF、Word（.docx） 文件" in html
    assert matter.documents.count() == count


def test_the_opinion_letter_is_a_word_document_with_the_issues(
    client, catalog, township_clerk, township_reviewer
):
    matter = f.signed(township_clerk, township_reviewer, issues=2)
    client.force_login(township_clerk)
    response = client.get(reverse("review:letter", args=[matter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.getvalue())).paragraphs)
    assert "合法性审查意见书" in text and "青石镇人民政府法审〔" in text and "修改后合法" in text
    table = Document(io.BytesIO(response.getvalue())).tables[0]
    assert [row.cells[2].text for row in table.rows[1:]] == ["问题1", "问题2"]
    assert AuditEvent.objects.filter(event="export", object_id=str(matter.pk)).exists()


def test_the_submitting_unit_cannot_preview_an_unsigned_letter(
    client, catalog, township_clerk, township_reviewer
):
    matter = f.in_review(township_clerk, township_reviewer)
    _get(client, township_clerk, reverse("review:letter", args=[matter.pk]), status=404)


def test_an_action_post_runs_the_service_and_reports_in_chinese(
    client, catalog, township_clerk, township_reviewer
):
    matter = f.draft(township_clerk)
    client.force_login(township_reviewer)
    response = client.post(
        reverse("review:matter-act", args=[matter.pk, "accept"]),
        {"version": matter.version},
        follow=True,
    )
    assert "当前为“草稿”，不能受理" in response.content.decode()


def test_the_public_list_shows_valid_documents_without_signing_in(
    client, catalog, township_clerk, tree
):
    from fazhi.review.models import DocStatus

    doc = normative.register_document(
        actor=township_clerk,
        unit=township_clerk.unit,
        title="村庄规划管理办法",
        doc_number="青政发〔2026〕1号",
        published_on=dt.date(2026, 1, 5),
        effective_on=dt.date(2026, 2, 1),
    )
    gone = normative.register_document(
        actor=township_clerk,
        unit=township_clerk.unit,
        title="已废止的办法",
        doc_number="青政发〔2026〕2号",
        published_on=dt.date(2026, 1, 5),
        effective_on=dt.date(2026, 2, 1),
    )
    NormativeDocument.objects.filter(pk=gone.pk).update(status=DocStatus.REPEALED)
    response = client.get(reverse("review:public-documents"))
    html = response.content.decode()
    assert response.status_code == 200
    assert doc.title in html and "已废止的办法" not in html


def test_the_figures_page_links_each_number_to_its_records(
    client, catalog, township_clerk, township_reviewer, reviewer
):
    matter = f.closed(township_clerk, township_reviewer)
    html = _get(client, reviewer, reverse("review:figures"))
    assert 'data-testid="value-review.matters_reviewed">1 件<' in html
    records = _get(
        client,
        reviewer,
        reverse("review:figure-records") + "?code=review.matters_reviewed&part=numerator&year=2026",
    )
    assert matter.title in records
