"""The dispute indicators, computed in the database from the case records.

Names are the canonical ones the published-report reader uses too. Where practice differs
(RULES.md §4 "How 纠错率 and 调撤率 are computed", §5 "Common indicator definitions", §11.D), the
other 统计口径 are variants; the default of each is stated in its definition.

Placement: a 复议 case belongs to its 被申请人; a 诉讼 case to its 被告 and, when the 复议机关 upheld
the act, to that co-defendant as well (counted once in a region that holds both).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from django.db.models import Q

from fazhi.indicators.registry import Direction, Indicator, Measure, Variant, register

from .enums import (
    LAWSUIT_JUDGMENTS,
    LAWSUIT_LOSSES,
    LAWSUIT_MEDIATED_OR_WITHDRAWN,
    RECON_CONCLUDED,
    RECON_CORRECTIONS,
    RECON_DECISIONS,
    RECON_MEDIATED_OR_WITHDRAWN,
    Instance,
)
from .models import Lawsuit, Reconsideration

RECON_BASIS = "RULES.md §4、§11.D；行政复议法（2023 修订）"
LAWSUIT_BASIS = "RULES.md §5、§11.D；行政诉讼法"
LAWSUIT_UNITS = ("defendant", "co_defendant")

# 行政复议 -----------------------------------------------------------------------------------
recon_received = Measure(
    Reconsideration.objects.all(),
    unit_fields=("respondent",),
    date_field="received_on",
    label="复议收案数",
)
# 审结: closed after admission; 不予受理, 视为放弃 and 立案前化解 are not 审结.
recon_concluded = Measure(
    lambda: Reconsideration.objects.filter(
        closed_on__isnull=False, outcome__in=RECON_CONCLUDED, pre_filing_resolved=False
    ),
    unit_fields=("respondent",),
    date_field="closed_on",
    label="复议审结数",
)
recon_corrected = recon_concluded.filter(outcome__in=RECON_CORRECTIONS, label="纠错决定数")
recon_mediated = recon_concluded.filter(
    outcome__in=RECON_MEDIATED_OR_WITHDRAWN, label="调解、和解、撤回结案数"
)
recon_decided = recon_concluded.filter(outcome__in=RECON_DECISIONS, label="以决定结案数")
# 办案天数 is known once the case has a 受理 date.
recon_timed = recon_concluded.filter(handling_days__isnull=False, label="有受理日期的审结数")

# 行政诉讼 -----------------------------------------------------------------------------------
first_filed = Measure(
    lambda: Lawsuit.objects.filter(instance=Instance.FIRST),
    unit_fields=LAWSUIT_UNITS,
    date_field="filed_on",
    label="一审收案数",
)
first_closed = Measure(
    lambda: Lawsuit.objects.filter(instance=Instance.FIRST, closed_on__isnull=False),
    unit_fields=LAWSUIT_UNITS,
    date_field="closed_on",
    label="一审审结数",
)
first_lost = first_closed.filter(outcome__in=LAWSUIT_LOSSES, label="败诉案件数")
first_mediated = first_closed.filter(
    outcome__in=LAWSUIT_MEDIATED_OR_WITHDRAWN, label="调解、撤诉结案数"
)
heard = Measure(
    lambda: Lawsuit.objects.filter(hearing_held=True),
    unit_fields=LAWSUIT_UNITS,
    date_field="first_hearing_on",
    label="开庭审理案件数",
)
after_recon = Q(reconsideration__isnull=False)

register(
    Indicator(
        code="disputes.litigation_received",
        name="行政诉讼收案数",
        definition="统计期内立案的一审行政诉讼案件数（按被告及复议维持共同被告计）",
        basis=LAWSUIT_BASIS,
        unit="件",
        decimals=0,
        direction=Direction.NEUTRAL,
        numerator=first_filed,
        variants=(
            Variant(
                key="all_instances",
                name="含二审、再审",
                definition="统计期内立案的一审、二审、再审案件数",
                numerator=Measure(
                    Lawsuit.objects.all(),
                    unit_fields=LAWSUIT_UNITS,
                    date_field="filed_on",
                    label="各审级收案数",
                ),
            ),
        ),
    )
)
register(
    Indicator(
        code="disputes.litigation_first_closed",
        name="行政诉讼一审审结数",
        definition="统计期内审结（作出判决、裁定或调解）的一审行政诉讼案件数",
        basis=LAWSUIT_BASIS,
        unit="件",
        decimals=0,
        direction=Direction.NEUTRAL,
        numerator=first_closed,
    )
)
register(
    Indicator(
        code="disputes.litigation_lost",
        name="行政诉讼败诉数",
        definition="统计期内审结的一审案件中，判决撤销、变更、确认违法或无效、责令履行、给付、行政协议责任、赔偿的案件数",
        basis=LAWSUIT_BASIS,
        unit="件",
        decimals=0,
        direction=Direction.LOWER_IS_BETTER,
        numerator=first_lost,
        # Cases concluded, none lost: 0 件 (败诉零发生, a target counties are assessed on).
        base=first_closed,
    )
)
register(
    Indicator(
        code="disputes.litigation_loss_rate",
        name="行政诉讼败诉率",
        definition="行政机关败诉的一审审结案件数 ÷ 一审审结案件总数 × 100%（默认口径：分母含判决、裁定、调解结案）",
        basis=LAWSUIT_BASIS,
        unit="%",
        scale=Decimal(100),
        decimals=2,
        direction=Direction.LOWER_IS_BETTER,
        numerator=first_lost,
        denominator=first_closed,
        target=Decimal(5),
        variants=(
            Variant(
                key="judgments_only",
                name="仅判决结案",
                definition="败诉判决数 ÷ 以判决结案的一审审结案件数 × 100%",
                denominator=first_closed.filter(outcome__in=LAWSUIT_JUDGMENTS, label="判决结案数"),
            ),
        ),
    )
)
register(
    Indicator(
        code="disputes.litigation_mediation_rate",
        name="行政诉讼调撤率",
        definition="（调解结案数 + 撤诉结案数）÷ 一审审结案件数 × 100%",
        basis=LAWSUIT_BASIS,
        unit="%",
        scale=Decimal(100),
        decimals=2,
        direction=Direction.HIGHER_IS_BETTER,
        numerator=first_mediated,
        denominator=first_closed,
        target=Decimal(45),
    )
)
register(
    Indicator(
        code="disputes.head_appearance_rate",
        name="行政机关负责人出庭应诉率",
        definition="有符合规定的负责人出庭的案件数 ÷ 开庭审理的案件数 × 100%（各审级；默认口径以开庭审理案件为分母）",
        basis="RULES.md §5；最高法《关于行政机关负责人出庭应诉若干问题的规定》（2020）第1、2、7条",
        unit="%",
        scale=Decimal(100),
        decimals=2,
        direction=Direction.HIGHER_IS_BETTER,
        numerator=heard.filter(head_appeared=True, label="负责人出庭案件数"),
        denominator=heard,
        target=Decimal(100),
        variants=(
            Variant(
                key="over_requested",
                name="以法院通知出庭案件为分母",
                definition="法院通知负责人出庭且负责人出庭的案件数 ÷ 法院通知负责人出庭的案件数 × 100%",
                numerator=heard.filter(
                    head_requested=True, head_appeared=True, label="通知后出庭案件数"
                ),
                denominator=heard.filter(head_requested=True, label="法院通知出庭案件数"),
            ),
        ),
    )
)
register(
    Indicator(
        code="disputes.reconsideration_received",
        name="行政复议收案数",
        definition="统计期内收到的行政复议申请数（按被申请人计）",
        basis=RECON_BASIS,
        unit="件",
        decimals=0,
        direction=Direction.NEUTRAL,
        numerator=recon_received,
    )
)
register(
    Indicator(
        code="disputes.reconsideration_concluded",
        name="行政复议审结数",
        definition="统计期内受理后结案的复议案件数（不含不予受理、视为放弃和立案前化解）",
        basis=RECON_BASIS,
        unit="件",
        decimals=0,
        direction=Direction.NEUTRAL,
        numerator=recon_concluded,
    )
)
register(
    Indicator(
        code="disputes.reconsideration_corrected",
        name="行政复议纠错数",
        definition="统计期内以撤销、部分撤销、变更、确认违法、责令履行、确认无效结案的复议案件数",
        basis=RECON_BASIS,
        unit="件",
        decimals=0,
        direction=Direction.NEUTRAL,
        numerator=recon_corrected,
        # Cases concluded, none corrected: 0 件.
        base=recon_concluded,
    )
)
register(
    Indicator(
        code="disputes.reconsideration_correction_rate",
        name="行政复议纠错率",
        definition="纠错决定数 ÷ 审结案件数 × 100%（默认口径：分母为全部审结案件）",
        basis=RECON_BASIS,
        unit="%",
        scale=Decimal(100),
        decimals=2,
        direction=Direction.NEUTRAL,
        numerator=recon_corrected,
        denominator=recon_concluded,
        variants=(
            Variant(
                key="over_decided",
                name="以决定结案为分母（全国口径）",
                definition="纠错决定数 ÷ 以复议决定结案的案件数 × 100%（不含调解、和解、撤回、终止）",
                denominator=recon_decided,
            ),
            Variant(
                key="over_received",
                name="以收案数为分母",
                definition="纠错决定数 ÷ 同期收案数 × 100%",
                denominator=recon_received,
            ),
        ),
    )
)
register(
    Indicator(
        code="disputes.reconsideration_mediation_rate",
        name="行政复议调撤率",
        definition="（调解 + 和解 + 撤回结案数）÷ 审结案件数 × 100%",
        basis=RECON_BASIS,
        unit="%",
        scale=Decimal(100),
        decimals=2,
        direction=Direction.HIGHER_IS_BETTER,
        numerator=recon_mediated,
        denominator=recon_concluded,
        target=Decimal(50),
        variants=(
            Variant(
                key="over_received",
                name="以收案数为分母",
                definition="（调解 + 和解 + 撤回结案数）÷ 同期收案数 × 100%",
                denominator=recon_received,
            ),
        ),
    )
)
register(
    Indicator(
        code="disputes.reconsideration_litigation_ratio",
        name="复议诉讼收案比",
        definition="行政复议收案数 ÷ 同期一审行政诉讼收案数（比值，如 3.05 即 3.05:1）",
        basis="RULES.md §4 复议与一审诉讼收案比、§11.D",
        unit="比值",
        decimals=2,
        direction=Direction.HIGHER_IS_BETTER,
        numerator=recon_received,
        denominator=first_filed,
        target=Decimal(1),
    )
)
register(
    Indicator(
        code="disputes.suit_after_reconsideration_rate",
        name="复议后起诉率",
        definition="经复议后提起的一审诉讼数 ÷ 同期复议审结数 × 100%",
        basis=RECON_BASIS,
        unit="%",
        scale=Decimal(100),
        decimals=2,
        direction=Direction.LOWER_IS_BETTER,
        numerator=first_filed.filter(after_recon, label="复议后起诉数"),
        denominator=recon_concluded,
    )
)
register(
    Indicator(
        code="disputes.loss_after_reconsideration",
        name="复议后败诉数",
        definition="经复议后起诉、一审审结且行政机关败诉的案件数",
        basis=LAWSUIT_BASIS,
        unit="件",
        decimals=0,
        direction=Direction.LOWER_IS_BETTER,
        numerator=first_lost.filter(after_recon, label="复议后败诉数"),
        # Lawsuits concluded, none lost after 复议: 0 件 meets the target ≤0.
        base=first_closed,
        target=Decimal(0),
    )
)
register(
    Indicator(
        code="disputes.reconsideration_average_days",
        name="行政复议平均办案天数",
        definition="审结案件自受理至结案的自然日之和 ÷ 有受理日期的审结案件数",
        basis=RECON_BASIS,
        unit="天",
        decimals=1,
        direction=Direction.LOWER_IS_BETTER,
        numerator=replace(recon_timed, sum_of="handling_days", label="办案天数合计"),
        denominator=recon_timed,
    )
)
