"""The 专家库: keeping it (services, Excel import and export), masking, scoping, and consulting
its experts on a review matter with the 利害关系声明 (重大行政决策程序暂行条例 第20条)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from fazhi.core.exceptions import ApplicationError, NotAllowedError, StaleRecordError
from fazhi.core.models import AuditEvent
from fazhi.indicators import engine
from fazhi.indicators.periods import Period
from fazhi.indicators.scopes import Scope
from fazhi.review import indicators, selectors
from fazhi.review.importers import COLUMNS, expert_pool_import
from fazhi.review.models import Consultation, Expert, ExpertDeclaration, Interest, MatterEvent
from fazhi.review.services import experts as services
from fazhi.review.services import reviewing
from fazhi.review.tests import factories as f

pytestmark = pytest.mark.django_db

LAWYER = {
    "name": "林志恒",
    "specialty": "民商法（合同）",
    "employer": "明正律师事务所",
    "title": "律师",
    "phone": "13900001234",
}
ENGINEER = {"name": "郑国栋", "specialty": "建设工程", "employer": "示例市建筑设计研究院"}


def _expert(actor, **values):
    return services.create_expert(actor=actor, values={**LAWYER, **values})


def _workbook(rows, *, sheet="专家库", header=COLUMNS) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- keeping the pool ----------------------------------------------------------------------


def test_county_admin_adds_an_expert_whose_phone_the_audit_trail_keeps_masked(county_admin):
    expert = _expert(county_admin)

    assert expert.region.name == "示例县"
    assert expert.is_active
    line = AuditEvent.objects.get(object_type="review.expert", event="create")
    assert line.changes["phone"] == [None, "139****1234"]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"name": " "}, "专家库：姓名不能为空"),
        ({"specialty": ""}, "专家库：专业领域不能为空"),
        ({"phone": "请打办公室"}, "专家库：联系电话格式不正确"),
        ({"phone": "139****1234"}, "专家库：联系电话格式不正确"),
        ({"name": "长" * 51}, "专家库：姓名不能超过 50 个字符"),
    ],
)
def test_bad_expert_details_are_refused_and_nothing_is_stored(county_admin, values, message):
    with pytest.raises(ApplicationError, match=message):
        _expert(county_admin, **values)
    assert not Expert.objects.exists()


def test_the_same_name_at_the_same_employer_is_refused(county_admin):
    _expert(county_admin)
    with pytest.raises(ApplicationError, match="已有工作单位为“明正律师事务所”的专家“林志恒”"):
        _expert(county_admin, title="合伙人")
    assert Expert.objects.count() == 1


def test_a_reviewer_cannot_keep_the_pool(county_admin, reviewer):
    with pytest.raises(NotAllowedError, match="您无权维护专家库"):
        _expert(reviewer)
    expert = _expert(county_admin)
    with pytest.raises(NotAllowedError):
        services.update_expert(
            expert=expert, actor=reviewer, expected_version=1, values=LAWYER | {"title": "主任"}
        )


def test_the_peer_county_administrator_cannot_change_this_countys_expert(county_admin, outsider):
    expert = _expert(county_admin)
    with pytest.raises(NotAllowedError, match="只能由示例县的县级管理员维护本县专家库"):
        services.set_active(expert=expert, actor=outsider, expected_version=1, active=False)


def test_an_edit_from_a_stale_form_is_refused(county_admin):
    expert = _expert(county_admin)
    services.update_expert(
        expert=expert, actor=county_admin, expected_version=1, values=LAWYER | {"title": "主任"}
    )
    with pytest.raises(StaleRecordError):
        services.update_expert(
            expert=expert, actor=county_admin, expected_version=1, values=LAWYER | {"title": "x"}
        )
    expert.refresh_from_db()
    assert (expert.title, expert.version) == ("主任", 2)


def test_an_expert_taken_out_of_the_pool_is_no_longer_offered(
    county_admin, catalog, township_clerk, township_reviewer
):
    expert = _expert(county_admin)
    matter = f.in_review(township_clerk, township_reviewer)
    assert list(selectors.matter_pool(matter)) == [expert]

    services.set_active(expert=expert, actor=county_admin, expected_version=1, active=False)

    assert list(selectors.matter_pool(matter)) == []
    with pytest.raises(ApplicationError, match="已是已出库状态"):
        services.set_active(expert=expert, actor=county_admin, expected_version=2, active=False)


# --- Excel import and export ---------------------------------------------------------------


def test_an_import_creates_and_updates_by_name_and_employer_and_twice_changes_nothing(
    county_admin,
):
    _expert(county_admin)
    data = _workbook(
        [
            ("林志恒", "民商法（合同）", "明正律师事务所", "高级合伙人", "13900001234", "", "是"),
            ("郑国栋", "建设工程", "示例市建筑设计研究院", "高级工程师", 13900005678, "", ""),
            ("曹德明", "财政金融", "示例县审计事务所", "注册会计师", "", "调动", "否"),
        ]
    )
    first = expert_pool_import(data=data, actor=county_admin, dry_run=False, filename="库.xlsx")
    again = expert_pool_import(data=data, actor=county_admin, dry_run=False, filename="库.xlsx")

    assert first.ok and first.counts == {"created": 2, "updated": 1, "unchanged": 0}
    assert again.counts == {"created": 0, "updated": 0, "unchanged": 3}
    assert Expert.objects.get(name="林志恒").title == "高级合伙人"
    assert Expert.objects.get(name="郑国栋").phone == "13900005678"
    assert not Expert.objects.get(name="曹德明").is_active
    assert AuditEvent.objects.filter(event="import", message__contains="新增 2 名").exists()


def test_an_import_with_errors_stores_nothing_and_names_row_and_column(county_admin):
    data = _workbook(
        [
            ("周明远", "行政法", "示例市大学法学院", "教授", "", "", ""),
            ("", "行政法", "示例市委党校", "", "", "", ""),
            ("陈雅琴", "行政法", "", "", "电话待补", "", "在"),
            ("周明远", "行政法", "示例市大学法学院", "", "", "", ""),
        ]
    )
    result = expert_pool_import(data=data, actor=county_admin, dry_run=False)

    assert not result.ok and not result.written
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("专家库", 3, "姓名"),
        ("专家库", 4, "联系电话"),
        ("专家库", 4, "在库"),
        ("专家库", 5, "姓名"),
    ]
    assert str(result.errors[0]) == "工作表「专家库」第 3 行「姓名」列：不能为空"
    assert "与第 2 行重复" in result.errors[3].message
    assert not Expert.objects.exists()


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (_workbook([], sheet="Sheet1"), "a.xlsx", "缺少工作表「专家库」"),
        (_workbook([("周明远",)], header=("姓名",)), "a.xlsx", "缺少列：专业领域"),
        (b"not a workbook", "a.xlsx", "文件内容不是 .xlsx 工作簿"),
        (b"PK\x03\x04", "a.xlsm", "不接受启用宏的工作簿"),
    ],
)
def test_an_unusable_file_is_refused_with_a_chinese_reason(county_admin, data, filename, message):
    result = expert_pool_import(data=data, actor=county_admin, dry_run=False, filename=filename)
    assert message in str(result.errors[0])
    assert not Expert.objects.exists()


def test_a_dry_run_counts_and_stores_nothing(county_admin):
    data = _workbook([("周明远", "行政法", "示例市大学法学院", "", "", "", "")])
    result = expert_pool_import(data=data, actor=county_admin, dry_run=True)
    assert result.ok and result.counts["created"] == 1
    assert not Expert.objects.exists()


def test_a_reviewer_may_not_import(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("review:expert-import")).status_code == 403
    result = expert_pool_import(data=_workbook([]), actor=reviewer, dry_run=False)
    assert "您无权维护专家库" in result.errors[0].message


def test_the_import_page_shows_the_errors_and_imports_a_good_file(client, county_admin):
    client.force_login(county_admin)
    bad = io.BytesIO(_workbook([("", "行政法", "", "", "", "", "")]))
    bad.name = "专家.xlsx"
    response = client.post(reverse("review:expert-import"), {"file": bad})
    assert response.status_code == 400
    assert "不能为空" in response.content.decode()

    good = io.BytesIO(_workbook([("周明远", "行政法", "示例市大学法学院", "", "", "", "")]))
    good.name = "专家.xlsx"
    response = client.post(reverse("review:expert-import"), {"file": good})
    assert response.status_code == 302
    assert Expert.objects.filter(name="周明远").exists()


def _exported(client, user, query=""):
    client.force_login(user)
    response = client.get(reverse("review:expert-export") + query)
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book["专家库"].iter_rows(values_only=True)]


def test_the_export_masks_phones_for_a_leader_and_keeps_them_for_the_county_admin(
    client, county_admin, leader
):
    _expert(county_admin, name="=HYPERLINK(1)")

    full = _exported(client, county_admin)
    masked = _exported(client, leader)

    assert full[0] == list(COLUMNS)
    assert full[1][0] == "=HYPERLINK(1)"  # text, never a formula
    assert (full[1][4], masked[1][4]) == ("13900001234", "139****1234")
    assert AuditEvent.objects.filter(event="export", message__contains="已脱敏").exists()


def test_an_export_imports_back_unchanged(client, county_admin):
    _expert(county_admin)
    services.create_expert(actor=county_admin, values=ENGINEER)
    rows = _exported(client, county_admin, "?active=all")
    result = expert_pool_import(data=_workbook(rows[1:]), actor=county_admin, dry_run=True)
    assert result.counts == {"created": 0, "updated": 0, "unchanged": 2}


# --- the pool pages: scoping and masking ---------------------------------------------------


def test_the_pool_is_read_in_its_county_only(client, county_admin, township_clerk, outsider):
    expert = _expert(county_admin)
    client.force_login(township_clerk)
    assert "林志恒" in client.get(reverse("review:experts")).content.decode()

    client.force_login(outsider)
    assert "林志恒" not in client.get(reverse("review:experts")).content.decode()
    edit = reverse("review:expert-edit", kwargs={"expert_id": expert.pk})
    assert client.get(edit).status_code == 404
    assert "林志恒" not in str(_exported(client, outsider))


def test_administrator_roles_do_not_read_the_pool(client, sysadmin):
    client.force_login(sysadmin)
    assert client.get(reverse("review:experts")).status_code == 403


def test_the_list_masks_phones_for_a_clerk_and_shows_them_to_a_reviewer(
    client, county_admin, township_clerk, reviewer
):
    _expert(county_admin)
    client.force_login(township_clerk)
    html = client.get(reverse("review:experts")).content.decode()
    assert "139****1234" in html and "13900001234" not in html
    client.force_login(reviewer)
    assert "13900001234" in client.get(reverse("review:experts")).content.decode()


def test_the_list_searches_name_and_specialty_and_filters_by_state(client, county_admin):
    _expert(county_admin)
    engineer = services.create_expert(actor=county_admin, values=ENGINEER)
    services.set_active(expert=engineer, actor=county_admin, expected_version=1, active=False)
    client.force_login(county_admin)

    def names(query):
        response = client.get(reverse("review:experts") + query)
        return {e.name for e in response.context["page_obj"].object_list}

    assert names("") == {"林志恒"}
    assert names("?active=all") == {"林志恒", "郑国栋"}
    assert names("?active=no") == {"郑国栋"}
    assert names("?active=all&q=建设") == {"郑国栋"}
    assert names("?active=all&specialty=民商法（合同）") == {"林志恒"}


def test_the_add_and_edit_forms_reach_the_services(client, county_admin):
    client.force_login(county_admin)
    response = client.post(reverse("review:expert-create"), {**ENGINEER, "phone": "电话"})
    assert response.status_code == 400
    assert "联系电话格式不正确" in response.content.decode()

    response = client.post(reverse("review:expert-create"), ENGINEER)
    expert = Expert.objects.get(name="郑国栋")
    assert response.status_code == 302
    edit = reverse("review:expert-edit", kwargs={"expert_id": expert.pk})
    assert "郑国栋" in client.get(edit).content.decode()
    client.post(edit, {**ENGINEER, "title": "正高级工程师", "version": expert.version})
    expert.refresh_from_db()
    assert expert.title == "正高级工程师"


# --- consulting pool experts on a matter --------------------------------------------------


@pytest.fixture
def pool(county_admin):
    return {
        "lawyer": _expert(county_admin),
        "engineer": services.create_expert(actor=county_admin, values=ENGINEER),
    }


@pytest.fixture
def matter(catalog, township_clerk, township_reviewer):
    return f.in_review(township_clerk, township_reviewer)


def _pick(matter, actor, *choices):
    return services.select_experts(
        matter=matter,
        actor=actor,
        choices=[
            services.ExpertChoice(expert, interest, note) for expert, interest, note in choices
        ],
    )


def test_a_reviewer_picks_an_expert_and_records_the_opinion_linked_to_the_expert(
    pool, matter, township_reviewer
):
    (declaration,) = _pick(matter, township_reviewer, (pool["lawyer"], Interest.NONE, ""))
    consultation = services.record_expert_opinion(
        declaration=declaration,
        actor=township_reviewer,
        opinion="合同违约条款应当对等。",
        given_on=declaration.declared_on,
    )

    assert (consultation.kind, consultation.expert, consultation.name) == (
        "expert",
        pool["lawyer"],
        "林志恒",
    )
    labels = list(matter.events.values_list("action_label", flat=True))
    assert "选定论证专家" in labels and "记录专家意见" in labels
    assert list(selectors.matter_pool(matter)) == [pool["engineer"]]
    with pytest.raises(ApplicationError, match="已记录该专家的意见"):
        services.record_expert_opinion(
            declaration=declaration, actor=township_reviewer, opinion="再次", given_on=None
        )


def test_an_expert_declaring_an_interest_is_excluded_and_the_exclusion_recorded(
    client, pool, matter, township_reviewer
):
    client.force_login(township_reviewer)
    lawyer, engineer = pool["lawyer"], pool["engineer"]
    response = client.post(
        reverse("review:matter-experts", kwargs={"matter_id": matter.pk}),
        {
            "expert": [lawyer.pk, engineer.pk],
            f"interest_{lawyer.pk}": Interest.UNIT,
            f"note_{lawyer.pk}": "近三年为送审单位提供常年法律服务",
            f"interest_{engineer.pk}": Interest.NONE,
        },
        follow=True,
    )

    html = response.content.decode()
    assert "专家林志恒与送审单位有利害关系（近三年为送审单位提供常年法律服务）" in html
    assert "依照重大行政决策程序暂行条例 第20条应当回避" in html
    assert "已选定论证专家：郑国栋" in html
    excluded = ExpertDeclaration.objects.get(expert=lawyer)
    assert excluded.excluded and excluded.interest_note.startswith("近三年")
    assert MatterEvent.objects.filter(matter=matter, action_label="专家回避").exists()
    assert AuditEvent.objects.filter(object_type="review.expertdeclaration").count() == 2


def test_an_expert_employed_by_the_submitting_unit_is_excluded_whatever_the_answer(
    county_admin, matter, township_reviewer
):
    insider = _expert(county_admin, name="王建平", employer="青石镇人民政府")
    (declaration,) = _pick(matter, township_reviewer, (insider, Interest.NONE, ""))

    assert declaration.interest == Interest.UNIT
    assert declaration.interest_note == "工作单位“青石镇人民政府”即送审单位"
    with pytest.raises(ApplicationError, match="已声明与送审单位有利害关系并回避"):
        services.record_expert_opinion(
            declaration=declaration, actor=township_reviewer, opinion="意见", given_on=None
        )
    assert not Consultation.objects.exists()


def test_a_pick_without_a_declaration_answer_stores_nothing(pool, matter, township_reviewer):
    with pytest.raises(ApplicationError, match="请填写专家“郑国栋”的利害关系声明"):
        _pick(
            matter,
            township_reviewer,
            (pool["lawyer"], Interest.NONE, ""),
            (pool["engineer"], "", ""),
        )
    assert not ExpertDeclaration.objects.exists()
    assert not MatterEvent.objects.filter(action_label="选定论证专家").exists()


def test_an_expert_is_picked_once_per_matter(pool, matter, township_reviewer):
    _pick(matter, township_reviewer, (pool["lawyer"], Interest.MATTER, "参与方案编制"))
    with pytest.raises(ApplicationError, match="已于 2026-11-16 作出声明，不能重复选取"):
        _pick(matter, township_reviewer, (pool["lawyer"], Interest.NONE, ""))


def test_an_expert_of_another_county_cannot_be_picked(
    client, tree, matter, township_reviewer, outsider
):
    foreign = services.create_expert(actor=outsider, values=LAWYER)
    with pytest.raises(ApplicationError, match="不在本县专家库中"):
        _pick(matter, township_reviewer, (foreign, Interest.NONE, ""))

    client.force_login(township_reviewer)
    url = reverse("review:matter-experts", kwargs={"matter_id": matter.pk})
    response = client.post(
        url, {"expert": [foreign.pk], f"interest_{foreign.pk}": "none"}, follow=True
    )
    assert "所选专家不在本县专家库中" in response.content.decode()
    assert not ExpertDeclaration.objects.exists()


def test_only_the_reviewer_may_pick_and_only_while_in_review(
    client, pool, catalog, township_clerk, township_reviewer
):
    matter = f.in_review(township_clerk, township_reviewer)
    with pytest.raises(NotAllowedError):
        _pick(matter, township_clerk, (pool["lawyer"], Interest.NONE, ""))
    signed = f.signed(township_clerk, township_reviewer, title="已签发的合同")
    with pytest.raises(ApplicationError, match="只能在“审查中”时记录征求意见"):
        _pick(signed, township_reviewer, (pool["lawyer"], Interest.NONE, ""))
    client.force_login(township_clerk)
    url = reverse("review:matter-experts", kwargs={"matter_id": matter.pk})
    assert client.post(url, {"expert": [pool["lawyer"].pk]}).status_code == 403


def test_an_opinion_dated_before_the_pick_is_refused(pool, matter, township_reviewer):
    import datetime as dt

    (declaration,) = _pick(matter, township_reviewer, (pool["lawyer"], Interest.NONE, ""))
    with pytest.raises(ApplicationError, match="不能早于选定专家的日期"):
        services.record_expert_opinion(
            declaration=declaration,
            actor=township_reviewer,
            opinion="意见",
            given_on=dt.date(2026, 11, 2),
        )


def test_the_matter_page_offers_the_pool_by_specialty_and_shows_who_was_consulted(
    client, pool, matter, township_reviewer, township_clerk
):
    client.force_login(township_reviewer)
    url = matter.get_absolute_url()
    html = client.get(url + "?specialty=建设工程").content.decode()
    assert 'data-testid="pool-form"' in html
    assert "郑国栋" in html and "林志恒" not in html

    (declaration,) = _pick(matter, township_reviewer, (pool["engineer"], Interest.NONE, ""))
    opinion_url = reverse("review:expert-opinion", kwargs={"declaration_id": declaration.pk})
    client.post(opinion_url, {"opinion": "工程款支付节点应与验收挂钩。", "given_on": "2026-11-16"})

    client.force_login(township_clerk)
    html = client.get(url).content.decode()
    assert "工程款支付节点应与验收挂钩。" in html
    assert 'data-testid="pool-form"' not in html
    assert "专家库" in html and "无利害关系" in html


def _sign_legal(matter, reviewer):
    matter = f.fresh(matter)
    matter = reviewing.draft_opinion(
        matter=matter,
        actor=reviewer,
        expected_version=matter.version,
        conclusion="legal",
        opinion="经审查，该合同合法。",
    )
    return reviewing.sign(matter=matter, actor=reviewer, expected_version=matter.version)


def test_the_expert_indicator_counts_signed_matters_that_heard_a_pool_expert(
    pool, catalog, township_clerk, township_reviewer
):
    heard = f.in_review(township_clerk, township_reviewer, title="听取专家意见的合同")
    picked = f.in_review(township_clerk, township_reviewer, title="专家意见未出具的合同")
    (declaration,) = _pick(heard, township_reviewer, (pool["lawyer"], Interest.NONE, ""))
    _pick(picked, township_reviewer, (pool["engineer"], Interest.NONE, ""))
    services.record_expert_opinion(
        declaration=declaration,
        actor=township_reviewer,
        opinion="意见",
        given_on=declaration.declared_on,
    )
    _sign_legal(heard, township_reviewer)
    _sign_legal(picked, township_reviewer)
    f.signed(township_clerk, township_reviewer, title="未听取专家意见的合同")

    county = Scope.of_region(catalog)
    result = engine.evaluate(indicators.EXPERTS, county, Period.year(2026))

    assert result.value == 1
    behind = engine.records_behind(indicators.EXPERTS, county, Period.year(2026))
    assert [m.title for m in behind] == ["听取专家意见的合同"]
