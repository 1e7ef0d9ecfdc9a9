"""The procedure's services and guards: a decision walks every stage, and each guard refuses
with a Chinese message, leaving the decision where it was."""

from __future__ import annotations

import pytest

from fazhi.core.exceptions import ApplicationError, NotAllowedError, StaleRecordError
from fazhi.decisions import guards
from fazhi.decisions.models import Decision, DecisionEvent
from fazhi.decisions.services import deciding, legality, stages
from fazhi.decisions.tests import factories as f
from fazhi.decisions.tests.factories import D
from fazhi.decisions.workflow import Stage, Status
from fazhi.review.models import Conclusion, Expert, MatterType, ReviewMatter
from fazhi.review.tests.factories import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree, clock, review_catalog, county_admin, police_clerk, gov_clerk, reviewer):
    return {
        "manager": county_admin,
        "host": police_clerk,
        "organ": gov_clerk,
        "reviewer": reviewer,
        "clock": clock,
        "tree": tree,
    }


def _one(people, **needs) -> Decision:
    _catalog, (decision,) = f.published_catalog(
        people["tree"], people["manager"], [f.line(people["tree"], **needs)]
    )
    return decision


def _unchanged(decision: Decision, status: str, version: int) -> None:
    stored = Decision.objects.get(pk=decision.pk)
    assert (stored.status, stored.version) == (status, version)


def test_a_decision_walks_every_stage_from_launch_to_execution(people):
    host, organ, clock = people["host"], people["organ"], people["clock"]
    decision = _one(people, hearing=True, expert=True, risk=True)
    decision = f.ready_for_meeting(decision, host, people["reviewer"], organ)
    assert decision.review_matter.matter_type == MatterType.DECISION
    clock.move_to(D(2026, 6, 15))
    decision = f.decide(decision, organ)
    f.upload_stage(decision, organ, Stage.PARTY)
    decision = deciding.report_to_party(
        decision=f.fresh(decision),
        actor=organ,
        expected_version=f.fresh(decision).version,
        reported_on=D(2026, 6, 13),
        party_body="县委常委会",
    )
    f.upload_stage(decision, organ, Stage.PUBLICATION)
    decision = deciding.publish(
        decision=f.fresh(decision),
        actor=organ,
        expected_version=f.fresh(decision).version,
        published_on=D(2026, 6, 15),
        channels=["website", "gazette"],
        publication_ref="示政发〔2026〕8号",
    )
    assert decision.status == Status.PUBLISHED
    decision = deciding.start_execution(
        decision=decision,
        actor=organ,
        expected_version=decision.version,
        executing_unit=people["tree"]["units"]["police"],
        execution_on=D(2026, 6, 15),
    )
    deciding.add_progress_report(
        decision=decision, actor=host, reported_on=D(2026, 6, 15), progress_text="已部署。"
    )
    assert decision.status == Status.EXECUTING
    labels = list(
        DecisionEvent.objects.filter(decision=decision).values_list("action_label", flat=True)
    )
    for label in (
        "决策启动",
        "完成公众参与",
        "完成听证",
        "送合法性审查",
        "集体讨论决定",
        "决策公布",
    ):
        assert label in labels


def test_a_premature_meeting_is_refused_and_the_decision_stays_where_it_was(people):
    decision = f.through_stages(_one(people), people["host"])
    version = decision.version
    with pytest.raises(ApplicationError) as refused:
        f.decide(decision, people["organ"], on=D(2026, 5, 30))
    assert "合法性审查：尚未送审" in refused.value.message
    assert "条例 第25条" in refused.value.message
    _unchanged(decision, Status.DRAFTING, version)


def test_a_meeting_is_refused_while_a_stage_the_catalog_requires_is_not_done(people):
    decision = f.launched(_one(people, expert=True), people["host"])
    decision = f.consulted(decision, people["host"])
    with pytest.raises(ApplicationError, match="专家论证：决策事项目录要求履行，尚未完成"):
        f.decide(decision, people["organ"], on=D(2026, 5, 30))


def test_every_problem_is_listed_at_once(people):
    decision = f.launched(_one(people, expert=True, risk=True), people["host"])
    found = guards.meeting_problems(decision, guards.kinds_present(decision))
    assert found == [
        "公众参与：决策事项目录要求履行，尚未完成",
        "专家论证：决策事项目录要求履行，尚未完成",
        "风险评估：决策事项目录要求履行，尚未完成",
        "合法性审查：尚未送审，未经合法性审查或经审查不合法的，不得提交集体讨论（条例 第25条）",
        "合法性审查缺少材料：决策草案、决策草案起草说明",
        "集体讨论决定缺少材料：会议纪要",
    ]


def test_the_review_must_have_seven_working_days_before_the_meeting(people):
    host, organ, clock = people["host"], people["organ"], people["clock"]
    decision = f.ready_for_meeting(_one(people), host, people["reviewer"], organ)
    clock.move_to(D(2026, 6, 15))
    with pytest.raises(
        ApplicationError, match="合法性审查时间不足7个工作日：2026-06-01 送审，最早可于 2026-06-10"
    ):
        f.decide(decision, organ, on=D(2026, 6, 9))
    assert f.decide(decision, organ, on=D(2026, 6, 10)).status == Status.DECIDED


def test_a_meeting_dated_before_a_completed_stage_or_in_the_future_is_refused(people):
    host, organ, clock = people["host"], people["organ"], people["clock"]
    decision = f.ready_for_meeting(_one(people), host, people["reviewer"], organ)
    clock.move_to(D(2026, 6, 15))
    with pytest.raises(ApplicationError, match="早于公众参与完成日期 2026-04-15"):
        f.decide(decision, organ, on=D(2026, 4, 1))
    with pytest.raises(ApplicationError, match="不能晚于今天"):
        f.decide(decision, organ, on=D(2026, 6, 20))


def test_a_failed_review_blocks_the_meeting_and_the_draft_may_be_sent_again(people):
    host, organ, clock = people["host"], people["organ"], people["clock"]
    decision = f.sent_to_review(f.through_stages(_one(people), host), host)
    decision = f.pass_review(decision, people["reviewer"], Conclusion.ILLEGAL)
    f.upload_stage(decision, organ, Stage.MEETING)
    clock.move_to(D(2026, 6, 15))
    with pytest.raises(ApplicationError, match="审查结论为“不合法”"):
        f.decide(decision, organ)
    first = decision.review_matter_id
    decision = f.fresh(decision)
    legality.send_to_review(decision=decision, actor=host, expected_version=decision.version)
    assert f.fresh(decision).review_matter_id != first


def test_the_exploratory_reform_path_needs_the_legal_risk_statement(people):
    host, organ = people["host"], people["organ"]
    decision = f.through_stages(_one(people), host)
    f.upload(decision, host, "draft", "决策草案.docx")
    f.upload(decision, host, "draft_note")
    f.upload_stage(decision, organ, Stage.MEETING)
    with pytest.raises(ApplicationError, match="尚未送审"):
        f.decide(decision, organ, on=D(2026, 5, 30))
    with pytest.raises(ApplicationError, match="请填写法律风险说明"):
        stages.state_legal_risk(
            decision=decision, actor=host, expected_version=decision.version, statement=" "
        )
    decision = stages.state_legal_risk(
        decision=decision,
        actor=host,
        expected_version=decision.version,
        statement="国家尚无明确规定，存在被认定超越权限的风险。",
    )
    assert f.decide(decision, organ, on=D(2026, 5, 30)).status == Status.DECIDED


def test_a_public_consultation_shorter_than_thirty_days_needs_its_reason(people):
    decision = f.launched(_one(people), people["host"])
    values = {
        "decision": decision,
        "actor": people["host"],
        "method": "public",
        "starts_on": D(2026, 3, 5),
        "ends_on": D(2026, 3, 20),
    }
    with pytest.raises(ApplicationError, match=r"公开征求意见期限仅 15 日.*应至少截至 2026-04-07"):
        stages.add_consultation(**values)
    assert not decision.consultations.exists()
    stages.add_consultation(**values, shortened_reason="汛期临近，情况紧急")
    stages.add_consultation(**{**values, "method": "forum"})  # a 座谈会 has no 30-day window
    assert decision.consultations.count() == 2


def test_hearing_materials_sent_less_than_seven_days_before_are_refused(people):
    decision = f.launched(_one(people, hearing=True), people["host"])
    values = {
        "decision": decision,
        "actor": people["host"],
        "announced_on": D(2026, 4, 1),
        "materials_sent_on": D(2026, 4, 16),
        "held_on": D(2026, 4, 20),
        "participants": "代表8人",
        "record_signed": True,
    }
    with pytest.raises(
        ApplicationError, match="听证材料于 2026-04-16 送达、2026-04-20 举行听证，不足7日"
    ):
        stages.add_hearing(**values)
    stages.add_hearing(**{**values, "materials_sent_on": D(2026, 4, 13)})


def test_an_unsigned_hearing_record_does_not_complete_the_hearing(people):
    host = people["host"]
    decision = f.launched(_one(people, hearing=True), host)
    stages.add_hearing(
        decision=decision,
        actor=host,
        announced_on=D(2026, 4, 1),
        materials_sent_on=D(2026, 4, 8),
        held_on=D(2026, 4, 20),
        participants="代表8人",
        record_signed=False,
    )
    f.upload_stage(decision, host, Stage.HEARING)
    with pytest.raises(ApplicationError, match="听证笔录须经听证参加人确认并签字"):
        f.complete(decision, host, Stage.HEARING, D(2026, 4, 22))


def test_an_expert_with_a_declared_interest_blocks_the_stage_until_removed(people):
    host = people["host"]
    decision = f.launched(_one(people, expert=True), host)
    interested = stages.add_expert_opinion(
        decision=decision,
        actor=host,
        name="李工",
        form="written",
        interest="其配偶经营停车场",
        opinion="同意",
        signed=True,
        given_on=D(2026, 5, 8),
    )
    with pytest.raises(
        ApplicationError, match="李工（其配偶经营停车场）申报与决策事项有直接利害关系，应当回避"
    ):
        f.argued(decision, host)
    assert f.fresh(decision).expert_on is None
    stages.delete_record(record=interested, actor=host)
    assert f.fresh(decision).expert_opinions.count() == 1
    assert f.complete(decision, host, Stage.EXPERT, D(2026, 5, 12)).expert_on == D(2026, 5, 12)


def test_an_expert_comes_from_the_countys_pool_or_is_named(people, tree):
    host = people["host"]
    decision = f.launched(_one(people, expert=True), host)
    pooled = Expert.objects.create(
        region=tree["regions"]["county"], name="周律师", specialty="行政法"
    )
    elsewhere = Expert.objects.create(
        region=tree["regions"]["peer"], name="外县专家", specialty="x"
    )
    values = {
        "decision": decision,
        "actor": host,
        "form": "meeting",
        "opinion": "可行",
        "signed": True,
        "given_on": D(2026, 5, 8),
    }
    opinion = stages.add_expert_opinion(**values, expert=pooled)
    assert (opinion.name, opinion.specialty, opinion.expert_id) == ("周律师", "行政法", pooled.pk)
    with pytest.raises(ApplicationError, match="不在本县可用的专家库中"):
        stages.add_expert_opinion(**values, expert=elsewhere)
    with pytest.raises(ApplicationError, match="请填写专家姓名或机构"):
        stages.add_expert_opinion(**values)


def test_an_uncontrollable_risk_blocks_the_stage(people):
    host = people["host"]
    decision = f.launched(_one(people, risk=True), host)
    with pytest.raises(ApplicationError, match=r"风险不可控.*条例 第24条"):
        f.assessed(decision, host, controllable=False)
    assert f.fresh(decision).risk_on is None


def test_a_stage_is_not_completed_without_its_materials_or_changed_after(people):
    host = people["host"]
    decision = f.launched(_one(people), host)
    stages.add_consultation(
        decision=decision,
        actor=host,
        method="forum",
        starts_on=D(2026, 3, 5),
        ends_on=D(2026, 3, 5),
    )
    with pytest.raises(
        ApplicationError, match="公众参与缺少材料：征求意见公告及草案说明、意见收集及采纳情况说明"
    ):
        f.complete(decision, host, Stage.PARTICIPATION, D(2026, 3, 6))
    f.upload_stage(decision, host, Stage.PARTICIPATION)
    f.complete(decision, host, Stage.PARTICIPATION, D(2026, 3, 6))
    with pytest.raises(ApplicationError, match="公众参与已于2026-03-06完成，不能再修改"):
        stages.add_consultation(
            decision=decision,
            actor=host,
            method="forum",
            starts_on=D(2026, 3, 9),
            ends_on=D(2026, 3, 9),
        )
    with pytest.raises(ApplicationError, match="公众参与已完成，材料不能再变更"):
        f.upload(decision, host, "notice")


def test_dates_out_of_order_are_refused(people):
    host = people["host"]
    decision = f.launched(_one(people), host)
    with pytest.raises(ApplicationError, match="截止日期 2026-03-01 早于开始日期 2026-03-05"):
        stages.add_consultation(
            decision=decision,
            actor=host,
            method="forum",
            starts_on=D(2026, 3, 5),
            ends_on=D(2026, 3, 1),
        )
    with pytest.raises(ApplicationError, match="开始日期 2026-02-01 早于启动日期 2026-03-02"):
        stages.add_consultation(
            decision=decision,
            actor=host,
            method="forum",
            starts_on=D(2026, 2, 1),
            ends_on=D(2026, 2, 5),
        )
    with pytest.raises(
        ApplicationError, match="完成日期 2026-03-01 早于最后一项记录日期 2026-03-05"
    ):
        stages.add_consultation(
            decision=decision,
            actor=host,
            method="forum",
            starts_on=D(2026, 3, 5),
            ends_on=D(2026, 3, 5),
        )
        f.upload_stage(decision, host, Stage.PARTICIPATION)
        f.complete(decision, host, Stage.PARTICIPATION, D(2026, 3, 1))


def test_after_the_meeting_each_step_follows_the_one_before(people):
    host, organ, clock = people["host"], people["organ"], people["clock"]
    decision = f.ready_for_meeting(_one(people), host, people["reviewer"], organ)
    clock.move_to(D(2026, 6, 20))
    decision = f.decide(decision, organ)
    f.upload_stage(decision, organ, Stage.PARTY)
    with pytest.raises(
        ApplicationError, match="请示报告日期 2026-06-11 早于集体讨论决定日期 2026-06-12"
    ):
        deciding.report_to_party(
            decision=decision,
            actor=organ,
            expected_version=decision.version,
            reported_on=D(2026, 6, 11),
            party_body="县委常委会",
        )
    with pytest.raises(
        ApplicationError,
        match="决策公布：决策事项“城区停车收费标准调整”当前为“已决定”，不能决策公布",
    ):
        deciding.publish(
            decision=decision,
            actor=organ,
            expected_version=decision.version,
            published_on=D(2026, 6, 13),
            channels=["website"],
        )


def test_the_host_clerk_may_not_record_the_meeting_nor_another_unit_launch(people, township_clerk):
    host, organ = people["host"], people["organ"]
    decision = f.ready_for_meeting(_one(people), host, people["reviewer"], organ)
    people["clock"].move_to(D(2026, 6, 15))
    with pytest.raises(NotAllowedError, match="您不是该决策事项的决策机关"):
        f.decide(decision, host)
    other = _other(people)
    f.upload_stage(other, host, Stage.LAUNCH)
    other = f.fresh(other)
    with pytest.raises(NotAllowedError, match="您不是该决策事项的决策承办单位"):
        stages.launch(
            decision=other,
            actor=township_clerk,
            expected_version=other.version,
            launched_on=D(2026, 6, 1),
            proposal_source="leader",
            proposal="x",
            research_note="x",
        )
    with pytest.raises(NotAllowedError, match="决策启动的材料由决策承办单位提供"):
        f.upload(other, township_clerk, "research")


def _other(people):
    from fazhi.decisions.services import catalog as catalogs

    adjustment = catalogs.propose_adjustment(
        catalog=Decision.objects.first().catalog,
        actor=people["manager"],
        kind="add",
        reason="年中新增",
        data=f.line(people["tree"], title="新增事项"),
    )
    catalogs.approve_adjustment(
        adjustment=adjustment,
        actor=people["manager"],
        expected_version=adjustment.version,
        approved_on=D(2026, 6, 15),
        approval_body="县政府常务会议",
    )
    return Decision.objects.get(title="新增事项")


def test_a_stale_form_is_refused(people):
    decision = f.launched(_one(people), people["host"])
    loaded = decision.version
    f.consulted(decision, people["host"])
    with pytest.raises(StaleRecordError):
        stages.state_legal_risk(
            decision=decision,
            actor=people["host"],
            expected_version=loaded,
            statement="风险",
        )


def test_the_draft_goes_to_review_only_after_the_required_stages(people):
    host = people["host"]
    decision = f.launched(_one(people, risk=True), host)
    f.upload(decision, host, "draft", "决策草案.docx")
    f.upload(decision, host, "draft_note")
    with pytest.raises(ApplicationError, match="目录要求的公众参与、风险评估尚未完成"):
        legality.send_to_review(
            decision=f.fresh(decision), actor=host, expected_version=f.fresh(decision).version
        )
    assert not ReviewMatter.objects.exists()


def test_the_review_matter_carries_the_draft_the_materials_and_the_procedures(people):
    host = people["host"]
    decision = f.sent_to_review(f.through_stages(_one(people, risk=True), host), host)
    matter = decision.review_matter
    assert (matter.status, matter.unit, matter.submitted_on) == (
        "submitted",
        host.unit,
        D(2026, 6, 1),
    )
    assert matter.procedure_note.startswith(
        "已履行：决策启动（2026-03-02）；公众参与（2026-04-15 完成）"
    )
    given = set(matter.documents.values_list("material__name", flat=True))
    assert {"决策草案说明", "公众参与材料", "风险评估报告"} <= given
    with pytest.raises(ApplicationError, match="已送审"):
        legality.send_to_review(decision=decision, actor=host, expected_version=decision.version)


def test_the_head_differing_from_the_majority_must_give_reasons(people):
    host, organ = people["host"], people["organ"]
    decision = f.ready_for_meeting(_one(people), host, people["reviewer"], organ)
    people["clock"].move_to(D(2026, 6, 15))
    with pytest.raises(ApplicationError, match="应当说明理由（条例 第30条）"):
        f.decide(decision, organ, head_differs=True)
    decided = f.decide(
        decision, organ, head_differs=True, head_differs_reason="多数意见未虑及财政承受能力"
    )
    assert decided.head_differs_reason == "多数意见未虑及财政承受能力"


def test_a_fake_pdf_is_refused_with_a_chinese_message(people):
    decision = _one(people)
    with pytest.raises(ApplicationError, match="不是有效的"):
        from fazhi.decisions.services import materials

        materials.add_material(
            decision=decision, actor=people["host"], kind="proposal", upload=pdf("a.pdf", b"no")
        )
    assert not decision.materials.exists()


def _in_force(people) -> Decision:
    host, organ, clock = people["host"], people["organ"], people["clock"]
    decision = f.ready_for_meeting(_one(people, risk=True), host, people["reviewer"], organ)
    clock.move_to(D(2026, 7, 1))
    decision = f.decide(decision, organ)
    f.upload_stage(decision, organ, Stage.PARTY)
    decision = deciding.report_to_party(
        decision=decision,
        actor=organ,
        expected_version=decision.version,
        reported_on=D(2026, 6, 13),
        party_body="县委常委会",
    )
    f.upload_stage(decision, organ, Stage.PUBLICATION)
    decision = deciding.publish(
        decision=decision,
        actor=organ,
        expected_version=decision.version,
        published_on=D(2026, 6, 15),
        channels=["website"],
    )
    return deciding.start_execution(
        decision=decision,
        actor=organ,
        expected_version=decision.version,
        executing_unit=people["tree"]["units"]["police"],
        execution_on=D(2026, 6, 16),
    )


def test_the_post_evaluation_is_not_done_by_the_pre_decision_assessor(people):
    organ = people["organ"]
    decision = _in_force(people)
    f.upload_stage(decision, organ, Stage.EVALUATION)
    values = {
        "decision": decision,
        "actor": organ,
        "expected_version": decision.version,
        "evaluated_on": D(2026, 6, 30),
        "trigger": "necessary",
        "conclusion": "基本达到预期",
    }
    with pytest.raises(
        ApplicationError, match="承担了决策前的风险评估，不得承担后评估（条例 第36条）"
    ):
        deciding.record_evaluation(**values, evaluator="县社会稳定风险评估中心")
    evaluated = deciding.record_evaluation(**values, evaluator="示例市社会科学院")
    assert evaluated.evaluated_on == D(2026, 6, 30)


def test_a_decision_in_force_is_adjusted_or_stopped_only_with_its_procedure(people):
    organ = people["organ"]
    decision = _in_force(people)
    values = {
        "decision": decision,
        "actor": organ,
        "changed_on": D(2026, 6, 20),
        "reason": "上位法修改",
        "procedure": "经县政府常务会议研究决定",
    }
    with pytest.raises(ApplicationError, match="请先上传调整（停止）决定及依据"):
        deciding.change(**values, expected_version=decision.version, kind="adjust")
    f.upload_stage(decision, organ, Stage.ADJUSTMENT)
    deciding.change(**values, expected_version=decision.version, kind="adjust")
    decision = f.fresh(decision)
    assert (decision.status, decision.changed_on) == (Status.EXECUTING, D(2026, 6, 20))
    deciding.change(**values, expected_version=decision.version, kind="stop", emergency=True)
    assert f.fresh(decision).status == Status.STOPPED
