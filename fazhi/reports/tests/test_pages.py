"""The report pages: drafting, a section edit with its revision, checks, actions, exports, and
who sees what (a unit only its own reports and contributions; outsiders 404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.reports.models import Report

pytestmark = pytest.mark.django_db


def test_the_county_administrator_drafts_from_the_list_page(client, data, county_admin, frozen):
    client.force_login(county_admin)
    page = client.get(reverse("reports:list"))
    assert "根据数据起草" in page.content.decode()
    response = client.post(
        reverse("reports:draft"), {"reporter": data["units"]["government"].pk, "year": "2025"}
    )
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    detail = client.get(report.get_absolute_url()).content.decode()
    assert "行政诉讼败诉率降至10.00%" in detail
    assert "fz-fig" in detail


def test_every_page_of_a_report_renders_for_its_editor(client, report, county_admin):
    client.force_login(county_admin)
    section = report.sections.get(module="disputes")
    urls = [
        reverse("reports:list"),
        report.get_absolute_url(),
        reverse("reports:checks", args=[report.pk]),
        section.get_absolute_url(),
        reverse("reports:section-history", args=[report.pk, section.pk]),
        reverse("reports:publication", args=[report.pk]),
        reverse("reports:templates"),
        reverse("reports:contributions"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    word = client.get(reverse("reports:docx", args=[report.pk]))
    assert word.status_code == 200 and word.content.startswith(b"PK")


def test_editing_a_section_saves_a_revision_with_author(client, report, county_admin):
    client.force_login(county_admin)
    section = report.sections.get(part=2)
    response = client.post(
        section.get_absolute_url(),
        {"body": "行政执法规范化水平仍需提升。", "version": section.version, "note": "补写"},
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.body == "行政执法规范化水平仍需提升。"
    latest = section.revisions.first()
    assert (latest.number, latest.author, latest.note) == (2, county_admin, "补写")


def test_a_stale_section_save_is_refused_and_the_input_is_kept(client, report, county_admin):
    client.force_login(county_admin)
    section = report.sections.get(part=2)
    page = client.post(section.get_absolute_url(), {"body": "我的新文字", "version": 0})
    assert "该记录已被他人修改" in page.content.decode()
    assert "我的新文字" in page.content.decode()
    section.refresh_from_db()
    assert "我的新文字" not in section.body


def test_a_township_clerk_gets_404_for_the_county_report(client, report, township_clerk):
    client.force_login(township_clerk)
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.get(reverse("reports:docx", args=[report.pk])).status_code == 404
    assert report.title not in client.get(reverse("reports:list")).content.decode()


def test_an_outsider_gets_404_for_every_page_of_the_report(client, report, outsider):
    client.force_login(outsider)
    section = report.sections.first()
    for url in (
        report.get_absolute_url(),
        section.get_absolute_url(),
        reverse("reports:pdf", args=[report.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_department_clerk_sees_only_its_own_units_reports(client, data, report, tree, frozen):
    from fazhi.org.roles import Role
    from fazhi.org.tests.factories import UserFactory
    from fazhi.reports import services

    clerk = UserFactory(username="police_clerk", unit=tree["units"]["police"], roles=[Role.CLERK])
    own = services.draft_report(reporter=tree["units"]["police"], year=2025, actor=clerk)
    client.force_login(clerk)
    listed = client.get(reverse("reports:list")).content.decode()
    assert own.title in listed and report.title not in listed
    assert client.get(report.get_absolute_url()).status_code == 404


def test_a_bad_word_template_is_refused_on_the_page(client, data, county_admin, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(county_admin)
    upload = SimpleUploadedFile(
        "模板.docx", b"not a word file", content_type="application/octet-stream"
    )
    page = client.post(reverse("reports:template-word"), {"file": upload}, follow=True)
    assert "不是有效的" in page.content.decode()
