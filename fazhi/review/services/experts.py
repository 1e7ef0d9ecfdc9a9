"""The county's 专家库 (expert pool), and consulting its experts on a review matter.

The pool is kept by the county's 县级管理员 (Perm.MANAGE_REVIEW_CATALOG, as the catalog): add,
edit, take out of the pool (出库) and back. An expert is never deleted: the matters they were
consulted on keep naming them.

Consulting (重大行政决策程序暂行条例 第19–21条; 浙江省行政合法性审查工作规定): the reviewer picks
experts of the matter's county pool, each with the expert's 利害关系声明. 第20条: an expert with
a direct interest takes no part, so a declared interest with the submitting unit or the matter
excludes the expert (回避); the exclusion is stored and on the timeline. An expert whose employer
is the submitting unit is excluded whatever the answer. The opinion an engaged expert gives is a
`Consultation` (kind 专家) linked to the expert.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from fazhi.core.exceptions import ApplicationError
from fazhi.core.permissions import Perm, has_perm
from fazhi.core.services import audited_create, versioned_update
from fazhi.org.models import Region, Unit
from fazhi.review import policies, selectors
from fazhi.review.models import (
    Consultation,
    ConsultKind,
    Expert,
    ExpertDeclaration,
    Interest,
    ReviewMatter,
)
from fazhi.review.services.common import NotAllowedError, record_event, require_edit
from fazhi.review.services.reviewing import add_consultation
from fazhi.review.workflow import Edit

WHERE = "专家库"
SELECT = "选取专家"
# 重大行政决策程序暂行条例 第20条: 不得选择与决策事项有直接利害关系的专家、专业机构.
EXCLUSION_BASIS = "重大行政决策程序暂行条例 第20条"
FIELDS = ("name", "specialty", "employer", "title", "phone", "note")
REQUIRED = ("name", "specialty")
# A landline or mobile number as people write it: digits, spaces, + - ( ).
PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{4,19}$")


def _field(name: str) -> Any:
    return Expert._meta.get_field(name)


def field_label(name: str) -> str:
    return str(_field(name).verbose_name)


def value_problems(values: Mapping[str, str]) -> list[tuple[str, str]]:
    """(field, Chinese reason) for each value an expert may not have; [] when all are fine.
    Shared by the form services and the Excel import (which names the column)."""
    problems = [(name, "不能为空") for name in REQUIRED if not values.get(name)]
    for name in FIELDS:
        limit = _field(name).max_length or 0
        if len(values.get(name) or "") > limit:
            problems.append((name, f"不能超过 {limit} 个字符"))
    phone = values.get("phone") or ""
    if phone and len(phone) <= 20 and not PHONE.match(phone):
        problems.append(("phone", "格式不正确，应为数字（可含 - 和空格）"))
    return problems


def clean_values(values: Mapping[str, Any]) -> dict[str, str]:
    """The six text fields stripped; ApplicationError naming the first bad field."""
    cleaned = {name: str(values.get(name) or "").strip() for name in FIELDS}
    problems = value_problems(cleaned)
    if problems:
        name, reason = problems[0]
        raise ApplicationError(f"{WHERE}：{field_label(name)}{reason}")
    return cleaned


def require_pool_manager(actor: Any, region: Region) -> None:
    if not has_perm(actor, Perm.MANAGE_REVIEW_CATALOG):
        raise NotAllowedError(f"{WHERE}：您无权维护专家库")
    if actor.unit is None or policies.county_of(actor.unit).pk != region.pk:
        raise NotAllowedError(f"{WHERE}：只能由{region.name}的县级管理员维护本县专家库")


def county_of_actor(actor: Any) -> Region:
    """The county whose pool `actor` keeps (NotAllowedError without a county unit)."""
    if getattr(actor, "unit", None) is None:
        raise NotAllowedError(f"{WHERE}：您的账号没有所在单位，不能维护专家库")
    return policies.county_of(actor.unit)


def _check_unique(region: Region, values: Mapping[str, str], exclude_pk: int | None) -> None:
    twins = Expert.objects.filter(region=region, name=values["name"], employer=values["employer"])
    if exclude_pk is not None:
        twins = twins.exclude(pk=exclude_pk)
    if twins.exists():
        employer = values["employer"] or "（未填工作单位）"
        raise ApplicationError(f"{WHERE}：已有工作单位为“{employer}”的专家“{values['name']}”")


def create_expert(
    *, actor: Any, values: Mapping[str, Any], is_active: bool = True, message: str = ""
) -> Expert:
    """A new expert in the actor's county pool (在库 unless `is_active` is False)."""
    region = county_of_actor(actor)
    require_pool_manager(actor, region)
    cleaned = clean_values(values)
    with transaction.atomic():
        _check_unique(region, cleaned, None)
        return audited_create(
            Expert, actor=actor, message=message, region=region, is_active=is_active, **cleaned
        )


def update_expert(
    *,
    expert: Expert,
    actor: Any,
    expected_version: int,
    values: Mapping[str, Any],
    message: str = "",
) -> Expert:
    """Change an expert's details (not the pool it belongs to); a stale form is refused."""
    require_pool_manager(actor, expert.region)
    cleaned = clean_values(values)
    with transaction.atomic():
        _check_unique(expert.region, cleaned, expert.pk)
        return versioned_update(
            expert, expected_version=expected_version, changes=cleaned, actor=actor, message=message
        )


def set_active(*, expert: Expert, actor: Any, expected_version: int, active: bool) -> Expert:
    """Take an expert out of the pool (出库: no longer picked) or back in; history stays."""
    require_pool_manager(actor, expert.region)
    if expert.is_active == active:
        state = "在库" if active else "已出库"
        raise ApplicationError(f"{WHERE}：专家“{expert.name}”已是{state}状态")
    return versioned_update(
        expert,
        expected_version=expected_version,
        changes={"is_active": active},
        actor=actor,
        message="专家重新入库" if active else "专家出库",
    )


# --- consulting pool experts on a matter --------------------------------------------------


@dataclass(frozen=True)
class ExpertChoice:
    """One expert the reviewer picked, with the expert's 利害关系声明."""

    expert: Expert
    interest: str
    note: str = ""


def employer_is_unit(expert: Expert, unit: Unit) -> bool:
    """Whether the expert works at the submitting unit (an interest whatever they declare)."""
    employer = expert.employer.strip()
    return bool(employer) and employer in {unit.name, unit.short_name}


def employer_note(expert: Expert) -> str:
    """The interest note of an expert employed by the submitting unit."""
    return f"工作单位“{expert.employer}”即送审单位"


def declaration_line(expert: Expert, interest: str, note: str) -> tuple[str, str]:
    """A declaration's timeline line on the matter: (action label, note)."""
    who = f"{expert.name}（{expert.specialty}{'，' + expert.employer if expert.employer else ''}）"
    if interest == Interest.NONE:
        return "选定论证专家", f"{who}声明无利害关系"
    declared = f"{who}声明{Interest(interest).label}" + (f"：{note}" if note else "")
    return "专家回避", f"{declared}。依{EXCLUSION_BASIS}回避"


def _checked(matter: ReviewMatter, choice: ExpertChoice) -> ExpertChoice:
    expert = choice.expert
    if choice.interest not in Interest.values:
        raise ApplicationError(f"{SELECT}：请填写专家“{expert.name}”的利害关系声明")
    note = (choice.note or "").strip()
    if len(note) > 300:
        raise ApplicationError(f"{SELECT}：专家“{expert.name}”的利害关系说明不能超过 300 字")
    if choice.interest == Interest.NONE and employer_is_unit(expert, matter.unit):
        return ExpertChoice(expert, Interest.UNIT, employer_note(expert))
    return ExpertChoice(expert, choice.interest, note)


def _check_pool(matter: ReviewMatter, choices: Sequence[ExpertChoice]) -> None:
    if not choices:
        raise ApplicationError(f"{SELECT}：请至少勾选一名专家")
    pool = set(selectors.matter_pool(matter).values_list("pk", flat=True))
    declared = dict(
        matter.expert_declarations.values_list("expert_id", "declared_on"),
    )
    seen: set[int] = set()
    for choice in choices:
        expert = choice.expert
        if expert.pk in declared:
            raise ApplicationError(
                f"{SELECT}：专家“{expert.name}”已于 {declared[expert.pk]:%Y-%m-%d} 作出声明，不能重复选取"
            )
        if expert.pk not in pool or expert.pk in seen:
            raise ApplicationError(f"{SELECT}：专家“{expert.name}”不在本县专家库中或已出库")
        seen.add(expert.pk)


def select_experts(
    *, matter: ReviewMatter, actor: Any, choices: Sequence[ExpertChoice]
) -> list[ExpertDeclaration]:
    """Record each picked expert's declaration; those declaring an interest are excluded (回避).

    All or nothing: one bad choice and no declaration is stored. Returns the declarations in
    the order given; `declaration.excluded` tells the caller whom to report as excluded.
    """
    require_edit(actor, matter, Edit.CONSULTATION)
    _check_pool(matter, choices)
    checked = [_checked(matter, choice) for choice in choices]
    today = timezone.localdate()
    declarations = []
    with transaction.atomic():
        for choice in checked:
            declaration = audited_create(
                ExpertDeclaration,
                actor=actor,
                message="专家回避" if choice.interest != Interest.NONE else "选定专家",
                matter=matter,
                expert=choice.expert,
                interest=choice.interest,
                interest_note=choice.note,
                declared_on=today,
                recorded_by=actor,
            )
            label, note = declaration_line(choice.expert, choice.interest, choice.note)
            record_event(matter, label, actor, note=note)
            declarations.append(declaration)
    return declarations


def exclusion_message(declaration: ExpertDeclaration) -> str:
    """What the reviewer is told when a picked expert is excluded."""
    reason = declaration.get_interest_display()
    if declaration.interest_note:
        reason += f"（{declaration.interest_note}）"
    return (
        f"专家{declaration.expert.name}{reason}，依照{EXCLUSION_BASIS}应当回避，"
        "不得参与本事项论证；回避情况已记录。"
    )


def record_expert_opinion(
    *, declaration: ExpertDeclaration, actor: Any, opinion: str, given_on: dt.date | None
) -> Consultation:
    """The opinion an engaged pool expert gave, as a 专家 consultation linked to the expert."""
    matter, expert = declaration.matter, declaration.expert
    require_edit(actor, matter, Edit.CONSULTATION)
    where = f"记录专家意见：{expert.name}"
    if declaration.excluded:
        raise ApplicationError(
            f"{where}：该专家已声明{declaration.get_interest_display()}并回避，不能记录其论证意见"
            f"（{EXCLUSION_BASIS}）"
        )
    if matter.consultations.filter(expert=expert).exists():
        raise ApplicationError(f"{where}：已记录该专家的意见")
    if given_on is not None and given_on < declaration.declared_on:
        raise ApplicationError(
            f"{where}：出具日期（{given_on}）不能早于选定专家的日期（{declaration.declared_on}）"
        )
    return add_consultation(
        matter=matter,
        actor=actor,
        kind=ConsultKind.EXPERT,
        name=expert.name,
        opinion=opinion,
        given_on=given_on,
        expert=expert,
    )
