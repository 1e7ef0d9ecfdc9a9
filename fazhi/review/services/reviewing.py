"""审查: acceptance or 补正, assignment, consultations, the issues found, the opinion, sign-off.

重大行政决策程序暂行条例 第26条: incomplete materials may be returned (补正); 第27条: the review
covers authority, procedure and substance; 第28条: the reviewer must hear the 法律顾问 and
公职律师. A problem contract found in review becomes a 整改事项 at sign-off.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fazhi.core.deadlines import due_date
from fazhi.core.exceptions import ApplicationError
from fazhi.core.permissions import Perm
from fazhi.core.services import audited_create, audited_delete
from fazhi.org.models import Unit, User
from fazhi.org.roles import roles_granting
from fazhi.rectify import services as rectify
from fazhi.review import deadlines, policies, selectors
from fazhi.review.models import (
    Conclusion,
    Consultation,
    ConsultKind,
    Expert,
    IssueCategory,
    MatterType,
    ReviewIssue,
    ReviewMatter,
)
from fazhi.review.services.common import (
    record_event,
    require_action,
    require_edit,
    required_text,
    run_transition,
)
from fazhi.review.workflow import Action, Edit

MODULE = "合法性审查"
PROBLEM_CONTRACT = "问题合同"


def return_for_supplement(
    *, matter: ReviewMatter, actor: Any, expected_version: int, note: str = ""
) -> ReviewMatter:
    """退回补正, listing the missing required materials and the reviewer's note."""
    require_action(actor, matter, Action.RETURN)
    missing = [m.name for m in selectors.missing_materials(matter)]
    parts = [f"缺少必备材料：{'、'.join(missing)}" if missing else "", (note or "").strip()]
    text = "；".join(p for p in parts if p)
    if not text:
        raise ApplicationError("退回补正：材料已齐全，请写明需要补正的内容")
    changes = {
        "missing_note": text,
        "returned_on": timezone.localdate(),
        "return_count": matter.return_count + 1,
    }
    with transaction.atomic():
        return run_transition(
            matter,
            Action.RETURN,
            actor,
            expected_version=expected_version,
            changes=changes,
            note=text,
        )


def accept(
    *, matter: ReviewMatter, actor: Any, expected_version: int, reviewer: User | None = None
) -> ReviewMatter:
    """受理: only a complete submission; the matter goes to `reviewer` (default: the actor)."""
    require_action(actor, matter, Action.ACCEPT)
    missing = [m.name for m in selectors.missing_materials(matter)]
    if missing:
        raise ApplicationError(
            f"受理：送审材料不齐全，不能受理，只能退回补正。缺少：{'、'.join(missing)}"
        )
    reviewer = reviewer or actor
    _check_reviewer(matter, reviewer)
    changes = {"accepted_on": timezone.localdate(), "reviewer": reviewer, "missing_note": ""}
    with transaction.atomic():
        return run_transition(
            matter,
            Action.ACCEPT,
            actor,
            expected_version=expected_version,
            changes=changes,
            note=f"承办法审员：{reviewer}",
        )


def eligible_reviewers(matter: ReviewMatter) -> list[User]:
    """Active users at the reviewing unit who may review (法审员, 县级管理员), one query."""
    users = User.objects.filter(
        unit_id=matter.review_unit_id,
        is_active=True,
        role_assignments__role__in=roles_granting(Perm.REVIEW_LEGALITY),
    )
    return list(users.distinct().order_by("username"))


def _check_reviewer(matter: ReviewMatter, reviewer: User) -> None:
    """The reviewing unit's 法审员, or one of an overseeing unit that took the matter over."""
    if not policies.is_reviewer(reviewer, matter):
        raise ApplicationError(f"分办：“{reviewer}”不是审查单位“{matter.review_unit.name}”的法审员")


def assign(
    *, matter: ReviewMatter, actor: Any, expected_version: int, reviewer: User
) -> ReviewMatter:
    require_action(actor, matter, Action.ASSIGN)
    _check_reviewer(matter, reviewer)
    with transaction.atomic():
        return run_transition(
            matter,
            Action.ASSIGN,
            actor,
            expected_version=expected_version,
            changes={"reviewer": reviewer},
            note=f"承办法审员：{reviewer}",
        )


def add_consultation(
    *,
    matter: ReviewMatter,
    actor: Any,
    kind: str,
    name: str,
    opinion: str,
    given_on: dt.date | None,
    expert: Expert | None = None,
) -> Consultation:
    """An opinion heard from a 法律顾问, 公职律师 or expert (条例 第28条); a 专家库 expert is
    linked by `expert` (`services.experts.record_expert_opinion` checks the declaration)."""
    require_edit(actor, matter, Edit.CONSULTATION)
    where = Edit.CONSULTATION.label
    if kind not in ConsultKind.values:
        raise ApplicationError(f"{where}：请选择意见来源（法律顾问、公职律师或专家）")
    if given_on is None or given_on > timezone.localdate():
        raise ApplicationError(f"{where}：出具日期（{given_on or '未填写'}）不能晚于今天")
    with transaction.atomic():
        record = audited_create(
            Consultation,
            actor=actor,
            matter=matter,
            kind=kind,
            name=required_text(name, "姓名或机构", where),
            opinion=required_text(opinion, "意见内容", where),
            given_on=given_on,
            recorded_by=actor,
            expert=expert,
        )
        record_event(matter, f"记录{ConsultKind(kind).label}意见", actor, note=record.name)
    return record


def add_issue(
    *, matter: ReviewMatter, actor: Any, category: str, description: str, suggestion: str = ""
) -> ReviewIssue:
    """One problem found, tied to a category (主体、权限、程序、内容、公平竞争)."""
    require_edit(actor, matter, Edit.ISSUE)
    where = Edit.ISSUE.label
    if category not in IssueCategory.values:
        raise ApplicationError(f"{where}：请选择问题类别（主体、权限、程序、内容、公平竞争）")
    text = required_text(description, "发现的问题", where)
    with transaction.atomic():
        seq = (matter.issues.aggregate(top=Max("seq"))["top"] or 0) + 1
        issue = audited_create(
            ReviewIssue,
            actor=actor,
            matter=matter,
            seq=seq,
            category=category,
            description=text,
            suggestion=(suggestion or "").strip(),
        )
        record_event(matter, f"填写第{seq}条审查意见", actor)
    return issue


def delete_issue(*, issue: ReviewIssue, actor: Any) -> None:
    matter = issue.matter
    require_edit(actor, matter, Edit.ISSUE)
    with transaction.atomic():
        record_event(matter, f"删除第{issue.seq}条审查意见", actor)
        audited_delete(issue, actor=actor)


def draft_opinion(
    *, matter: ReviewMatter, actor: Any, expected_version: int, conclusion: str, opinion: str
) -> ReviewMatter:
    """The conclusion and opinion text, ready to sign. 不合法 or 修改后合法 needs its issues."""
    require_action(actor, matter, Action.OPINION)
    where = Action.OPINION.label
    if conclusion not in Conclusion.values:
        raise ApplicationError(f"{where}：请选择审查结论（合法、修改后合法、不合法）")
    text = required_text(opinion, "审查意见", where)
    if conclusion != Conclusion.LEGAL and not matter.issues.exists():
        raise ApplicationError(
            f"{where}：审查结论为“{Conclusion(conclusion).label}”时，须逐条列明发现的问题"
        )
    _check_consulted(matter)
    changes = {"conclusion": conclusion, "opinion": text, "opinion_on": timezone.localdate()}
    with transaction.atomic():
        return run_transition(
            matter,
            Action.OPINION,
            actor,
            expected_version=expected_version,
            changes=changes,
            note=Conclusion(conclusion).label,
        )


def _check_consulted(matter: ReviewMatter) -> None:
    # 重大行政决策程序暂行条例 第28条: 应当听取法律顾问、公职律师的意见.
    if matter.matter_type != MatterType.DECISION:
        return
    heard = matter.consultations.filter(kind__in=(ConsultKind.COUNSEL, ConsultKind.LAWYER))
    if not heard.exists():
        raise ApplicationError(
            "出具审查意见：重大行政决策须先听取法律顾问或公职律师的意见"
            "（重大行政决策程序暂行条例 第28条），请先记录征求意见情况"
        )


def revise(*, matter: ReviewMatter, actor: Any, expected_version: int, note: str) -> ReviewMatter:
    require_action(actor, matter, Action.REVISE)
    text = required_text(note, "退回修改的理由", Action.REVISE.label)
    with transaction.atomic():
        return run_transition(
            matter, Action.REVISE, actor, expected_version=expected_version, note=text
        )


def sign(*, matter: ReviewMatter, actor: Any, expected_version: int) -> ReviewMatter:
    """签发: the opinion letter gets its number; a problem contract is sent to 整改."""
    require_action(actor, matter, Action.SIGN)
    today = timezone.localdate()
    problem = matter.is_contract and matter.conclusion != Conclusion.LEGAL
    with transaction.atomic():
        seq = _next_letter_seq(matter.review_unit_id, today.year)
        changes = {
            "signed_on": today,
            "signed_by": actor,
            "letter_year": today.year,
            "letter_seq": seq,
            "is_problem_contract": problem,
        }
        matter = run_transition(
            matter, Action.SIGN, actor, expected_version=expected_version, changes=changes
        )
        if problem:
            _raise_contract_rectification(matter, actor, today)
    return matter


def _next_letter_seq(review_unit_id: int, year: int) -> int:
    # Lock the reviewing unit's row: two sign-offs at once never take the same number.
    Unit.objects.select_for_update().filter(pk=review_unit_id).first()
    signed = ReviewMatter.objects.filter(review_unit_id=review_unit_id, letter_year=year)
    return (signed.aggregate(top=Max("letter_seq"))["top"] or 0) + 1


def _raise_contract_rectification(matter: ReviewMatter, actor: Any, today: dt.date) -> None:
    issues = "\n".join(
        f"{i.seq}. 【{i.get_category_display()}】{i.description}" for i in matter.issues.all()
    )
    rectify.raise_item(
        source=matter,
        unit=matter.unit,
        title=f"问题合同整改：{matter.title}"[:200],
        due_on=due_date(deadlines.CONTRACT_RECTIFY, today),
        actor=actor,
        module=MODULE,
        category=PROBLEM_CONTRACT,
        description=f"审查结论：{matter.get_conclusion_display()}\n{issues}",
        raised_by_unit=matter.review_unit,
        raised_on=today,
    )
