"""The review indicators on a small hand-made fixture equal the figures worked out by hand.

2026 (and 2025 for 同比), 示例县:
- matters signed: M1 青石镇 contract (on time, problem, rectified), M2 青石村 contract (late,
  problem, not rectified), M3 公安局 规范性文件 (on time); M4 白沙镇 2025 (on time); M5 not signed;
- issues: M1 two (adopted, not adopted), M2 one adopted, M3 one pending, M4 one adopted (2025);
- 台账: M1, M2 reviewed; 青石村 and 公安局 one unreviewed each; M4 (2025);
- documents 2026: D1 filed on time, D2 filed late, D3 not filed; D4 2025 on time;
  备案审查 results 2026: passed, corrected, passed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.indicators import engine
from fazhi.indicators.periods import Period
from fazhi.indicators.scopes import Scope
from fazhi.rectify.models import RectificationItem
from fazhi.rectify.workflow import Status as RStatus
from fazhi.review import indicators as ind
from fazhi.review.models import (
    Adoption,
    Filing,
    FilingResult,
    LedgerEntry,
    NormativeDocument,
    ReviewIssue,
    ReviewMatter,
)
from fazhi.review.tests.factories import entry_for
from fazhi.review.workflow import Status

pytestmark = pytest.mark.django_db
D = dt.date


def _matter(units, county, unit, level, kind, signed, due, *, problem=False):
    entry = entry_for(county, level, "village" if level == "village" else kind)
    return ReviewMatter.objects.create(
        unit=units[unit],
        review_unit=units["qingshi"],
        catalog_entry=entry,
        level=level,
        matter_type=entry.matter_type,
        is_contract=entry.is_contract,
        title=f"{unit}-{kind}-{signed}",
        status=Status.SIGNED if signed else Status.IN_REVIEW,
        signed_on=signed,
        due_on=due,
        submitted_on=D(2025, 1, 2),
        is_problem_contract=problem,
    )


def _issue(matter, seq, adoption, answered=None):
    ReviewIssue.objects.create(
        matter=matter,
        seq=seq,
        category="content",
        description="问题",
        adoption=adoption,
        answered_on=answered,
    )


def _rectify(matter, units, status):
    RectificationItem.objects.create(
        module="合法性审查",
        source_type="review.reviewmatter",
        source_id=matter.pk,
        source_label="x",
        unit=matter.unit,
        raised_by_unit=units["qingshi"],
        title="整改",
        raised_on=matter.signed_on,
        due_on=D(2026, 12, 31),
        status=status,
    )


def _document(units, unit, number, published, filed=None, timely=None):
    return NormativeDocument.objects.create(
        unit=units[unit],
        title=number,
        doc_number=number,
        published_on=published,
        effective_on=published,
        filed_on=filed,
        filed_timely=timely,
    )


def _filing(document, result, on):
    Filing.objects.create(
        document=document,
        recipient="government",
        recipient_name="县政府",
        filed_on=document.published_on,
        result=result,
        result_on=on,
    )


@pytest.fixture
def fixture(catalog, tree):
    u, c = tree["units"], catalog
    m1 = _matter(
        u, c, "qingshi", "township", "contract", D(2026, 3, 10), D(2026, 3, 12), problem=True
    )
    m2 = _matter(
        u, c, "village", "village", "village", D(2026, 5, 20), D(2026, 5, 15), problem=True
    )
    m3 = _matter(u, c, "police", "county", "normative", D(2026, 6, 1), D(2026, 6, 5))
    m4 = _matter(u, c, "baisha", "township", "decision", D(2025, 4, 1), D(2025, 4, 3))
    _matter(u, c, "qingshi", "township", "contract", None, D(2026, 11, 20))
    _issue(m1, 1, Adoption.ADOPTED, D(2026, 3, 20))
    _issue(m1, 2, Adoption.NOT_ADOPTED, D(2026, 3, 20))
    _issue(m2, 1, Adoption.ADOPTED, D(2026, 6, 1))
    _issue(m3, 1, Adoption.PENDING)
    _issue(m4, 1, Adoption.ADOPTED, D(2025, 4, 10))
    _rectify(m1, u, RStatus.CLOSED)
    _rectify(m2, u, RStatus.OPEN)
    for unit, level, matter, decided in [
        ("qingshi", "township", m1, D(2026, 3, 25)),
        ("village", "village", m2, D(2026, 6, 10)),
        ("village", "village", None, D(2026, 7, 1)),
        ("police", "county", None, D(2026, 8, 1)),
        ("baisha", "township", m4, D(2025, 4, 15)),
    ]:
        LedgerEntry.objects.create(
            unit=u[unit],
            level=level,
            matter_type="contract",
            title="x",
            decided_on=decided,
            matter=matter,
        )
    d1 = _document(u, "police", "D1", D(2026, 2, 1), D(2026, 2, 20), True)
    d2 = _document(u, "government", "D2", D(2026, 5, 1), D(2026, 6, 15), False)
    _document(u, "qingshi", "D3", D(2026, 9, 1))
    d4 = _document(u, "police", "D4", D(2025, 3, 1), D(2025, 3, 20), True)
    _filing(d1, FilingResult.PASSED, D(2026, 3, 1))
    _filing(d2, FilingResult.CORRECTED, D(2026, 7, 1))
    _filing(d2, FilingResult.PASSED, D(2026, 7, 5))
    _filing(d4, FilingResult.PASSED, D(2025, 4, 1))
    return tree


def _value(indicator, scope, variant=None):
    result = engine.evaluate(indicator, scope, Period.year(2026), variant=variant)
    return result.numerator, result.denominator, result.value


def test_county_figures_equal_hand_computation(fixture):
    county = Scope.of_region(fixture["regions"]["county"])
    expected = {
        ind.MATTERS: (3, None, Decimal("3")),
        ind.COVERAGE: (2, 4, Decimal("50.00")),
        ind.ON_TIME: (2, 3, Decimal("66.67")),
        ind.ADOPTION: (2, 3, Decimal("66.67")),
        ind.OPINIONS: (4, None, Decimal("4")),
        ind.CONTRACT_RECTIFY: (1, 2, Decimal("50.00")),
        ind.FILING_RATE: (2, 3, Decimal("66.67")),
        ind.FILING_TIMELY: (1, 3, Decimal("33.33")),
        ind.CORRECTION: (1, 3, Decimal("33.33")),
        ind.VILLAGE_COVERAGE: (1, 2, Decimal("50.00")),
    }
    assert {i.name: _value(i, county) for i in expected} == {i.name: v for i, v in expected.items()}


def test_the_indicators_carry_the_names_the_issue_lists_and_the_expert_count():
    assert [i.name for i in ind.ALL] == [
        "合法性审查件数",
        "审查覆盖率",
        "按期办结率",
        "意见采纳率",
        "提出意见条数",
        "问题合同整改率",
        "规范性文件报备率",
        "报备及时率",
        "备案纠错率",
        "村级审查覆盖率",
        "专家论证参与件数",
    ]


def test_year_on_year_against_2025(fixture):
    county = Scope.of_region(fixture["regions"]["county"])
    result = engine.evaluate(ind.MATTERS, county, Period.year(2026))
    assert (result.previous_value, result.change) == (Decimal("1"), Decimal("2"))
    coverage = engine.evaluate(ind.COVERAGE, county, Period.year(2026))
    assert (coverage.previous_value, coverage.change) == (Decimal("100.00"), Decimal("-50.00"))


def test_a_township_counts_its_villages_and_a_unit_only_itself(fixture):
    qingshi = Scope.of_region(fixture["regions"]["qingshi"])
    assert _value(ind.MATTERS, qingshi) == (2, None, Decimal("2"))
    assert _value(ind.COVERAGE, qingshi) == (2, 3, Decimal("66.67"))
    police = Scope.of_unit(fixture["units"]["police"])
    assert _value(ind.MATTERS, police) == (1, None, Decimal("1"))
    assert _value(ind.COVERAGE, police) == (0, 1, Decimal("0.00"))


def test_by_level_and_by_type(fixture):
    county = Scope.of_region(fixture["regions"]["county"])
    assert _value(ind.MATTERS, county, "level_village")[0] == 1
    assert _value(ind.MATTERS, county, "level_township")[0] == 1
    assert _value(ind.MATTERS, county, "type_normative")[0] == 1
    assert _value(ind.ADOPTION, county, "level_township") == (1, 2, Decimal("50.00"))


def test_each_figure_lists_the_records_behind_it(fixture, reviewer):
    county = Scope.of_region(fixture["regions"]["county"])
    rectified = engine.records_behind(
        ind.CONTRACT_RECTIFY, county, Period.year(2026), user=reviewer
    )
    assert [m.title for m in rectified] == ["qingshi-contract-2026-03-10"]
    unreviewed = engine.records_behind(
        ind.COVERAGE, county, Period.year(2026), "denominator", user=reviewer
    )
    assert unreviewed.count() == 4


def test_counts_over_signed_reviews_are_0_not_no_data_where_reviews_were_signed(fixture, catalog):
    units = fixture["units"]
    county = Scope.of_region(fixture["regions"]["county"])
    # No expert was heard on M1–M4: 0 件 wherever reviews were signed (2025: M4 白沙镇).
    assert _value(ind.EXPERTS, county) == (0, None, Decimal(0))
    assert _value(ind.EXPERTS, county, "level_village") == (0, None, Decimal(0))
    baisha = engine.evaluate(ind.EXPERTS, Scope.of_unit(units["baisha"]), Period.year(2026))
    assert (baisha.value, baisha.previous_value) == (None, Decimal(0))
    # 县政府 signs a review without raising an opinion: 0 条 at its level, none at the others.
    government = Scope.of_unit(units["government"])
    assert _value(ind.OPINIONS, government) == (0, None, None)
    _matter(units, catalog, "government", "county", "normative", D(2026, 9, 1), D(2026, 9, 5))
    assert _value(ind.OPINIONS, government) == (0, None, Decimal(0))
    assert _value(ind.OPINIONS, government, "level_county") == (0, None, Decimal(0))
    assert _value(ind.OPINIONS, government, "level_village") == (0, None, None)
