"""The review workflow end to end through the services: 送审, 补正, 受理, 审查, 签发, 反馈, 办结."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from fazhi.core.exceptions import ApplicationError, StaleRecordError
from fazhi.core.models import AuditEvent
from fazhi.rectify.models import RectificationItem
from fazhi.review.models import (
    Adoption,
    Conclusion,
    DocKind,
    LedgerEntry,
    MatterEvent,
    ReviewMatter,
)
from fazhi.review.services import NotAllowedError, adoption, reviewing, submission
from fazhi.review.tests import factories as f
from fazhi.review.workflow import Status

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 9, 28, 10, 0, tzinfo=dt.UTC), tick=False)
def test_a_township_contract_goes_from_submission_through_supplement_to_closure(
    catalog, township_clerk, township_reviewer
):
    matter = f.draft(township_clerk)
    assert matter.review_unit.name == "青石镇人民政府"  # a township's matter: its own post
    matter = submission.submit(
        matter=matter, actor=township_clerk, expected_version=f.fresh(matter).version
    )
    assert matter.status == Status.SUBMITTED
    # 5 working days from 9-28 across 国庆: 9-29, 9-30, 10-08, 10-09 and the 调休 Saturday 10-10.
    assert matter.due_on == dt.date(2026, 10, 10)

    with pytest.raises(
        ApplicationError,
        match=r"送审材料不齐全，不能受理.*缺少：合同相对方主体资格材料、签订依据或会议纪要",
    ):
        reviewing.accept(matter=matter, actor=township_reviewer, expected_version=matter.version)
    matter = reviewing.return_for_supplement(
        matter=f.fresh(matter), actor=township_reviewer, expected_version=f.fresh(matter).version
    )
    assert matter.status == Status.RETURNED
    assert "缺少必备材料：合同相对方主体资格材料、签订依据或会议纪要" in matter.missing_note

    f.add_materials(matter, township_clerk)
    matter = submission.submit(
        matter=f.fresh(matter), actor=township_clerk, expected_version=f.fresh(matter).version
    )
    matter = reviewing.accept(
        matter=matter, actor=township_reviewer, expected_version=matter.version
    )
    assert (matter.status, matter.reviewer) == (Status.IN_REVIEW, township_reviewer)

    reviewing.add_issue(
        matter=matter,
        actor=township_reviewer,
        category="content",
        description="违约责任显失公平",
        suggestion="对等约定违约金",
    )
    matter = reviewing.draft_opinion(
        matter=f.fresh(matter),
        actor=township_reviewer,
        expected_version=f.fresh(matter).version,
        conclusion=Conclusion.LEGAL_IF_AMENDED,
        opinion="修改后合法",
    )
    matter = reviewing.sign(matter=matter, actor=township_reviewer, expected_version=matter.version)
    assert matter.status == Status.SIGNED
    assert matter.letter_number == "青石镇人民政府法审〔2026〕1号"
    assert matter.is_problem_contract
    item = RectificationItem.objects.get(source_type="review.reviewmatter", source_id=matter.pk)
    assert (item.unit, item.raised_by_unit, item.category) == (
        township_clerk.unit,
        matter.review_unit,
        "问题合同",
    )
    assert item.due_on == dt.date(2026, 10, 28)  # 30 自然日 from 9-28

    issue = matter.issues.get()
    adoption.answer_issue(issue=issue, actor=township_clerk, adopted=True)
    matter = adoption.close(
        matter=f.fresh(matter), actor=township_clerk, expected_version=f.fresh(matter).version
    )
    assert matter.status == Status.CLOSED
    ledger = LedgerEntry.objects.get(matter=matter)
    assert ledger.decided_on == dt.date(2026, 9, 28)
    assert (
        list(MatterEvent.objects.filter(matter=matter).values_list("action", flat=True)).count(
            "submit"
        )
        == 2
    )


def test_only_the_submitting_unit_submits_and_only_the_reviewing_unit_accepts(
    catalog, township_clerk, other_township_clerk, township_reviewer, reviewer
):
    matter = f.draft(township_clerk)
    f.add_materials(matter, township_clerk)
    with pytest.raises(NotAllowedError):
        submission.submit(
            matter=f.fresh(matter),
            actor=other_township_clerk,
            expected_version=f.fresh(matter).version,
        )
    matter = submission.submit(
        matter=f.fresh(matter), actor=township_clerk, expected_version=f.fresh(matter).version
    )
    with pytest.raises(NotAllowedError):
        reviewing.accept(matter=matter, actor=township_clerk, expected_version=matter.version)
    # The county centre oversees the township's post and may take the matter over.
    assert (
        reviewing.accept(matter=matter, actor=reviewer, expected_version=matter.version).status
        == Status.IN_REVIEW
    )


def test_an_illegal_conclusion_without_issues_is_refused_and_changes_nothing(
    catalog, township_clerk, township_reviewer
):
    matter = f.in_review(township_clerk, township_reviewer)
    version = matter.version
    with pytest.raises(ApplicationError, match="审查结论为“不合法”时，须逐条列明发现的问题"):
        reviewing.draft_opinion(
            matter=matter,
            actor=township_reviewer,
            expected_version=version,
            conclusion=Conclusion.ILLEGAL,
            opinion="不合法",
        )
    matter = f.fresh(matter)
    assert (matter.status, matter.version, matter.conclusion) == (Status.IN_REVIEW, version, "")


def test_closing_with_an_unanswered_issue_is_refused_naming_it(
    catalog, township_clerk, township_reviewer
):
    matter = f.signed(township_clerk, township_reviewer, issues=3)
    first = matter.issues.get(seq=1)
    adoption.answer_issue(issue=first, actor=township_clerk, adopted=True)
    with pytest.raises(
        ApplicationError, match=r"尚有 2 条审查意见未反馈采纳情况（第2条、第3条），不能办结"
    ):
        adoption.close(
            matter=f.fresh(matter), actor=township_clerk, expected_version=f.fresh(matter).version
        )
    assert f.fresh(matter).status == Status.SIGNED
    assert not LedgerEntry.objects.exists()


def test_not_adopting_an_issue_needs_reasons(catalog, township_clerk, township_reviewer):
    matter = f.signed(township_clerk, township_reviewer, issues=1)
    issue = matter.issues.get()
    with pytest.raises(ApplicationError, match="第1条审查意见未采纳，须说明理由"):
        adoption.answer_issue(issue=issue, actor=township_clerk, adopted=False, reason="  ")
    issue.refresh_from_db()
    assert issue.adoption == Adoption.PENDING
    adoption.answer_issue(issue=issue, actor=township_clerk, adopted=False, reason="上位法另有规定")
    issue.refresh_from_db()
    assert (issue.adoption, issue.reason) == (Adoption.NOT_ADOPTED, "上位法另有规定")


def test_a_decision_dated_before_the_signed_review_is_refused(
    catalog, township_clerk, township_reviewer
):
    matter = f.signed(township_clerk, township_reviewer, issues=0, conclusion=Conclusion.LEGAL)
    with pytest.raises(ApplicationError, match=r"早于审查意见书签发日期.*未经审查不得决定或签订"):
        adoption.close(
            matter=matter,
            actor=township_clerk,
            expected_version=matter.version,
            decided_on=matter.signed_on - dt.timedelta(days=1),
        )
    assert f.fresh(matter).status == Status.SIGNED


def test_a_stale_copy_is_refused(catalog, township_clerk, township_reviewer):
    matter = f.submitted(township_clerk)
    stale = matter.version
    reviewing.accept(matter=matter, actor=township_reviewer, expected_version=stale)
    copy = ReviewMatter.objects.get(pk=matter.pk)
    copy.status = Status.SUBMITTED  # as the second reviewer's page still shows it
    with pytest.raises(StaleRecordError):
        reviewing.accept(matter=copy, actor=township_reviewer, expected_version=stale)


def test_a_major_decision_needs_counsel_or_lawyer_opinion_first(catalog, police_clerk, reviewer):
    matter = f.in_review(
        police_clerk, reviewer, matter_type="decision", title="城区停车收费调整方案"
    )
    with pytest.raises(ApplicationError, match="第28条"):
        reviewing.draft_opinion(
            matter=matter,
            actor=reviewer,
            expected_version=matter.version,
            conclusion=Conclusion.LEGAL,
            opinion="合法",
        )
    reviewing.add_consultation(
        matter=matter,
        actor=reviewer,
        kind="counsel",
        name="某律师事务所",
        opinion="无法律障碍",
        given_on=dt.date(2026, 11, 16),
    )
    matter = f.fresh(matter)
    assert (
        reviewing.draft_opinion(
            matter=matter,
            actor=reviewer,
            expected_version=matter.version,
            conclusion=Conclusion.LEGAL,
            opinion="合法",
        ).status
        == Status.OPINION
    )


def test_submitting_without_a_draft_is_refused(catalog, township_clerk):
    from fazhi.review import policies

    unit = township_clerk.unit
    entry = f.entry_for(catalog, "township", "contract")
    matter = submission.create_matter(
        actor=township_clerk,
        catalog_entry=entry,
        review_unit=policies.review_unit_options(unit, "contract")[0],
        title="无稿件",
        legal_basis="x",
        procedure_note="y",
    )
    with pytest.raises(ApplicationError, match="请先上传送审稿"):
        submission.submit(matter=matter, actor=township_clerk, expected_version=matter.version)


def test_a_village_matter_goes_to_its_township_post_or_the_county_centre(
    catalog, village_clerk, tree
):
    from fazhi.review import policies

    options = policies.review_unit_options(village_clerk.unit, "village")
    assert [u.name for u in options] == ["青石镇人民政府", "示例县司法局"]
    with pytest.raises(ApplicationError, match="审查单位“白沙镇人民政府”不能审查本单位的事项"):
        f.draft(village_clerk, review_unit=tree["units"]["baisha"])


def test_each_transition_writes_an_audit_line(catalog, township_clerk, township_reviewer):
    before = AuditEvent.objects.filter(event="transition").count()
    f.closed(township_clerk, township_reviewer)
    # submit, accept, opinion, sign, close
    assert AuditEvent.objects.filter(event="transition").count() - before == 5


def test_documents_can_only_be_added_while_the_unit_holds_the_matter(
    catalog, township_clerk, township_reviewer
):
    matter = f.submitted(township_clerk)
    with pytest.raises(ApplicationError, match=r"只能在“.*”时上传送审材料"):
        submission.add_document(
            matter=matter, actor=township_clerk, kind=DocKind.DRAFT, upload=f.docx()
        )


def test_a_township_post_cannot_review_another_townships_matter(
    catalog, tree, other_township_clerk, township_reviewer
):
    matter = f.submitted(other_township_clerk)
    assert matter.review_unit == tree["units"]["baisha"]
    with pytest.raises(NotAllowedError, match="您不是该事项的审查单位"):
        reviewing.accept(matter=matter, actor=township_reviewer, expected_version=matter.version)
