"""The 合法性审查 demo step: real scale, consistent records, deterministic."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count, Exists, F, OuterRef, Q

from fazhi.core import demo as core_demo
from fazhi.rectify.models import RectificationItem
from fazhi.review.demo import STEP_NAME
from fazhi.review.models import (
    Adoption,
    Consultation,
    Expert,
    ExpertDeclaration,
    Filing,
    LedgerEntry,
    NormativeDocument,
    ReviewIssue,
    ReviewMatter,
)
from fazhi.review.workflow import Status

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


def _run():
    ctx = core_demo.new_context(TODAY)
    steps = {step.name: step for step in core_demo.demo_steps()}
    core_demo.run_step(ctx, steps["组织机构"])
    return core_demo.run_step(ctx, steps[STEP_NAME]).counts


def test_the_demo_step_makes_real_scale_consistent_records():
    counts = _run()
    _real_scale(counts)
    _consistent_matters()
    _rectification_and_ledger()
    _registry()
    _expert_pool(counts)


def _real_scale(counts):
    per_year = dict(
        ReviewMatter.objects.values_list("submitted_on__year").annotate(n=Count("pk")).order_by()
    )
    assert set(per_year) == {2023, 2024, 2025, 2026}
    assert all(250 <= n <= 450 for n in per_year.values()), per_year
    assert set(ReviewMatter.objects.values_list("level", flat=True)) == {
        "county",
        "township",
        "village",
    }
    assert counts["合法性审查事项"] == ReviewMatter.objects.count()


def _consistent_matters():
    closed = ReviewMatter.objects.filter(status=Status.CLOSED)
    assert not ReviewIssue.objects.filter(matter__in=closed, adoption=Adoption.PENDING).exists()
    assert ReviewIssue.objects.filter(adoption=Adoption.NOT_ADOPTED).exclude(reason="").exists()
    bare = (
        ReviewMatter.objects.filter(conclusion__in=("amend", "illegal"))
        .annotate(n=Count("issues"))
        .filter(n=0)
    )
    assert not bare.exists()
    late = (
        Q(signed_on__gt=TODAY)
        | Q(closed_on__gt=TODAY)
        | Q(submitted_on__gt=TODAY)
        | Q(decided_on__lt=F("signed_on"))
    )
    assert not ReviewMatter.objects.filter(late).exists()
    open_statuses = set(
        ReviewMatter.objects.exclude(status=Status.CLOSED).values_list("status", flat=True)
    )
    assert {Status.SUBMITTED, Status.IN_REVIEW, Status.SIGNED} <= open_statuses


def _rectification_and_ledger():
    closed = ReviewMatter.objects.filter(status=Status.CLOSED)
    assert LedgerEntry.objects.filter(matter__in=closed).count() == closed.count()
    assert LedgerEntry.objects.filter(matter__isnull=True, level="village").exists()
    problems = ReviewMatter.objects.filter(is_problem_contract=True)
    items = RectificationItem.objects.filter(source_type="review.reviewmatter")
    assert items.count() == problems.count() > 100
    assert items.filter(status="closed").count() / items.count() > 0.8
    assert not items.exclude(status="closed").filter(raised_on__lt=dt.date(2026, 6, 1)).exists()


def _registry():
    documents = NormativeDocument.objects.all()
    assert documents.count() > 80
    assert documents.filter(filed_on__isnull=False).count() / documents.count() > 0.8
    assert documents.filter(status="valid", expires_on__lte=dt.date(2027, 5, 20)).exists()
    assert not Filing.objects.filter(filed_on__gt=TODAY).exists()


def _expert_pool(counts):
    pool = Expert.objects.filter(region__name="示例县")
    assert 15 <= pool.count() <= 25 and pool.filter(is_active=False).exists()
    heard = Consultation.objects.filter(expert__isnull=False)
    assert counts["专家论证意见"] == heard.count() > 60
    assert heard.filter(matter__matter_type="decision").count() > heard.count() / 2
    excluded = ExpertDeclaration.objects.exclude(interest="none")
    assert excluded.exists()
    pair = excluded.filter(matter=OuterRef("matter"), expert=OuterRef("expert"))
    assert not heard.filter(Exists(pair)).exists()
    engaged = ExpertDeclaration.objects.filter(interest="none")
    assert engaged.count() >= heard.count()
    assert not heard.filter(given_on__lt=F("matter__accepted_on")).exists()
