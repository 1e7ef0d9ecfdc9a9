"""POST endpoints that move a matter through the workflow or add to it; each calls one service
and redirects back to the matter's page with its outcome."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from fazhi.core.pages import posted_version, run
from fazhi.core.permissions import Perm, require_perm
from fazhi.org.models import User
from fazhi.review import selectors
from fazhi.review.models import ReviewMatter
from fazhi.review.services import adoption, reviewing, submission
from fazhi.review.views.common import posted_date, user_of

Runner = Callable[[HttpRequest, ReviewMatter], Any]


def _reviewer(request: HttpRequest, matter: ReviewMatter) -> User | None:
    chosen = request.POST.get("reviewer", "")
    if not chosen.isdigit():
        return None
    return User.objects.filter(pk=int(chosen), unit_id=matter.review_unit_id).first()


def _note(request: HttpRequest) -> str:
    return request.POST.get("note", "")


ACTIONS: dict[str, tuple[Runner, str]] = {
    "submit": (
        lambda r, m: submission.submit(matter=m, actor=r.user, expected_version=posted_version(r)),
        "已提交送审。",
    ),
    "withdraw": (
        lambda r, m: submission.withdraw(
            matter=m, actor=r.user, expected_version=posted_version(r), note=_note(r)
        ),
        "已撤回。",
    ),
    "return": (
        lambda r, m: reviewing.return_for_supplement(
            matter=m, actor=r.user, expected_version=posted_version(r), note=_note(r)
        ),
        "已退回补正。",
    ),
    "accept": (
        lambda r, m: reviewing.accept(
            matter=m, actor=r.user, expected_version=posted_version(r), reviewer=_reviewer(r, m)
        ),
        "已受理。",
    ),
    "assign": (
        lambda r, m: reviewing.assign(
            matter=m,
            actor=r.user,
            expected_version=posted_version(r),
            reviewer=_reviewer(r, m) or user_of(r),
        ),
        "已分办。",
    ),
    "opinion": (
        lambda r, m: reviewing.draft_opinion(
            matter=m,
            actor=r.user,
            expected_version=posted_version(r),
            conclusion=r.POST.get("conclusion", ""),
            opinion=r.POST.get("opinion", ""),
        ),
        "审查意见已拟定，待签发。",
    ),
    "revise": (
        lambda r, m: reviewing.revise(
            matter=m, actor=r.user, expected_version=posted_version(r), note=_note(r)
        ),
        "已退回修改审查意见。",
    ),
    "sign": (
        lambda r, m: reviewing.sign(matter=m, actor=r.user, expected_version=posted_version(r)),
        "审查意见书已签发。",
    ),
    "close": (
        lambda r, m: adoption.close(
            matter=m,
            actor=r.user,
            expected_version=posted_version(r),
            decided_on=posted_date(r, "decided_on", "决定（签订）日期"),
            feedback_note=r.POST.get("feedback_note", ""),
        ),
        "已反馈并办结。",
    ),
}


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def matter_act(request: HttpRequest, matter_id: int, action: str) -> HttpResponse:
    matter = selectors.matter_for(request.user, matter_id)
    if action not in ACTIONS:
        raise Http404("未知操作")
    runner, done = ACTIONS[action]
    return run(request, lambda: runner(request, matter), done, matter.get_absolute_url())


@require_perm(Perm.REVIEW_LEGALITY)
@require_POST
def issue_add(request: HttpRequest, matter_id: int) -> HttpResponse:
    matter = selectors.matter_for(request.user, matter_id)
    post = request.POST

    def call() -> Any:
        return reviewing.add_issue(
            matter=matter,
            actor=request.user,
            category=post.get("category", ""),
            description=post.get("description", ""),
            suggestion=post.get("suggestion", ""),
        )

    return run(request, call, "已添加审查意见。", matter.get_absolute_url() + "#issues")


@require_perm(Perm.REVIEW_LEGALITY)
@require_POST
def issue_delete(request: HttpRequest, issue_id: int) -> HttpResponse:
    issue = selectors.issue_for(request.user, issue_id)
    url = issue.matter.get_absolute_url() + "#issues"
    return run(
        request,
        lambda: reviewing.delete_issue(issue=issue, actor=request.user),
        f"已删除第{issue.seq}条审查意见。",
        url,
    )


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def issue_answer(request: HttpRequest, issue_id: int) -> HttpResponse:
    issue = selectors.issue_for(request.user, issue_id)
    adopted = request.POST.get("adopted") == "yes"

    def call() -> Any:
        return adoption.answer_issue(
            issue=issue, actor=request.user, adopted=adopted, reason=request.POST.get("reason", "")
        )

    url = issue.matter.get_absolute_url() + "#issues"
    return run(request, call, f"已反馈第{issue.seq}条意见的采纳情况。", url)


@require_perm(Perm.REVIEW_LEGALITY)
@require_POST
def consultation_add(request: HttpRequest, matter_id: int) -> HttpResponse:
    matter = selectors.matter_for(request.user, matter_id)
    post = request.POST

    def call() -> Any:
        return reviewing.add_consultation(
            matter=matter,
            actor=request.user,
            kind=post.get("kind", ""),
            name=post.get("name", ""),
            opinion=post.get("opinion", ""),
            given_on=posted_date(request, "given_on", "出具日期"),
        )

    return run(request, call, "已记录征求意见情况。", matter.get_absolute_url() + "#consultations")


@require_perm(Perm.REVIEW_LEGALITY)
@require_POST
def matter_rectify(request: HttpRequest, matter_id: int) -> HttpResponse:
    matter = selectors.matter_for(request.user, matter_id)
    post = request.POST

    def call() -> Any:
        due = posted_date(request, "due_on", "整改期限")
        return adoption.raise_rectification(
            matter=matter,
            actor=request.user,
            title=post.get("title", ""),
            due_on=due,
            description=post.get("description", ""),
        )

    return run(request, call, "已转入整改台账。", matter.get_absolute_url() + "#rectify")
