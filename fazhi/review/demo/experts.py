"""The demo 专家库 of 示例县 (invented people) and the review matters that consulted it.

Most 重大行政决策 and some 规范性文件 hear one or two pool experts (重大行政决策程序暂行条例
第19–21条); a few contracts and enforcement decisions hear one. Now and then a picked expert
declares an interest and is excluded (回避, 第20条); an expert employed by the submitting unit is
always excluded. Picks happen on acceptance; the opinion comes before the review opinion, so a
matter still under review may have experts picked and their opinions pending.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from random import Random
from typing import Any

from fazhi.review.demo.matters import Plan
from fazhi.review.demo.writing import _at
from fazhi.review.models import (
    Consultation,
    ConsultKind,
    Expert,
    ExpertDeclaration,
    Interest,
    MatterEvent,
    ReviewMatter,
)
from fazhi.review.services.experts import declaration_line, employer_is_unit, employer_note
from fazhi.review.workflow import Status

# (姓名, 专业领域, 工作单位, 职称或职务, 备注); phone numbers are made up from the row number.
POOL = (
    ("周立远", "行政法", "示例市大学法学院", "教授", "市政府法律顾问团成员"),
    ("陈雅琴", "行政法", "示例市委党校（行政学院）", "副教授", ""),
    ("胡婉清", "行政法", "示例县人民法院", "四级高级法官（退休）", "2024年退休，受聘入库"),
    ("林志恒", "民商法（合同）", "明正律师事务所", "律师、合伙人", ""),
    ("吴海燕", "民商法（合同）", "衡平律师事务所", "律师", "擅长政府采购与PPP合同"),
    ("高志远", "民商法（合同）", "诚信律师事务所", "律师", ""),
    ("郑国栋", "建设工程", "示例市建筑设计研究院", "高级工程师", ""),
    ("王建平", "建设工程", "示例县住房和城乡建设局", "高级工程师", "县住建局总工程师"),
    ("刘晓东", "城乡规划", "示例市国土空间规划研究院", "正高级工程师", ""),
    ("杨春梅", "土地管理", "示例市大学公共管理学院", "副教授", ""),
    ("孙丽华", "环境保护", "示例市环境科学研究所", "研究员", ""),
    ("何文斌", "水利工程", "示例市水利水电勘测设计院", "高级工程师", ""),
    ("赵立新", "安全生产", "示例市安全生产科学研究院", "高级工程师", ""),
    ("张慧敏", "财政金融", "示例市大学经济学院", "副教授", ""),
    ("黄志强", "公共管理", "示例市委党校（行政学院）", "教授", ""),
    ("钱卫东", "劳动和社会保障", "示例县劳动人事争议仲裁院", "仲裁员", "兼职"),
    ("许静", "卫生健康", "示例县人民医院", "主任医师", ""),
    ("朱国华", "农业农村", "示例市农业科学研究院", "研究员", ""),
    ("马骏", "交通运输", "示例市交通规划设计院", "高级工程师", ""),
    ("罗晓梅", "文化旅游", "示例市文化研究院", "研究员", ""),
    ("冯一鸣", "信息技术与数据安全", "示例市大数据发展中心", "高级工程师", ""),
    ("曹德明", "财政金融", "示例县审计事务所", "注册会计师", "2025年因工作调动出库"),
)
RETIRED = frozenset({"曹德明"})

# Which specialties a matter type asks, and how often (share of matters, experts heard).
WANTED: dict[str, tuple[tuple[str, ...], float, int]] = {
    "decision": (("行政法", "公共管理", "城乡规划", "财政金融", "环境保护", "土地管理"), 0.85, 2),
    "normative": (("行政法", "公共管理", "卫生健康", "交通运输", "农业农村"), 0.3, 1),
    "contract": (("民商法（合同）", "建设工程"), 0.07, 1),
    "enforcement": (("行政法", "安全生产", "环境保护"), 0.08, 1),
    "village": (("民商法（合同）", "农业农村", "土地管理"), 0.03, 1),
}
INTEREST_SHARE = 0.05
INTERESTS = (
    (Interest.UNIT, "近三年曾为送审单位提供常年法律服务"),
    (Interest.UNIT, "近亲属在送审单位任职"),
    (Interest.MATTER, "参与了该事项前期方案的编制"),
)
OPINIONS = (
    "经论证，该事项于法有据，{s}方面总体可行；建议进一步细化实施步骤，明确责任分工。",
    "从{s}角度看，方案基本合理，但部分条款表述不够严谨，建议对照上位法逐条修改完善。",
    "建议补充{s}方面的风险评估内容，并对可能引发的争议预先设置化解机制。",
    "该事项涉及{s}专业问题，现有论证材料较充分，同意按修改后的文本提交审查。",
    "经书面咨询，对{s}方面提出三点修改建议：一是明确适用范围；二是完善过渡条款；三是细化监督措施。",
)


@dataclass
class Pick:
    expert: Expert
    interest: str = Interest.NONE
    note: str = ""
    opinion: str = ""


def seed_pool(county: Any) -> list[Expert]:
    """The county's pool from POOL (experts already there are kept); the in-pool experts."""
    stored = set(Expert.objects.filter(region=county).values_list("name", "employer"))
    Expert.objects.bulk_create(
        Expert(
            region=county, name=name, specialty=specialty, employer=employer, title=title,
            phone=f"1390000{index:04d}", note=note, is_active=name not in RETIRED,
        )
        for index, (name, specialty, employer, title, note) in enumerate(POOL, start=101)
        if (name, employer) not in stored
    )  # fmt: skip
    return list(Expert.objects.available().filter(region=county).order_by("pk"))


def assign(rng: Random, plans: list[Plan], pool: list[Expert]) -> dict[int, list[Pick]]:
    """The experts picked for each accepted plan, by id(plan); a separate random stream, so the
    matters themselves stay as the other demo steps and tests know them."""
    picked: dict[int, list[Pick]] = {}
    for plan in plans:
        wanted = WANTED.get(plan.entry.matter_type)
        if plan.accepted_on is None or wanted is None:
            continue
        specialties, share, count = wanted
        if rng.random() >= share:
            continue
        fitting = [e for e in pool if e.specialty in specialties]
        picks = _picks(rng, plan, fitting, count)
        if picks:
            picked[id(plan)] = picks
    return picked


def _picks(rng: Random, plan: Plan, fitting: list[Expert], count: int) -> list[Pick]:
    picks: list[Pick] = []
    for expert in rng.sample(fitting, min(len(fitting), count + 2)):
        if sum(1 for p in picks if p.interest == Interest.NONE) == count:
            break
        if employer_is_unit(expert, plan.unit):
            picks.append(Pick(expert, Interest.UNIT, employer_note(expert)))
        elif rng.random() < INTEREST_SHARE:
            interest, note = rng.choice(INTERESTS)
            picks.append(Pick(expert, interest, note))
        else:
            text = rng.choice(OPINIONS).format(s=expert.specialty)
            picks.append(Pick(expert, opinion=text))
    return picks


def write(pairs: list[tuple[Plan, ReviewMatter]], picked: dict[int, list[Pick]]) -> int:
    """The declarations, the opinions given (as 专家 consultations) and their timeline lines;
    returns how many opinions were recorded."""
    declarations, opinions, events = [], [], []
    for plan, matter in pairs:
        day = plan.accepted_on
        for pick in picked.get(id(plan), []):
            if day is None:
                continue
            declarations.append(_declaration(matter, plan, pick, day))
            events.append(_event(matter, plan, pick, day))
            if pick.interest == Interest.NONE and plan.opinion_on is not None:
                opinions.append(
                    Consultation(
                        matter=matter, kind=ConsultKind.EXPERT, name=pick.expert.name,
                        expert=pick.expert, opinion=pick.opinion,
                        given_on=max(plan.opinion_on, day),
                        recorded_by=plan.reviewer,
                    )
                )  # fmt: skip
    ExpertDeclaration.objects.bulk_create(declarations, batch_size=500)
    Consultation.objects.bulk_create(opinions, batch_size=500)
    MatterEvent.objects.bulk_create(events, batch_size=500)
    return len(opinions)


def _declaration(matter: ReviewMatter, plan: Plan, pick: Pick, day: dt.date) -> ExpertDeclaration:
    return ExpertDeclaration(
        matter=matter, expert=pick.expert, interest=pick.interest, interest_note=pick.note,
        declared_on=day, recorded_by=plan.reviewer, created_at=_at(day, 11),
    )  # fmt: skip


def _event(matter: ReviewMatter, plan: Plan, pick: Pick, day: dt.date) -> MatterEvent:
    label, note = declaration_line(pick.expert, pick.interest, pick.note)
    status = Status.IN_REVIEW  # picked right after acceptance
    return MatterEvent(
        matter=matter, action="edit", action_label=label, from_status=status, to_status=status,
        actor=plan.reviewer, note=note, created_at=_at(day, 11),
    )  # fmt: skip
