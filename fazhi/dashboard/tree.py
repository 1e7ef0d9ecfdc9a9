"""The map-free region tree: the scope at the root, its subjects below (a province's counties
under their cities, a county's departments under one 部门 node), each with the colour of the
ranking indicator, a dot per key figure, and its place in a frozen assessment run if any."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from fazhi.dashboard.choice import Choice
from fazhi.dashboard.runs import Mark, mark_key
from fazhi.dashboard.selectors import Group
from fazhi.indicators.figures import Figure, region_of
from fazhi.indicators.scopes import Scope
from fazhi.org.models import UnitKind


@dataclass(frozen=True)
class Dot:
    colour: str
    title: str


@dataclass(frozen=True)
class TreeNode:
    label: str
    level: str
    url: str = ""
    colour: str = ""
    colour_title: str = ""
    dots: list[Dot] = field(default_factory=list)
    mark: Mark | None = None
    children: list[TreeNode] = field(default_factory=list)


def region_tree(
    choice: Choice,
    root_figures: Sequence[Figure],
    groups: Sequence[Group],
    by_scope: dict[Scope, dict[str, Figure]],
    code: str,
    marks: dict[tuple[str, Any], Mark],
) -> TreeNode | None:
    if not groups:
        return None

    def node(scope: Scope, found: dict[str, Figure], children: list[TreeNode]) -> TreeNode:
        return _node(choice, scope, found, code, marks.get(mark_key(scope)), children)

    nodes = {s: node(s, by_scope[s], []) for g in groups for s in g.scopes}
    keys = {g.key for g in groups}
    children: list[TreeNode] = []
    for group in groups:
        members = [nodes[s] for s in group.scopes]
        if group.key == "departments" and members:
            children.append(TreeNode("部门", "部门", children=members))
        elif group.key == "cities":
            counties = next(g.scopes for g in groups if g.key == "counties")
            children += [node(c, by_scope[c], _within(c, counties, nodes)) for c in group.scopes]
        elif not (group.key == "counties" and "cities" in keys):
            children += members
    return node(choice.scope, {f.code: f for f in root_figures}, children)


def _within(city: Scope, counties: Sequence[Scope], nodes: dict[Scope, TreeNode]) -> list[TreeNode]:
    path = region_of(city).path
    return [nodes[c] for c in counties if region_of(c).path.startswith(path)]


def _node(
    choice: Choice,
    scope: Scope,
    found: dict[str, Figure],
    code: str,
    mark: Mark | None,
    children: list[TreeNode],
) -> TreeNode:
    main = found.get(code)
    title = f"{main.display_name}：{main.value_text}（{main.colour_label}）" if main else ""
    return TreeNode(
        label=scope.label,
        level=level_label(scope),
        url=choice.for_scope(scope).page_url(),
        colour=main.colour if main else "grey",
        colour_title=title,
        dots=[Dot(f.colour, f"{f.display_name}：{f.value_text}") for f in found.values()],
        mark=mark,
        children=children,
    )


def level_label(scope: Scope) -> str:
    if scope.unit is not None:
        return "部门" if scope.unit.kind == UnitKind.DEPARTMENT else scope.unit.get_kind_display()
    return region_of(scope).get_level_display()
