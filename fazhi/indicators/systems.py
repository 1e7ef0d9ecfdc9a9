"""Indicator systems (考核方案, 示范指标体系) as trees: checking that a tree is whole and that its
weights sum, and walking it.

The rules a tree follows (RULES.md §2: the tree is data, versioned):
- the weights of a node's children sum to the node's weight, and the level-1 weights sum to the
  system's total; BONUS items (加扣分) are outside both sums;
- a node with children groups them (no indicator of its own); a BONUS item is a leaf;
- a leaf names a known indicator (declared or manual) or none at all (a qualitative item,
  scored outside the platform, which a run skips);
- every item's scoring parameters suit its rule (`fazhi.indicators.scoring.rule_problems`).
The same check runs on an admin save, an Excel import and before an assessment run, and names
the node (and the row, for an import) that breaks a rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fazhi.core.exceptions import ApplicationError
from fazhi.indicators import figures
from fazhi.indicators.models import IndicatorSystem, ScoringRule, SystemItem
from fazhi.indicators.scoring import rule_problems


@dataclass(frozen=True)
class Node:
    """One item of a tree being checked: stored (key = pk) or read from a sheet (key = row)."""

    key: Any
    parent: Any | None
    number: str
    name: str
    weight: Decimal
    rule: str = ScoringRule.MET_FULL
    indicator_code: str = ""
    rule_params: Any = None
    where: str = ""  # "第 5 行" for an import, empty otherwise

    @property
    def label(self) -> str:
        shown = f"「{self.number} {self.name}」".replace("「 ", "「")
        return f"{self.where}{shown}" if self.where else shown

    @property
    def is_bonus(self) -> bool:
        return self.rule == ScoringRule.BONUS


@dataclass(frozen=True)
class Problem:
    """A rule the tree breaks: the node (None for the whole tree), the field, the message."""

    node: Node | None
    field: str  # 序号, 上级序号, 分值, 指标编码, 评分规则, 评分参数; "" for the whole tree
    message: str

    def __str__(self) -> str:
        return self.message


def tree_problems(
    nodes: Sequence[Node], total: Decimal, *, known_codes: Iterable[str] | None = None
) -> list[Problem]:
    """Every rule the tree breaks, each naming its node; empty when the tree is sound."""
    by_key = {node.key: node for node in nodes}
    children: dict[Any, list[Node]] = defaultdict(list)
    problems = _node_problems(nodes, by_key, set(known_codes or figures.all_codes()))
    for node in nodes:
        if node.parent is not None and node.parent in by_key:
            children[node.parent].append(node)
    problems += _cycles(nodes, by_key)
    first = _sum(n for n in nodes if n.parent is None)
    if first != _plain(total):
        message = (
            f"一级指标分值合计 {first} 分，与总分 {_plain(total)} 分不符（加扣分项不计入合计）"
        )
        problems.append(Problem(None, "分值", message))
    for node in nodes:
        kids = children.get(node.key, [])
        if kids:
            problems += _group_problems(node, kids)
    return problems


def _group_problems(node: Node, kids: Sequence[Node]) -> list[Problem]:
    problems = []
    if node.is_bonus:
        problems.append(Problem(node, "评分规则", f"{node.label}是加扣分项，不能有下级指标"))
    if node.indicator_code:
        message = f"{node.label}有下级指标，不能再关联指标（{node.indicator_code}）"
        problems.append(Problem(node, "指标编码", message))
    if _sum(kids) != _plain(node.weight):
        message = (
            f"{node.label}的下级指标分值合计 {_sum(kids)} 分，与其分值 {_plain(node.weight)} 分"
            "不符（加扣分项不计入合计）"
        )
        problems.append(Problem(node, "分值", message))
    return problems


def _node_problems(
    nodes: Sequence[Node], by_key: dict[Any, Node], codes: set[str]
) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, Node] = {}
    for node in nodes:
        if node.number in seen:
            message = f"{node.label}的序号与{seen[node.number].label}重复"
            problems.append(Problem(node, "序号", message))
        seen.setdefault(node.number, node)
        if node.parent is not None and node.parent not in by_key:
            problems.append(Problem(node, "上级序号", f"{node.label}的上级指标不存在"))
        if node.weight < 0:
            problems.append(Problem(node, "分值", f"{node.label}的分值不能为负数"))
        if node.indicator_code and node.indicator_code not in codes:
            message = f"{node.label}关联的指标编码“{node.indicator_code}”不存在"
            problems.append(Problem(node, "指标编码", message))
        for text in rule_problems(node.rule, node.rule_params or {}):
            problems.append(Problem(node, "评分参数", f"{node.label}：{text}"))
    return problems


def _cycles(nodes: Sequence[Node], by_key: dict[Any, Node]) -> list[Problem]:
    problems = []
    for node in nodes:
        seen, current = {node.key}, node
        while current.parent is not None and current.parent in by_key:
            current = by_key[current.parent]
            if current.key in seen:
                message = f"{node.label}的上级指标形成循环"
                problems.append(Problem(node, "上级序号", message))
                break
            seen.add(current.key)
    return problems


def _sum(nodes: Iterable[Node]) -> Decimal:
    return _plain(sum((n.weight for n in nodes if not n.is_bonus), Decimal(0)))


def _plain(value: Decimal) -> Decimal:
    """2 decimals as weights are stored, so that 20 and 20.00 read alike in a message."""
    return Decimal(value).quantize(Decimal("0.01"))


def nodes_of(system: IndicatorSystem) -> list[Node]:
    return [
        Node(
            key=item.pk,
            parent=item.parent_id,
            number=item.number,
            name=item.name,
            weight=item.weight,
            rule=item.rule,
            indicator_code=item.indicator_code,
            rule_params=item.rule_params,
        )
        for item in system.items.all()
    ]


def check_system(system: IndicatorSystem) -> None:
    """Raise an ApplicationError listing every problem of the stored tree (none: returns)."""
    problems = tree_problems(nodes_of(system), system.total_points)
    if problems:
        raise ApplicationError(f"指标体系“{system}”有误：" + "；".join(map(str, problems)))


# --- walking a tree --------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """An item in display order, with its depth (1 for level-1) and whether it is a leaf."""

    item: SystemItem
    depth: int
    is_leaf: bool


def tree_rows(system: IndicatorSystem) -> list[Row]:
    """The items depth first, each level in `sort_order` (one query)."""
    items = list(system.items.all())
    children: dict[Any, list[SystemItem]] = defaultdict(list)
    for item in items:
        children[item.parent_id].append(item)
    rows: list[Row] = []

    def walk(parent: Any, depth: int) -> None:
        for item in children.get(parent, []):
            rows.append(Row(item, depth, not children.get(item.pk)))
            walk(item.pk, depth + 1)

    walk(None, 1)
    return rows


def scored_leaves(system: IndicatorSystem) -> list[SystemItem]:
    """The leaves a run computes: those naming an indicator, in display order."""
    return [row.item for row in tree_rows(system) if row.is_leaf and row.item.indicator_code]
