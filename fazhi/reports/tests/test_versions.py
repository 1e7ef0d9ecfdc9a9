"""The whole report compared between two moments (全文版本比较): the moments of a report, the text
as of a moment, the comparison section by section, and the page (bad moments, outsiders)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from fazhi.reports import services, versions
from fazhi.reports.models import Revision, Section
from fazhi.reports.tests.factories import url_samples
from fazhi.reports.tests.helpers import fill
from fazhi.reports.workflow import Action

pytestmark = pytest.mark.django_db

FEB_1 = dt.datetime(2026, 2, 1, 2, 0, tzinfo=dt.UTC)
FEB_5 = dt.datetime(2026, 2, 5, 2, 0, tzinfo=dt.UTC)
FEB_10 = dt.datetime(2026, 2, 10, 2, 0, tzinfo=dt.UTC)
FEB_20 = dt.datetime(2026, 2, 20, 2, 0, tzinfo=dt.UTC)


def _save(section, body, actor, when, note=""):
    section.refresh_from_db()
    with time_machine.travel(when, tick=False):
        services.save_section(
            section=section, body=body, actor=actor, expected_version=section.version, note=note
        )
    return section.revisions.first()


def _act(report, action, actor, when, **data):
    report.refresh_from_db()
    with time_machine.travel(when, tick=False):
        return services.transition(
            report=report, action=action, actor=actor, expected_version=report.version, data=data
        )


def _by_order(texts):
    return {t.section.order: t for t in texts}


def test_moments_are_newest_first_with_the_drafting_as_one(report, county_admin):
    part2, part4 = report.sections.get(part=2), report.sections.get(part=4)
    first = _save(part2, "执法力量薄弱。", county_admin, FEB_1, note="补写")
    second = _save(part4, "2026年继续推进。", county_admin, FEB_5)
    found = versions.moments(report)
    assert [m.key for m in found[:3]] == ["now", f"r{second.pk}", f"r{first.pk}"]
    assert [m.kind for m in found] == ["now", "revision", "revision", "draft"]
    assert found[2].label == f"第2版 · {part2.heading}"
    assert (found[2].who, found[2].note, found[2].at) == (str(county_admin), "补写", FEB_1)
    assert found[3].label == f"起草 · 初稿（{report.sections.count()}节）"


def test_sign_off_is_a_named_moment_and_the_default_start(report, county_admin, leader):
    timeline = versions.Timeline(report)
    assert timeline.default_from().kind == "draft"  # never signed off: the first draft
    fill(report, county_admin)
    _act(report, Action.REVIEW, county_admin, FEB_10)
    _act(report, Action.SIGN_OFF, leader, FEB_20, secrecy_confirmed=True)
    timeline = versions.Timeline(report)
    signed = timeline.default_from()
    event = report.events.get(action="sign_off")
    assert (signed.key, signed.label, signed.who, signed.at) == (
        f"e{event.pk}", "签发", str(leader), FEB_20,
    )  # fmt: skip
    assert [m.label for m in timeline.moments[1:3]] == ["签发", "提交审核"]


def test_report_at_takes_each_sections_latest_revision_saved_by_the_moment(report, county_admin):
    part2 = report.sections.get(part=2)
    drafted = part2.body
    second = _save(part2, "第二稿。", county_admin, FEB_1)
    _save(part2, "第三稿。", county_admin, FEB_5)
    timeline = versions.Timeline(report)
    assert (
        _by_order(versions.report_at(report, timeline.default_from()))[part2.order].body == drafted
    )
    at_second = _by_order(versions.report_at(report, timeline.get(f"r{second.pk}", "起点")))
    assert (at_second[part2.order].body, at_second[part2.order].number) == ("第二稿。", 2)
    now = _by_order(versions.report_at(report, versions.NOW_MOMENT))
    assert now[part2.order].body == "第三稿。"
    # Every other section is as drafted at each moment.
    opening = report.sections.get(order=1)
    assert at_second[1].body == opening.body and at_second[1].present


def test_an_events_moment_includes_the_revisions_saved_before_it(report, county_admin, leader):
    fill(report, county_admin)
    part2 = report.sections.get(part=2)
    before = _save(part2, "签发前的文字。", county_admin, FEB_1).body
    _act(report, Action.REVIEW, county_admin, FEB_5)
    _act(report, Action.SIGN_OFF, leader, FEB_10, secrecy_confirmed=True)
    _act(report, Action.REVOKE, leader, FEB_20, note="数据更正")
    _save(part2, "撤销签发后改写。", county_admin, FEB_20 + dt.timedelta(hours=1))
    timeline = versions.Timeline(report)
    signed = _by_order(versions.report_at(report, timeline.default_from()))
    assert signed[part2.order].body == before
    comparison = versions.compare_report(report, timeline.default_from(), versions.NOW_MOMENT)
    assert [c.section.order for c in comparison.sections if c.kind != "same"] == [part2.order]


def test_compare_marks_same_changed_added_and_removed(report, county_admin):
    part2 = report.sections.get(part=2)
    _save(part2, part2.body + "\n新增一段。", county_admin, FEB_1)
    with time_machine.travel(FEB_5, tick=False):
        extra = Section.objects.create(
            report=report, order=99, part=5, level=2, heading="（一）补充", body="补充内容。"
        )
        services.add_revision(section=extra, actor=county_admin, note="新增")
    timeline = versions.Timeline(report)
    draft = timeline.default_from()
    comparison = versions.compare_report(report, draft, versions.NOW_MOMENT)
    kinds = {c.section.order: c.kind for c in comparison.sections}
    assert kinds[part2.order] == "changed" and kinds[99] == "added"
    assert {k for o, k in kinds.items() if o not in (part2.order, 99)} == {"same"}
    assert (comparison.changed, comparison.added, comparison.removed) == (2, 10, 0)
    changed = next(c for c in comparison.sections if c.kind == "changed")
    assert [line.kind for line in changed.lines][-1] == "added"
    backwards = versions.compare_report(report, versions.NOW_MOMENT, draft)
    assert {c.section.order: c.kind for c in backwards.sections}[99] == "removed"
    assert backwards.removed == 10


def test_a_section_edited_twice_between_the_moments_shows_the_net_change(report, county_admin):
    part2 = report.sections.get(part=2)
    _save(part2, "过渡稿，后来删掉。", county_admin, FEB_1)
    _save(part2, "执法力量仍需加强。", county_admin, FEB_5)
    timeline = versions.Timeline(report)
    comparison = versions.compare_report(report, timeline.default_from(), versions.NOW_MOMENT)
    change = next(c for c in comparison.sections if c.section.pk == part2.pk)
    shown = "".join(run.text for line in change.lines for run in line.runs)
    assert "执法力量仍需加强。" in shown and "过渡稿" not in shown
    assert comparison.changed == 1


def test_figure_references_are_compared_as_written(report, county_admin):
    part2 = report.sections.get(part=2)
    _save(part2, "败诉率{{disputes.litigation_loss_rate|value}}。", county_admin, FEB_1)
    timeline = versions.Timeline(report)
    comparison = versions.compare_report(report, timeline.default_from(), versions.NOW_MOMENT)
    change = next(c for c in comparison.sections if c.kind == "changed")
    added = "".join(run.text for line in change.lines for run in line.runs if run.kind == "added")
    assert "{{disputes.litigation_loss_rate|value}}" in added


@pytest.mark.parametrize("key", ["abc", "r", "r0", "x12", "r1.5", "e-3", "now!", "r" + "9" * 19])
def test_a_malformed_moment_is_refused_with_a_message_naming_it(report, key):
    with pytest.raises(versions.MomentError, match=r"起点“.*”格式不正确"):
        versions.Timeline(report).get(key, "起点")


def test_a_foreign_or_unknown_id_answers_404(report, tree):
    from django.http import Http404

    other = url_samples(tree["units"]["police"])
    foreign_revision = Revision.objects.create(section_id=other["section_id"], number=1, body="x")
    contribution_revision = Revision.objects.create(
        contribution_id=other["contribution_id"], number=1, body="y"
    )
    timeline = versions.Timeline(report)
    for key in (f"r{foreign_revision.pk}", f"r{contribution_revision.pk}", "e999999", "r999999"):
        with pytest.raises(Http404):
            timeline.get(key, "起点")


def test_the_page_shows_the_summary_and_collapses_unchanged_sections(client, report, county_admin):
    part2 = report.sections.get(part=2)
    _save(part2, "基层法治力量相对薄弱。", county_admin, FEB_1)
    client.force_login(county_admin)
    page = client.get(reverse("reports:compare", args=[report.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    comparison = page.context["comparison"]
    assert comparison.older.kind == "draft" and comparison.newer.is_now
    assert f"共1节有改动，增加{comparison.added}字，删除{comparison.removed}字" in html
    assert '<ins class="fz-diff-added">' in html and "基层法治力量相对薄弱" in html
    assert html.count('data-kind="same"') == report.sections.count() - 1
    assert "按书写的原文比较" in html


def test_the_page_compares_the_moments_it_is_given(client, report, county_admin):
    part2 = report.sections.get(part=2)
    first = _save(part2, "第二稿。", county_admin, FEB_1)
    second = _save(part2, "第三稿。", county_admin, FEB_5)
    client.force_login(county_admin)
    url = reverse("reports:compare", args=[report.pk])
    page = client.get(url, {"from": f"r{first.pk}", "to": f"r{second.pk}"})
    html = page.content.decode()
    assert page.context["comparison"].changed == 1
    assert '<del class="fz-diff-removed">二</del>' in html
    assert '<ins class="fz-diff-added">三</ins>' in html


def test_a_malformed_moment_on_the_page_gets_400_with_the_reason(client, report, county_admin):
    client.force_login(county_admin)
    page = client.get(reverse("reports:compare", args=[report.pk]), {"from": "2026-02-10"})
    assert page.status_code == 400
    assert "比较起点“2026-02-10”格式不正确" in page.content.decode()


def test_a_foreign_moment_on_the_page_answers_404(client, report, county_admin, tree):
    other = url_samples(tree["units"]["police"])
    foreign = Revision.objects.create(section_id=other["section_id"], number=1, body="x")
    client.force_login(county_admin)
    url = reverse("reports:compare", args=[report.pk])
    assert client.get(url, {"to": f"r{foreign.pk}"}).status_code == 404


@pytest.mark.parametrize("persona", ["outsider", "township_clerk"])
def test_someone_who_cannot_see_the_report_gets_404(client, report, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("reports:compare", args=[report.pk])).status_code == 404


def test_the_report_and_a_sections_history_link_to_the_whole_report_comparison(
    client, report, county_admin
):
    part2 = report.sections.get(part=2)
    second = _save(part2, "第二稿。", county_admin, FEB_1)
    client.force_login(county_admin)
    url = reverse("reports:compare", args=[report.pk])
    assert url in client.get(report.get_absolute_url()).content.decode()
    history = client.get(reverse("reports:section-history", args=[report.pk, part2.pk]))
    first = part2.revisions.get(number=1)
    assert f"{url}?from=r{first.pk}&amp;to=r{second.pk}" in history.content.decode()
    # A moment named by a drafting revision is the drafting.
    page = client.get(url, {"from": f"r{first.pk}", "to": f"r{second.pk}"})
    assert page.context["older"].kind == "draft" and page.context["comparison"].changed == 1
