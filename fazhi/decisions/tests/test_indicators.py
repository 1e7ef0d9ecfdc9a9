"""The decision indicators on a small hand-made fixture equal the figures worked out by hand.

示例县, 2026 (and 2025 for 同比); 承办单位 公安局 (police), 青石镇 (qingshi), 司法局 (justice):

| 事项 | 单位 | 来源 | 要求 | 决定 | 计划决定 | 合法性审查 | 公布 | 其他 |
| D1 | 公安局 | 目录 | 公众参与、专家论证（均完成） | 05-10 | 05 月 | 合法 | 05-20 | 后评估 09-01 |
| D2 | 公安局 | 目录 | 公众参与（完成）、风险评估（未完成） | 07-15 | 06 月 | 无（第25条） | — | |
| D3 | 青石镇 | 目录 | 公众参与（完成） | 03-01 | 03 月 | 修改后合法 | 03-10 | |
| D4 | 青石镇 | 目录外 | — | 08-01 | — | 不合法 | 08-10 | |
| D5 | 司法局 | 目录 | 公众参与 | — | 10 月 | — | — | 拟订中 |
| D6 | 公安局 | 目录 | 公众参与 | — | 04 月 | — | — | 已调出目录 |
| D7 | 公安局 | 2025 目录 | 公众参与（完成） | 2025-06-01 | 2025-06 | 合法 | 2025-06-10 | |

By hand, 2026, the county: 目录事项 D1 D2 D3 D5 = 4; made D1–D4 = 4, listed 3 (75%),
reviewed D1 D3 (50%), published D1 D3 D4 (75%); 公众参与 3/3, 专家论证 1/1, 风险评估 0/1;
planned D1 D2 D3 D5, on plan D1 D3 (50%); 后评估 1.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.decisions import indicators as ind
from fazhi.decisions.models import Decision, DecisionCatalog, Origin
from fazhi.decisions.workflow import Status
from fazhi.indicators import engine
from fazhi.indicators.periods import Period
from fazhi.indicators.scopes import Scope
from fazhi.review.models import CatalogEntry, ReviewMatter

pytestmark = pytest.mark.django_db
D = dt.date


def _matter(unit, entry, conclusion, signed):
    return ReviewMatter.objects.create(
        unit=unit,
        review_unit=unit,
        catalog_entry=entry,
        level=entry.level,
        matter_type="decision",
        title="审查",
        status="closed",
        conclusion=conclusion,
        signed_on=signed,
        submitted_on=signed - dt.timedelta(days=14),
    )


def _decision(catalog, seq, unit, gov, **fields):
    values = {"needs_participation": True, "status": Status.DRAFTING, **fields}
    if values.get("decided_on"):
        values.setdefault("status", Status.DECIDED)
    return Decision.objects.create(
        catalog=catalog, seq=seq, title=f"D{seq}", host_unit=unit, decision_unit=gov, **values
    )


@pytest.fixture
def fixture(tree, review_catalog):
    u, county = tree["units"], tree["regions"]["county"]
    entry = CatalogEntry.objects.filter(region=county, matter_type="decision").first()
    gov = u["government"]
    this = DecisionCatalog.objects.create(region=county, year=2026, status="published")
    last = DecisionCatalog.objects.create(region=county, year=2025, status="published")
    listed, listed_last = D(2026, 2, 20), D(2025, 2, 20)
    _decision(
        this,
        1,
        u["police"],
        gov,
        listed_on=listed,
        needs_expert=True,
        decided_on=D(2026, 5, 10),
        plan_meeting=D(2026, 5, 31),
        participation_on=D(2026, 4, 1),
        expert_on=D(2026, 4, 5),
        review_matter=_matter(u["police"], entry, "legal", D(2026, 5, 1)),
        published_on=D(2026, 5, 20),
        evaluated_on=D(2026, 9, 1),
    )
    _decision(
        this,
        2,
        u["police"],
        gov,
        listed_on=listed,
        needs_risk=True,
        exploratory=True,
        decided_on=D(2026, 7, 15),
        plan_meeting=D(2026, 6, 30),
        participation_on=D(2026, 6, 1),
    )
    _decision(
        this,
        3,
        u["qingshi"],
        gov,
        listed_on=listed,
        decided_on=D(2026, 3, 1),
        plan_meeting=D(2026, 3, 31),
        participation_on=D(2026, 2, 25),
        review_matter=_matter(u["qingshi"], entry, "amend", D(2026, 2, 27)),
        published_on=D(2026, 3, 10),
    )
    _decision(
        this,
        4,
        u["qingshi"],
        gov,
        origin=Origin.UNLISTED,
        needs_participation=False,
        decided_on=D(2026, 8, 1),
        published_on=D(2026, 8, 10),
        review_matter=_matter(u["qingshi"], entry, "illegal", D(2026, 7, 20)),
    )
    _decision(this, 5, u["justice"], gov, listed_on=listed, plan_meeting=D(2026, 10, 31))
    _decision(
        this,
        6,
        u["police"],
        gov,
        listed_on=listed,
        plan_meeting=D(2026, 4, 30),
        status=Status.WITHDRAWN,
    )
    _decision(
        last,
        1,
        u["police"],
        gov,
        listed_on=listed_last,
        decided_on=D(2025, 6, 1),
        plan_meeting=D(2025, 6, 30),
        participation_on=D(2025, 5, 1),
        review_matter=_matter(u["police"], entry, "legal", D(2025, 5, 15)),
        published_on=D(2025, 6, 10),
    )
    return tree


def _value(indicator, scope, year=2026):
    result = engine.evaluate(indicator, scope, Period.year(year))
    return result.numerator, result.denominator, result.value


def test_county_figures_equal_hand_computation(fixture):
    county = Scope.of_region(fixture["regions"]["county"])
    expected = {
        ind.LISTED: (4, None, Decimal("4")),
        ind.COVERAGE: (3, 4, Decimal("75.00")),
        ind.LEGALITY: (2, 4, Decimal("50.00")),
        ind.PARTICIPATION: (3, 3, Decimal("100.00")),
        ind.EXPERT: (1, 1, Decimal("100.00")),
        ind.RISK: (0, 1, Decimal("0.00")),
        ind.DISCLOSURE: (3, 4, Decimal("75.00")),
        ind.ON_PLAN: (2, 4, Decimal("50.00")),
        ind.EVALUATIONS: (1, None, Decimal("1")),
    }
    assert {i.name: _value(i, county) for i in expected} == {i.name: v for i, v in expected.items()}


def test_the_nine_indicators_carry_the_names_the_issue_lists():
    assert [i.name for i in ind.ALL] == [
        "目录事项数",
        "目录化管理覆盖率",
        "合法性审查率",
        "公众参与率",
        "专家论证率",
        "风险评估率",
        "依法公开率",
        "按计划完成率",
        "后评估数",
    ]


def test_a_unit_counts_what_it_hosts_and_a_township_its_own(fixture):
    police = Scope.of_unit(fixture["units"]["police"])
    assert _value(ind.COVERAGE, police) == (2, 2, Decimal("100.00"))
    assert _value(ind.LEGALITY, police) == (1, 2, Decimal("50.00"))
    qingshi = Scope.of_region(fixture["regions"]["qingshi"])
    assert _value(ind.COVERAGE, qingshi) == (1, 2, Decimal("50.00"))
    assert _value(ind.DISCLOSURE, qingshi) == (2, 2, Decimal("100.00"))


def test_year_on_year_against_2025(fixture):
    county = Scope.of_region(fixture["regions"]["county"])
    result = engine.evaluate(ind.LEGALITY, county, Period.year(2026))
    assert (result.previous_value, result.change) == (Decimal("100.00"), Decimal("-50.00"))


def test_each_figure_lists_the_decisions_behind_it(fixture, county_admin):
    county = Scope.of_region(fixture["regions"]["county"])
    period = Period.year(2026)
    unlisted = engine.records_behind(ind.COVERAGE, county, period, "denominator", user=county_admin)
    assert sorted(d.title for d in unlisted) == ["D1", "D2", "D3", "D4"]
    late = engine.records_behind(ind.ON_PLAN, county, period, "numerator", user=county_admin)
    assert sorted(d.title for d in late) == ["D1", "D3"]
