"""Units' contributions: assigned, written with evidence, merged (a new section revision), every
save versioned; a unit sees only its own contributions; two versions compared."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.org.roles import Role
from fazhi.org.tests.factories import UserFactory
from fazhi.reports import contributions, diff
from fazhi.reports.models import Contribution

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def police_clerk(tree):
    return UserFactory(username="police_clerk", unit=tree["units"]["police"], roles=[Role.CLERK])


@pytest.fixture
def asked(report, county_admin, tree, frozen):
    section = report.sections.get(part=1, level=2, order=3)
    return contributions.assign(
        report=report, section=section, unit=tree["units"]["police"],
        due_on=dt.date(2026, 2, 10), actor=county_admin, request="请报送执法亮点",
    )  # fmt: skip


def _save(c, body, actor):
    c.refresh_from_db()
    return contributions.save(contribution=c, body=body, actor=actor, expected_version=c.version)


def test_a_unit_writes_attaches_and_submits_then_the_editor_merges(
    asked, police_clerk, county_admin, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _save(asked, "推行“首违不罚”清单，办理轻微违法案件免罚120件。", police_clerk)
    contributions.add_attachment(
        contribution=asked, upload=SimpleUploadedFile("清单.pdf", PDF), actor=police_clerk
    )
    asked.refresh_from_db()
    contributions.submit(contribution=asked, actor=police_clerk, expected_version=asked.version)
    asked.refresh_from_db()
    section = asked.section
    before = section.revisions.count()
    contributions.merge(contribution=asked, actor=county_admin, expected_version=asked.version)
    section.refresh_from_db()
    assert section.body.endswith("办理轻微违法案件免罚120件。")
    latest = section.revisions.first()
    assert section.revisions.count() == before + 1 and latest.note == "合并示例县公安局的供稿"
    asked.refresh_from_db()
    assert asked.status == "merged" and asked.merged_by == county_admin


def test_evidence_is_checked_by_its_content(asked, police_clerk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ApplicationError, match="不是有效的"):
        contributions.add_attachment(
            contribution=asked,
            upload=SimpleUploadedFile("假.pdf", b"MZ not a pdf"),
            actor=police_clerk,
        )
    assert not asked.attachments.exists()


def test_another_unit_cannot_write_the_contribution(asked, township_clerk):
    with pytest.raises(NotAllowedError):
        _save(asked, "x", township_clerk)


def test_every_save_is_a_revision_and_two_can_be_compared(asked, police_clerk, client):
    _save(asked, "召开执法培训3次。", police_clerk)
    _save(asked, "召开执法培训5次，覆盖全体执法人员。", police_clerk)
    first, second = asked.revisions.order_by("number")
    assert (first.author, second.author) == (police_clerk, police_clerk)
    runs = diff.compare(first.body, second.body)[0].runs
    assert ("removed", "3") in [(r.kind, r.text) for r in runs]
    assert ("added", "5") in [(r.kind, r.text) for r in runs]
    client.force_login(police_clerk)
    page = client.get(reverse("reports:contribution-history", args=[asked.pk]), {"a": 1, "b": 2})
    assert '<ins class="fz-diff-added">5</ins>' in page.content.decode()


def test_a_unit_sees_only_its_own_contributions_and_not_the_report(
    asked, police_clerk, client, report
):
    client.force_login(police_clerk)
    assert client.get(asked.get_absolute_url()).status_code == 200
    assert client.get(report.get_absolute_url()).status_code == 404
    listed = client.get(reverse("reports:contributions")).content.decode()
    assert asked.section.label in listed


def test_another_township_gets_404_for_the_contribution(asked, township_clerk, client):
    client.force_login(township_clerk)
    assert client.get(asked.get_absolute_url()).status_code == 404


def test_a_unit_outside_the_reporter_cannot_be_assigned(report, county_admin, tree, frozen):
    section = report.sections.get(part=2)
    with pytest.raises(ApplicationError, match="不在"):
        contributions.assign(
            report=report, section=section, unit=tree["units"]["peer_justice"],
            due_on=dt.date(2026, 2, 10), actor=county_admin,
        )  # fmt: skip
    assert not Contribution.objects.exists()


def test_an_open_contribution_is_in_the_units_inbox(asked, police_clerk):
    from fazhi.core import inbox

    titles = [i.title for i in inbox.items_for(police_clerk, dt.date(2026, 2, 5))]
    assert any(t.endswith("（供稿）") for t in titles)


def test_the_editor_returns_a_contribution_with_a_reason(asked, police_clerk, county_admin):
    _save(asked, "内容", police_clerk)
    asked.refresh_from_db()
    contributions.submit(contribution=asked, actor=police_clerk, expected_version=asked.version)
    asked.refresh_from_db()
    with pytest.raises(ApplicationError, match="退回理由"):
        contributions.send_back(
            contribution=asked, actor=county_admin, expected_version=asked.version, note=""
        )
    contributions.send_back(
        contribution=asked, actor=county_admin, expected_version=asked.version, note="请补充数据"
    )
    asked.refresh_from_db()
    assert asked.status == "returned"
    _save(asked, "内容（已补充）", police_clerk)  # the unit can write again
