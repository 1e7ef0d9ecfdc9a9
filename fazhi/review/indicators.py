"""Indicators of 合法性审查 and 规范性文件备案 (issue 4 part 6), computed in the database.

Where a figure counts reviews, the matter belongs to its submitting unit (so a township's figure
includes its villages' matters) and to the period in which its opinion letter was signed.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from fazhi.indicators.registry import Direction, Indicator, Measure, Variant, register
from fazhi.rectify.models import RectificationItem
from fazhi.rectify.workflow import Status as RectifyStatus
from fazhi.review.models import (
    Adoption,
    Consultation,
    Filing,
    FilingResult,
    LedgerEntry,
    Level,
    MatterType,
    NormativeDocument,
    ReviewIssue,
    ReviewMatter,
)

HUNDRED = Decimal(100)
PERCENT = {"unit": "%", "scale": 100, "decimals": 2}

signed = Measure(
    lambda: ReviewMatter.objects.filter(signed_on__isnull=False),
    date_field="signed_on",
    label="出具审查意见书的审查事项",
)
ledger = Measure(LedgerEntry.objects.all(), date_field="decided_on", label="应审事项")
answered = Measure(
    lambda: ReviewIssue.objects.exclude(adoption=Adoption.PENDING),
    date_field="answered_on",
    unit_fields=("matter__unit",),
    label="已反馈的审查意见",
)
raised = Measure(
    lambda: ReviewIssue.objects.filter(matter__signed_on__isnull=False),
    date_field="matter__signed_on",
    unit_fields=("matter__unit",),
    label="审查意见",
)
published = Measure(NormativeDocument.objects.all(), date_field="published_on", label="应报备文件")
reviewed_filings = Measure(
    lambda: Filing.objects.exclude(result=FilingResult.PENDING),
    date_field="result_on",
    unit_fields=("document__unit",),
    label="已作出备案审查结论的报备",
)


def _of_level(measure: Measure | None, level: Level) -> Measure | None:
    if measure is None:
        return None
    return measure.filter(level=level, label=f"{measure.label}（{level.label}）")


def _level_variants(
    numerator: Measure, denominator: Measure | None, *, base: Measure | None = None
) -> tuple[Variant, ...]:
    """One 统计口径 per level (县级、乡镇、村级); a count's base narrowed to the level too."""
    return tuple(
        Variant(
            key=f"level_{level.value}",
            name=f"仅{level.label}",
            numerator=_of_level(numerator, level),
            denominator=_of_level(denominator, level),
            base=_of_level(base, level),
        )
        for level in Level
    )


def _issue_level_variants(
    numerator: Measure, denominator: Measure | None, *, base: Measure | None = None
) -> tuple[Variant, ...]:
    """The same for measures of opinions (ReviewIssue), whose level is their matter's; `base`
    counts matters (ReviewMatter)."""
    return tuple(
        Variant(
            key=f"level_{level.value}",
            name=f"仅{level.label}",
            numerator=numerator.filter(matter__level=level, label=numerator.label),
            denominator=denominator.filter(matter__level=level, label=denominator.label)
            if denominator
            else None,
            base=_of_level(base, level),
        )
        for level in Level
    )


def _type_variants() -> tuple[Variant, ...]:
    return tuple(
        Variant(
            key=f"type_{kind.value}",
            name=f"仅{kind.label}",
            numerator=signed.filter(matter_type=kind, label=f"审查事项（{kind.label}）"),
        )
        for kind in MatterType
    )


MATTERS = register(
    Indicator(
        code="review.matters_reviewed",
        name="合法性审查件数",
        definition="统计期间内签发合法性审查意见书的审查事项件数（可按事项类型、审查层级统计）",
        basis="issue 4 第6部分；浙江省行政合法性审查工作规定",
        unit="件",
        decimals=0,
        direction=Direction.NEUTRAL,
        numerator=signed,
        variants=_level_variants(signed, None) + _type_variants(),
    )
)

_reviewed_ledger = ledger.filter(matter__isnull=False, label="经合法性审查的应审事项")
COVERAGE = register(
    Indicator(
        code="review.coverage",
        name="审查覆盖率",
        definition="统计期间内作出决定（签订）的应审事项中，经合法性审查的件数 ÷ 应审事项件数 × 100%",
        basis="应审尽审（浙江省行政合法性审查工作规定 第4条）",
        direction=Direction.HIGHER_IS_BETTER,
        numerator=_reviewed_ledger,
        denominator=ledger,
        target=HUNDRED,
        variants=_level_variants(_reviewed_ledger, ledger),
        **PERCENT,  # type: ignore[arg-type]
    )
)

_on_time = signed.filter(Q(due_on__isnull=False) & Q(signed_on__lte=F("due_on")), label="按期签发")
ON_TIME = register(
    Indicator(
        code="review.on_time_rate",
        name="按期办结率",
        definition="在审查期限内签发意见书的审查事项件数 ÷ 签发意见书的审查事项件数 × 100%",
        basis="审查期限见审查事项目录（重大行政决策程序暂行条例 第26条等）",
        direction=Direction.HIGHER_IS_BETTER,
        numerator=_on_time,
        denominator=signed,
        target=HUNDRED,
        variants=_level_variants(_on_time, signed),
        **PERCENT,  # type: ignore[arg-type]
    )
)

_adopted = answered.filter(adoption=Adoption.ADOPTED, label="采纳的审查意见")
ADOPTION = register(
    Indicator(
        code="review.adoption_rate",
        name="意见采纳率",
        definition="统计期间内送审单位反馈“采纳”的审查意见条数 ÷ 已反馈的审查意见条数 × 100%",
        basis="issue 4 第4部分（采纳反馈）",
        direction=Direction.HIGHER_IS_BETTER,
        numerator=_adopted,
        denominator=answered,
        variants=_issue_level_variants(_adopted, answered),
        **PERCENT,  # type: ignore[arg-type]
    )
)

OPINIONS = register(
    Indicator(
        code="review.opinions_raised",
        name="提出意见条数",
        definition="统计期间内签发的审查意见书中提出的审查意见（问题）条数",
        basis="issue 4 第3部分",
        unit="条",
        decimals=0,
        direction=Direction.NEUTRAL,
        numerator=raised,
        # Opinion letters signed without an opinion raised: 0 条, not 无数据.
        base=signed,
        variants=_issue_level_variants(raised, None, base=signed),
    )
)


def _problem_contracts() -> QuerySet[ReviewMatter]:
    return ReviewMatter.objects.filter(is_problem_contract=True, signed_on__isnull=False)


def _rectified_contracts() -> QuerySet[ReviewMatter]:
    items = RectificationItem.objects.filter(
        source_type=ReviewMatter._meta.label_lower, source_id=OuterRef("pk")
    )
    open_items = items.exclude(status=RectifyStatus.CLOSED)
    return _problem_contracts().filter(Exists(items), ~Exists(open_items))


problem_contracts = Measure(_problem_contracts, date_field="signed_on", label="问题合同")
CONTRACT_RECTIFY = register(
    Indicator(
        code="review.contract_rectify_rate",
        name="问题合同整改率",
        definition="审查发现问题的合同中，整改事项全部核验销号的件数 ÷ 问题合同件数 × 100%（按意见书签发日期统计）",
        basis="issue 4 第4部分；整改台账",
        direction=Direction.HIGHER_IS_BETTER,
        numerator=Measure(
            _rectified_contracts, date_field="signed_on", label="已整改销号的问题合同"
        ),
        denominator=problem_contracts,
        target=HUNDRED,
        **PERCENT,  # type: ignore[arg-type]
    )
)

FILING_RATE = register(
    Indicator(
        code="review.filing_rate",
        name="规范性文件报备率",
        definition="统计期间内发布的规范性文件中，已向全部备案机关报备的件数 ÷ 发布件数 × 100%",
        basis="法治政府建设示范指标：报备率 100%（RULES.md §2、§7）",
        direction=Direction.HIGHER_IS_BETTER,
        numerator=published.filter(filed_on__isnull=False, label="已报备文件"),
        denominator=published,
        target=HUNDRED,
        **PERCENT,  # type: ignore[arg-type]
    )
)

FILING_TIMELY = register(
    Indicator(
        code="review.filing_timely_rate",
        name="报备及时率",
        definition="统计期间内发布的规范性文件中，在报备期限内向全部备案机关报备的件数 ÷ 发布件数 × 100%",
        basis="法治政府建设示范指标：及时率 100%；报备期限见期限规则（待核实）",
        direction=Direction.HIGHER_IS_BETTER,
        numerator=published.filter(filed_timely=True, label="按时报备文件"),
        denominator=published,
        target=HUNDRED,
        **PERCENT,  # type: ignore[arg-type]
    )
)

CORRECTION = register(
    Indicator(
        code="review.filing_correction_rate",
        name="备案纠错率",
        definition="统计期间内作出备案审查结论的报备中，结论为“纠错”的件数 ÷ 作出结论的件数 × 100%",
        basis="RULES.md §11.D（规范性文件备案审查）",
        direction=Direction.NEUTRAL,
        numerator=reviewed_filings.filter(result=FilingResult.CORRECTED, label="纠错的报备"),
        denominator=reviewed_filings,
        **PERCENT,  # type: ignore[arg-type]
    )
)

_village_ledger = ledger.filter(level=Level.VILLAGE, label="村级应审事项")
VILLAGE_COVERAGE = register(
    Indicator(
        code="review.village_coverage",
        name="村级审查覆盖率",
        definition="村（社区）作出决定（签订合同）的涉法事项中，经合法性审查的件数 ÷ 村级应审事项件数 × 100%",
        basis="浙江省行政合法性审查工作规定（向行政村提供审查服务）",
        direction=Direction.HIGHER_IS_BETTER,
        numerator=_village_ledger.filter(matter__isnull=False, label="经审查的村级事项"),
        denominator=_village_ledger,
        target=HUNDRED,
        **PERCENT,  # type: ignore[arg-type]
    )
)


def _expert_consulted() -> QuerySet[ReviewMatter]:
    opinions = Consultation.objects.filter(matter=OuterRef("pk"), expert__isnull=False)
    return ReviewMatter.objects.filter(signed_on__isnull=False).filter(Exists(opinions))


expert_consulted = Measure(
    _expert_consulted, date_field="signed_on", label="听取专家库专家意见的审查事项"
)
EXPERTS = register(
    Indicator(
        code="review.expert_consulted",
        name="专家论证参与件数",
        definition="统计期间内签发意见书的审查事项中，听取了专家库专家论证意见的件数",
        basis="重大行政决策程序暂行条例 第19–21条（专家论证、专家库）",
        unit="件",
        decimals=0,
        direction=Direction.NEUTRAL,
        numerator=expert_consulted,
        # Reviews signed without an expert heard: 0 件, not 无数据.
        base=signed,
        variants=_level_variants(expert_consulted, None, base=signed),
    )
)

ALL = (
    MATTERS,
    COVERAGE,
    ON_TIME,
    ADOPTION,
    OPINIONS,
    CONTRACT_RECTIFY,
    FILING_RATE,
    FILING_TIMELY,
    CORRECTION,
    VILLAGE_COVERAGE,
    EXPERTS,
)
