"""The demo's indicator systems: 示例县's annual 考核方案 for townships and departments, 示例市's
for its counties (3-level trees, weights summing to 100, every scoring rule), and the skeleton
of the national 示范指标体系 with only what RULES.md §2 confirms."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from fazhi.core.demo import DemoContext
from fazhi.indicators import systems
from fazhi.indicators.demo.targets import CITY, MAIN_COUNTY, PUBLIC_LAWYER, C, D, T
from fazhi.indicators.models import IndicatorSystem, ScoringRule, SystemItem, SystemStatus


@dataclass(frozen=True)
class Item:
    """A node of a scheme as written down: a group (with children) or a leaf."""

    number: str
    name: str
    weight: int = 0
    code: str = ""
    rule: str = ScoringRule.MET_FULL
    params: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    children: tuple[Item, ...] = ()


def group(number: str, name: str, weight: int, *children: Item) -> Item:
    return Item(number, name, weight, children=children)


M, LIN, STEP, BONUS, COLOUR = (
    ScoringRule.MET_FULL,
    ScoringRule.LINEAR,
    ScoringRule.STEPPED,
    ScoringRule.BONUS,
    ScoringRule.COLOUR,
)
FULL = {"no_data": "full"}  # 无案件（无应审事项、无发文）的不扣分
NONE_FREE = "；本年度无相关案件（事项）的不扣分"
leaf = Item


def _ratio_item(number: str, weight: int, steps: list[list[float]]) -> Item:
    return leaf(number, "复议与一审诉讼收案比", weight, "disputes.reconsideration_litigation_ratio",
                STEP, {"steps": steps, **FULL},
                f"不低于1得满分；低于1扣{steps[0][1]}分，0.7及以下扣{steps[1][1]}分，0.5及以下不得分{NONE_FREE}")  # fmt: skip


def _loss_item(number: str, weight: int) -> Item:
    return leaf(number, "行政诉讼败诉率", weight, "disputes.litigation_loss_rate", STEP,
                {"steps": [[0, 4], [3, 8], [10, weight]], **FULL},
                f"不高于5%得满分；高于5%扣4分，达到8%扣8分，达到15%不得分{NONE_FREE}")  # fmt: skip


def _suits(first: int, head: int) -> Item:
    """（二）行政应诉 of a township's or a department's scheme, its items numbered from `first`."""
    return group("（二）", "行政应诉", 20 + head,
        _loss_item(str(first), 12),
        leaf(str(first + 1), "行政诉讼调撤率", 8, "disputes.litigation_mediation_rate", COLOUR,
             FULL, f"绿色得满分，黄色得4分，红色不得分{NONE_FREE}"),
        leaf(str(first + 2), "行政机关负责人出庭应诉率", head, "disputes.head_appearance_rate", M,
             FULL, f"达到100%得满分，否则不得分{NONE_FREE}"),
    )  # fmt: skip


def _on_time(number: str, weight: int, params: dict[str, Any], note: str) -> Item:
    steps = [[0, 2], [10, weight // 2], [20, weight]]
    return leaf(number, "按期办结率", weight, "review.on_time_rate", STEP,
                {"steps": steps, **params},
                f"100%得满分；未达到扣2分，90%及以下扣{weight // 2}分，80%及以下不得分{note}")  # fmt: skip


def _filing(first: int, params: dict[str, Any]) -> Item:
    """（四）规范性文件备案 (示范指标: 报备率、及时率 100%, RULES.md §2), items from `first`."""
    free = "；本年度未发文的不扣分" if params else ""
    return group("（四）", "规范性文件备案", 15,
        leaf(str(first), "规范性文件报备率", 8, "review.filing_rate", M, params,
             f"全部报备得满分，否则不得分{free}"),
        leaf(str(first + 1), "报备及时率", 7, "review.filing_timely_rate", LIN,
             {"zero_at": 60, **params}, f"100%得满分；60%及以下不得分，其间按差距计分{free}"),
    )  # fmt: skip


def _team(first: int, rectify: int, lawyers: int, params: dict[str, Any]) -> Item:
    """三、法治督察整改与法治队伍建设: 问题合同整改率 and 公职律师配备率 (手工填报)."""
    return group("三", "法治督察整改与法治队伍建设", rectify + lawyers,
        group("（五）", "问题整改", rectify,
            leaf(str(first), "问题合同整改率", rectify, "review.contract_rectify_rate", M, params,
                 "问题合同全部整改销号得满分，否则不得分"),
        ),
        group("（六）", "公职律师工作", lawyers,
            leaf(str(first + 1), "公职律师配备率（手工填报）", lawyers, PUBLIC_LAWYER, LIN,
                 {"zero_at": 20}, "达到目标值得满分；20%及以下不得分，其间按差距计分"),
        ),
    )  # fmt: skip


def _bonus(first: int, *, mediation: bool) -> Item:
    """四、加扣分项, outside the 100 points: each BONUS item adds or takes at most 5."""
    penalty = leaf(str(first + mediation), "复议后败诉（扣分）", 5,
                   "disputes.loss_after_reconsideration", BONUS, {"per_unit": 2},
                   "经复议的案件在诉讼中败诉的，每件扣2分，最多扣5分")  # fmt: skip
    bonus = leaf(str(first), "行政复议调撤率（加扣分）", 5, "disputes.reconsideration_mediation_rate",
                 BONUS, {"per_unit": 0.25},
                 "每高于目标值1个百分点加0.25分，每低1个百分点扣0.25分，最多加（扣）5分")  # fmt: skip
    items = (bonus, penalty) if mediation else (penalty,)
    return group("四", "加扣分项（不计入100分）", 0, group("（七）", "加扣分", 0, *items))


TOWNSHIP_TREE = (
    group("一", "依法化解行政争议", 40,
        group("（一）", "行政复议", 12, _ratio_item("1", 12, [[0, 3], [0.3, 6], [0.5, 12]])),
        _suits(2, head=8),
    ),
    group("二", "合法性审查与规范性文件监督管理", 40,
        group("（三）", "合法性审查", 25,
            leaf("5", "审查覆盖率", 10, "review.coverage", LIN, {"zero_at": 80},
                 "应审尽审得满分；80%及以下不得分，其间按差距计分"),
            leaf("6", "村级审查覆盖率", 8, "review.village_coverage", COLOUR, {},
                 "绿色得满分，黄色得4分，红色不得分"),
            _on_time("7", 7, FULL, ""),
        ),
        _filing(8, FULL),
    ),
    _team(10, rectify=8, lawyers=12, params=FULL),
    _bonus(12, mediation=True),
)  # fmt: skip

DEPARTMENT_TREE = (
    group("一", "依法化解行政争议", 45,
        group("（一）", "行政复议", 15, _ratio_item("1", 15, [[0, 4], [0.3, 8], [0.5, 15]])),
        _suits(2, head=10),
    ),
    group("二", "合法性审查与规范性文件监督管理", 35,
        group("（三）", "合法性审查", 20,
            leaf("5", "审查覆盖率", 12, "review.coverage", LIN, {"zero_at": 80, **FULL},
                 f"应审尽审得满分；80%及以下不得分，其间按差距计分{NONE_FREE}"),
            _on_time("6", 8, FULL, NONE_FREE),
        ),
        _filing(7, FULL),
    ),
    _team(9, rectify=5, lawyers=15, params=FULL),
    _bonus(11, mediation=True),
)  # fmt: skip

COUNTY_TREE = (
    group("一", "依法化解行政争议", 40,
        group("（一）", "行政复议", 15,
            _ratio_item("1", 7, [[0, 2], [0.3, 4], [0.5, 7]]),
            leaf("2", "行政复议调撤率", 8, "disputes.reconsideration_mediation_rate", LIN,
                 {"zero_at": 30}, "达到50%得满分；30%及以下不得分，其间按差距计分"),
        ),
        group("（二）", "行政应诉", 25,
            _loss_item("3", 10),
            leaf("4", "行政诉讼调撤率", 7, "disputes.litigation_mediation_rate", LIN,
                 {"zero_at": 25}, "达到45%得满分；25%及以下不得分，其间按差距计分"),
            leaf("5", "行政机关负责人出庭应诉率", 8, "disputes.head_appearance_rate", STEP,
                 {"steps": [[0, 2], [5, 5], [10, 8]]},
                 "达到100%得满分；未达到扣2分，95%及以下扣5分，90%及以下不得分"),
        ),
    ),
    group("二", "合法性审查与规范性文件监督管理", 40,
        group("（三）", "合法性审查", 25,
            leaf("6", "审查覆盖率", 10, "review.coverage", LIN, {"zero_at": 80},
                 "应审尽审得满分；80%及以下不得分，其间按差距计分"),
            leaf("7", "村级审查覆盖率", 8, "review.village_coverage", COLOUR, {},
                 "绿色得满分，黄色得4分，红色不得分"),
            _on_time("8", 7, {}, ""),
        ),
        _filing(9, {}),
    ),
    _team(11, rectify=8, lawyers=12, params={}),
    _bonus(13, mediation=False),
)  # fmt: skip


@dataclass(frozen=True)
class Scheme:
    """An annual 考核方案: who issues it, whom it assesses, its tree and its colour lines."""

    region_code: str
    name: str  # with {year}: each year has its own 方案
    level: str
    tree: tuple[Item, ...]
    description: str
    green_line: int = 90  # 优秀: 90 分及以上
    yellow_line: int = 75  # 合格: 75 分及以上; below 75 red


SCHEMES = (
    Scheme(MAIN_COUNTY, "示例县{year}年度乡镇（街道）法治政府建设考核方案", T, TOWNSHIP_TREE,
           "县委全面依法治县委员会办公室年度考核乡镇（街道）法治政府建设工作，满分100分，"
           "加扣分项另计；90分及以上为绿色（优秀），75分及以上为黄色，75分以下为红色。"),
    Scheme(MAIN_COUNTY, "示例县{year}年度县直部门法治政府建设考核方案", D, DEPARTMENT_TREE,
           "县委全面依法治县委员会办公室年度考核县直部门法治政府建设工作，满分100分，"
           "加扣分项另计；90分及以上为绿色（优秀），75分及以上为黄色，75分以下为红色。"),
    Scheme(CITY, "示例市{year}年度县（市、区）法治政府建设考核方案", C, COUNTY_TREE,
           "市委全面依法治市委员会办公室年度考核各县（市、区）法治政府建设工作，满分100分，"
           "加扣分项另计；90分及以上为绿色（优秀），75分及以上为黄色，75分以下为红色。"),
)  # fmt: skip


def walk(
    tree: Sequence[Item], parent: str | None = None, depth: int = 1
) -> Iterator[tuple[Item, str | None, int]]:
    """Every node depth first, with its parent's number and its depth."""
    for item in tree:
        yield item, parent, depth
        yield from walk(item.children, item.number, depth + 1)


def write_system(system: IndicatorSystem, tree: Sequence[Item]) -> int:
    """Store `tree` under `system` level by level (a child takes its parent's id), then check
    the stored tree as a run would: weights that do not sum, or an unknown code, fail here."""
    nodes = list(walk(tree))
    stored: dict[str, SystemItem] = {}
    for depth in sorted({d for _, _, d in nodes}):
        batch = [
            SystemItem(
                system=system,
                parent=stored[parent] if parent else None,
                number=item.number,
                name=item.name,
                depth=depth,
                sort_order=order,
                weight=Decimal(item.weight),
                indicator_code=item.code,
                rule=item.rule,
                rule_params=item.params,
                note=item.note,
            )
            for order, (item, parent, d) in enumerate(nodes)
            if d == depth
        ]
        for row in SystemItem.objects.bulk_create(batch):
            stored[row.number] = row
    systems.check_system(system)
    return len(nodes)


def seed_schemes(ctx: DemoContext) -> tuple[dict[tuple[str, int], IndicatorSystem], int]:
    """Every scheme for every demo year, in use (active); by (level, year), and the item count."""
    made: dict[tuple[str, int], IndicatorSystem] = {}
    items = 0
    for year in ctx.years:
        for scheme in SCHEMES:
            system = IndicatorSystem.objects.create(
                region=ctx.region(scheme.region_code),
                name=scheme.name.format(year=year),
                edition=f"{year}年版",
                year=year,
                level=scheme.level,
                total_points=Decimal(100),
                green_line=Decimal(scheme.green_line),
                yellow_line=Decimal(scheme.yellow_line),
                status=SystemStatus.ACTIVE,
                description=scheme.description,
            )
            items += write_system(system, scheme.tree)
            made[(scheme.level, year)] = system
    return made, items


# --- the national 示范指标体系: a skeleton of what is confirmed ---------------------------------

DEMONSTRATION_DESCRIPTION = (
    "中央依法治国办《市县法治政府建设示范指标体系（2021年版）》的骨架，只录入已核实的内容："
    "一级指标“一、政府职能依法全面履行”、其二级指标“1.加大简政放权力度”和第1至3项三级指标"
    "（RULES.md §2，据司法部发布、2021年9月2日转载的原文）。分值、权重和测评方法由中央依法治国办"
    "另行确定、未公开，故各项分值为0，本体系不用于计分。\n"
    "待核实、未录入：其余一级指标。据回忆共8项（政府职能依法全面履行；依法行政制度体系完善；"
    "重大行政决策科学民主合法；行政执法严格规范公正文明；行政权力制约和监督科学有效；"
    "社会矛盾纠纷依法有效化解；政府工作人员法治思维和依法行政能力全面提高；法治政府建设组织"
    "领导落实到位），三级指标约100项，均未见原文。另见一项三级指标（可能为第27项，编号待核实）："
    "行政规范性文件按时报备，报备率、报备及时率、规范率均达100%，示例县考核方案已按此考核。"
    "2025年示范创建所用《申报指南》为10项一级、34项二级、104项三级指标，名称待核实。"
    "取得官方文本后按原文补全。"
)
DEMONSTRATION_TREE = (
    group("一", "政府职能依法全面履行", 0,
        group("1.", "加大简政放权力度", 0,
            leaf("（1）", "行政审批服务“马上办、网上办、就近办、一次办、自助办”，在法定时限内办结，"
                 "办理时限不断压缩", note="第1项；定性指标，不在平台计分"),
            leaf("（2）", "全面取消非行政许可审批，不以备案、登记、确认、征求意见等方式变相设定许可",
                 note="第2项；定性指标，不在平台计分"),
            leaf("（3）", "清理规范行政审批中介服务，实行清单管理", note="第3项；定性指标，不在平台计分"),
        ),
    ),
)  # fmt: skip


def seed_demonstration_system() -> int:
    system = IndicatorSystem.objects.create(
        region=None,
        name="市县法治政府建设示范指标体系",
        edition="2021年版",
        level=C,
        total_points=Decimal(0),
        status=SystemStatus.DRAFT,
        description=DEMONSTRATION_DESCRIPTION,
    )
    return write_system(system, DEMONSTRATION_TREE)
