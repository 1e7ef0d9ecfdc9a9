"""Building decision records the way users do: through the services, with real uploads.

The standard walk (the `clock` fixture starts on 2026-06-01): launched 2026-03-02, public
consultation 03-05 to 04-10, hearing 04-20 (materials sent 04-08), experts 05-10, risk 05-20,
sent to 合法性审查 on 06-01 (7 工作日 reach 06-10), signed the same day, meeting 06-12.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fazhi.decisions.items import ItemData
from fazhi.decisions.models import Decision, DecisionCatalog
from fazhi.decisions.progress import month_end
from fazhi.decisions.services import catalog as catalogs
from fazhi.decisions.services import deciding, legality, materials, stages
from fazhi.decisions.workflow import MATERIALS, Stage
from fazhi.review.models import Conclusion, ConsultKind
from fazhi.review.services import reviewing
from fazhi.review.tests.factories import docx, pdf

D = dt.date
YEAR = 2026
MEETING = D(YEAR, 6, 12)


def line(tree, host="police", *, title="城区停车收费标准调整", plans=None, **needs) -> ItemData:
    """A catalog line hosted by `host`, decided by the county government."""
    flags = {
        Stage.PARTICIPATION: needs.get("participation", True),
        Stage.HEARING: needs.get("hearing", False),
        Stage.EXPERT: needs.get("expert", False),
        Stage.RISK: needs.get("risk", False),
    }
    return ItemData(
        title=title,
        host_unit=tree["units"][host],
        decision_unit=tree["units"]["government"],
        legal_basis="《中华人民共和国价格法》第二十三条",
        needs=flags,
        plans=plans or {},
    )


def published_catalog(
    tree, manager, lines: list[ItemData], *, year: int = YEAR
) -> tuple[DecisionCatalog, list[Decision]]:
    """A catalog with `lines`, agreed by the Party committee and published early in `year`."""
    catalog = catalogs.open_catalog(region=tree["regions"]["county"], year=year, actor=manager)
    decisions = [catalogs.add_item(catalog=catalog, actor=manager, data=data) for data in lines]
    catalog = catalogs.approve(
        catalog=catalog,
        actor=manager,
        expected_version=catalog.version,
        approved_on=D(year, 2, 10),
        approval_body="中共示例县委常委会",
    )
    catalog = catalogs.publish(
        catalog=catalog,
        actor=manager,
        expected_version=catalog.version,
        published_on=D(year, 2, 20),
        channel="示例县人民政府门户网站",
    )
    return catalog, [fresh(d) for d in decisions]


def fresh(obj: Any) -> Any:
    obj.refresh_from_db()
    return obj


def upload(decision: Decision, actor, kind: str, name: str = "材料.pdf"):
    upload_file = docx(name) if name.endswith(".docx") else pdf(name)
    return materials.add_material(decision=decision, actor=actor, kind=kind, upload=upload_file)


def upload_stage(decision: Decision, actor, stage: Stage) -> None:
    for spec in MATERIALS[stage]:
        if spec.required:
            upload(decision, actor, spec.key, f"{spec.name}.pdf")


def launched(decision: Decision, host) -> Decision:
    upload_stage(decision, host, Stage.LAUNCH)
    decision = fresh(decision)
    return stages.launch(
        decision=decision,
        actor=host,
        expected_version=decision.version,
        launched_on=D(YEAR, 3, 2),
        proposal_source="department",
        proposal="现行收费标准已执行十年，需按成本调整。",
        research_note="梳理价格法及省定价目录。",
    )


def complete(decision: Decision, host, stage: Stage, done_on: dt.date) -> Decision:
    decision = fresh(decision)
    return stages.complete_stage(
        decision=decision,
        actor=host,
        expected_version=decision.version,
        stage=stage,
        done_on=done_on,
    )


def consulted(decision: Decision, host) -> Decision:
    stages.add_consultation(
        decision=decision,
        actor=host,
        method="public",
        starts_on=D(YEAR, 3, 5),
        ends_on=D(YEAR, 4, 10),
        channel="县政府门户网站",
        comments=12,
        adopted=5,
    )
    upload_stage(decision, host, Stage.PARTICIPATION)
    return complete(decision, host, Stage.PARTICIPATION, D(YEAR, 4, 15))


def heard(decision: Decision, host) -> Decision:
    stages.add_hearing(
        decision=decision,
        actor=host,
        announced_on=D(YEAR, 4, 1),
        materials_sent_on=D(YEAR, 4, 8),
        held_on=D(YEAR, 4, 20),
        participants="消费者代表5人、经营者代表3人",
        record_signed=True,
    )
    upload_stage(decision, host, Stage.HEARING)
    return complete(decision, host, Stage.HEARING, D(YEAR, 4, 22))


def argued(decision: Decision, host, **kwargs: Any) -> Decision:
    values = {"name": "王教授", "form": "meeting", "opinion": "方案可行。", "signed": True}
    stages.add_expert_opinion(
        decision=decision, actor=host, given_on=D(YEAR, 5, 10), **{**values, **kwargs}
    )
    upload_stage(decision, host, Stage.EXPERT)
    return complete(decision, host, Stage.EXPERT, D(YEAR, 5, 12))


def assessed(decision: Decision, host, *, controllable: bool = True) -> Decision:
    stages.add_risk_assessment(
        decision=decision,
        actor=host,
        assessed_on=D(YEAR, 5, 20),
        assessor="县社会稳定风险评估中心",
        third_party=True,
        level="low",
        controllable=controllable,
        risk_points="个别经营者反对。",
    )
    upload_stage(decision, host, Stage.RISK)
    return complete(decision, host, Stage.RISK, D(YEAR, 5, 22))


def through_stages(decision: Decision, host) -> Decision:
    """Launched, and every stage the catalog line requires completed."""
    decision = launched(decision, host)
    steps = [
        (Stage.PARTICIPATION, consulted),
        (Stage.HEARING, heard),
        (Stage.EXPERT, argued),
        (Stage.RISK, assessed),
    ]
    for stage, step in steps:
        if decision.requires(stage):
            decision = step(decision, host)
    return fresh(decision)


def sent_to_review(decision: Decision, host) -> Decision:
    upload(decision, host, "draft", "决策草案.docx")
    upload(decision, host, "draft_note", "起草说明.pdf")
    decision = fresh(decision)
    legality.send_to_review(decision=decision, actor=host, expected_version=decision.version)
    return fresh(decision)


def pass_review(decision: Decision, reviewer, conclusion: str = Conclusion.LEGAL) -> Decision:
    """The reviewer accepts, hears a 法律顾问, and signs an opinion with `conclusion`."""
    matter = fresh(decision.review_matter)
    matter = reviewing.accept(matter=matter, actor=reviewer, expected_version=matter.version)
    reviewing.add_consultation(
        matter=matter,
        actor=reviewer,
        kind=ConsultKind.COUNSEL,
        name="县政府法律顾问",
        opinion="无不同意见。",
        given_on=matter.accepted_on,
    )
    if conclusion != Conclusion.LEGAL:
        reviewing.add_issue(matter=matter, actor=reviewer, category="content", description="问题")
    matter = fresh(matter)
    matter = reviewing.draft_opinion(
        matter=matter,
        actor=reviewer,
        expected_version=matter.version,
        conclusion=conclusion,
        opinion="经审查，提出如下意见。",
    )
    reviewing.sign(matter=matter, actor=reviewer, expected_version=matter.version)
    return fresh(decision)


def decide(decision: Decision, organ, on: dt.date = MEETING, **kwargs: Any) -> Decision:
    values = {
        "meeting_name": "县政府第12次常务会议",
        "attendance": "县长、副县长、县政府办主任等11人",
        "head_decision": "原则同意，按会议意见修改后印发",
        "dissent": "无",
    }
    decision = fresh(decision)
    return deciding.decide(
        decision=decision,
        actor=organ,
        expected_version=decision.version,
        decided_on=on,
        **{**values, **kwargs},
    )


def ready_for_meeting(decision: Decision, host, reviewer, organ) -> Decision:
    """Every stage done and the review passed; the minutes uploaded by the 决策机关."""
    decision = sent_to_review(through_stages(decision, host), host)
    decision = pass_review(decision, reviewer)
    upload_stage(decision, organ, Stage.MEETING)
    return fresh(decision)


def plans(year: int = YEAR, **months: int) -> dict[Stage, dt.date]:
    return {Stage(stage): month_end(year, month) for stage, month in months.items()}


def url_samples(victim_unit) -> dict[str, object]:
    """One record of each decision page's kind, belonging to `victim_unit` (for the URL walk in
    tests/test_url_access.py); written directly, the services are not under test."""
    from fazhi.decisions.models import CatalogAdjustment, DecisionMaterial, PublicConsultation

    county = victim_unit.region.county()
    catalog, _created = DecisionCatalog.objects.get_or_create(region=county, year=YEAR)
    decision = Decision.objects.create(
        catalog=catalog,
        seq=99,
        title="他单位决策事项",
        decision_unit=victim_unit,
        host_unit=victim_unit,
        status="drafting",
        launched_on=D(YEAR, 3, 2),
    )
    stored = {"original_name": "a.pdf", "content_type": "application/pdf", "size": 1, "sha256": "0"}
    material = DecisionMaterial.objects.create(
        decision=decision, stage="launch", kind="proposal", file="x/a.pdf", **stored
    )
    consultation = PublicConsultation.objects.create(
        decision=decision, method="forum", starts_on=D(YEAR, 3, 5), ends_on=D(YEAR, 3, 5)
    )
    adjustment = CatalogAdjustment.objects.create(
        catalog=catalog, kind="remove", decision=decision, reason="x", proposed_on=D(YEAR, 3, 2)
    )
    return {
        "decision_id": decision.pk,
        "step": "launch",
        "material_id": material.pk,
        "record_kind": "consultation",
        "record_id": consultation.pk,
        "adjustment_id": adjustment.pk,
    }
