"""The indicators pages: runs and rankings, targets, manual values, schemes; scoped to the user."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.indicators import assessment, exporters
from fazhi.indicators.models import (
    AssessmentRun,
    IndicatorSystem,
    ManualValue,
    RunStatus,
    Target,
    TargetLevel,
)

D = Decimal


@pytest.fixture(autouse=True)
def late_2026(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(
        dt.datetime(2026, 11, 21, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ):
        yield


@pytest.fixture
def run(towns, scheme, tree):
    return assessment.run_assessment(
        region=tree["regions"]["county"], year=2023, level=TargetLevel.TOWNSHIP, system=scheme,
        actor=None,
    )  # fmt: skip


def test_a_leader_sees_the_ranking_with_colours_and_manual_marks(client, leader, run):
    client.force_login(leader)

    page = client.get(reverse("indicators:run", kwargs={"run_id": run.pk}))

    html = page.content.decode()
    assert page.status_code == 200
    assert "白沙镇" in html and "103.00" in html
    assert "fz-colour-green" in html and "fz-colour-red" in html
    assert "无数据" in html and "（手工填报）" in html
    assert client.get(reverse("indicators:runs")).status_code == 200


@pytest.mark.parametrize("persona", ["outsider", "township_clerk"])
def test_others_get_404_for_a_countys_run(client, request, persona, run):
    client.force_login(request.getfixturevalue(persona))

    for name in ("indicators:run", "indicators:run-compare", "indicators:run-xlsx"):
        assert client.get(reverse(name, kwargs={"run_id": run.pk})).status_code == 404


def test_an_administrator_runs_freezes_and_compares(client, county_admin, towns, scheme, tree):
    client.force_login(county_admin)
    response = client.post(
        reverse("indicators:run-new"),
        {"region": "990121000000", "year": "2023", "level": "township", "system": scheme.pk},
    )
    run = AssessmentRun.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/runs/{run.pk}/")

    client.post(reverse("indicators:run-freeze", kwargs={"run_id": run.pk}))
    compare = client.get(reverse("indicators:run-compare", kwargs={"run_id": run.pk}))

    run.refresh_from_db()
    assert run.status == RunStatus.FROZEN
    assert "快照与实时数据一致" in compare.content.decode()
    deleted = client.post(reverse("indicators:run-delete", kwargs={"run_id": run.pk}), follow=True)
    assert "已冻结，不能删除" in deleted.content.decode()
    assert AssessmentRun.objects.filter(pk=run.pk).exists()


def test_a_bad_run_request_is_refused_with_a_message(client, county_admin, towns):
    client.force_login(county_admin)

    page = client.post(
        reverse("indicators:run-new"),
        {"region": "990121000000", "year": "2023", "level": "county"},
        follow=True,
    )

    assert "其下没有县(市、区)可考核" in page.content.decode()
    assert not AssessmentRun.objects.exists()


def test_a_leader_may_not_start_a_run(client, leader, towns):
    client.force_login(leader)

    response = client.post(
        reverse("indicators:run-new"), {"region": "990121000000", "year": "2023"}
    )

    assert response.status_code == 403


def test_the_ranking_exports_to_excel(client, county_admin, run):
    client.force_login(county_admin)

    response = client.get(reverse("indicators:run-xlsx", kwargs={"run_id": run.pk}))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("排名", "考核对象", "得分", "颜色")
    assert rows[1][:4] == (1, "白沙镇", 103.0, "绿")


# --- targets ---------------------------------------------------------------------------------


def test_targets_page_lists_own_and_inherited_targets(client, leader, tree):
    Target.objects.create(region=tree["regions"]["city"], indicator_code="testapp.loss_rate",
                          year=2025, level=TargetLevel.COUNTY, green_at=5)  # fmt: skip
    client.force_login(leader)

    page = client.get(reverse("indicators:targets-home"), follow=True)

    html = page.content.decode()
    assert "示例县 2026 年指标目标" in html
    page = client.get(reverse("indicators:targets", kwargs={"region_code": "990121000000",
                                                            "year": 2025}))  # fmt: skip
    html = page.content.decode()
    assert "测试败诉率" in html and "≤5" in html and "上级设定" in html


def test_contradictory_thresholds_on_the_page_store_nothing(client, county_admin, tree):
    client.force_login(county_admin)
    url = reverse("indicators:target-set", kwargs={"region_code": "990121000000", "year": 2025})

    page = client.post(
        url,
        {"code": "testapp.loss_rate", "level": "county", "green_at": "5", "yellow_at": "3"},
        follow=True,
    )

    assert "越低越好，预警值（黄）3 不能低于达标值（绿）5" in page.content.decode()
    assert not Target.objects.exists()


def test_an_outsider_gets_404_for_a_countys_targets(client, outsider, tree):
    client.force_login(outsider)
    url = reverse("indicators:targets", kwargs={"region_code": "990121000000", "year": 2025})

    assert client.get(url).status_code == 404


# --- manual values ---------------------------------------------------------------------------


def test_a_clerk_enters_the_own_units_value_on_the_page(client, township_clerk, towns, tree):
    client.force_login(township_clerk)
    indicator_id = ManualValue.objects.first().indicator_id
    url = reverse("indicators:manual", kwargs={"unit_code": "U-QS", "year": 2025})
    evidence = SimpleUploadedFile("配备情况.pdf", b"%PDF-1.4 test", content_type="application/pdf")

    page = client.post(
        url,
        {"indicator": indicator_id, "numerator": "3", "denominator": "4", "evidence": evidence},
        follow=True,
    )

    html = page.content.decode()
    assert "已保存青石镇人民政府 2025 年“公职律师配备率”" in html
    assert "75.00%" in html and "配备情况.pdf" in html and "手工填报" in html
    value = ManualValue.objects.get(year=2025)
    download = client.get(reverse("indicators:manual-evidence", kwargs={"value_id": value.pk}))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_a_clerk_gets_404_for_another_townships_values(client, other_township_clerk, towns):
    client.force_login(other_township_clerk)
    value = ManualValue.objects.get(unit__code="U-QS")

    assert client.get(reverse("indicators:manual", kwargs={"unit_code": "U-QS", "year": 2023})
                      ).status_code == 404  # fmt: skip
    assert client.get(reverse("indicators:manual-evidence", kwargs={"value_id": value.pk})
                      ).status_code == 404  # fmt: skip


def test_the_county_justice_bureau_lists_every_unit_of_its_county(client, county_admin, towns):
    client.force_login(county_admin)

    html = client.get(reverse("indicators:manual-home") + "?year=2023").content.decode()

    assert "示例县公安局" in html and "青石镇人民政府" in html and "临溪县司法局" not in html


# --- schemes ---------------------------------------------------------------------------------


def test_a_scheme_imports_from_the_page_and_shows_its_tree(client, county_admin, towns, scheme):
    content = exporters.export_system(scheme)
    IndicatorSystem.objects.filter(pk=scheme.pk).update(edition="旧版")
    client.force_login(county_admin)
    upload = SimpleUploadedFile("方案.xlsx", content)

    page = client.post(
        reverse("indicators:system-import"), {"region": "990121000000", "file": upload},
        follow=True,
    )  # fmt: skip

    html = page.content.decode()
    assert "已导入指标体系“乡镇法治建设考核（2023年版）”，共 7 项（草稿）" in html
    assert "律师配备率（颜色）" in html and "±5" in html


def test_a_bad_scheme_lists_its_errors_and_stores_nothing(client, county_admin, tree):
    book = openpyxl.Workbook()
    book.active.title = "指标项"
    out = io.BytesIO()
    book.save(out)
    client.force_login(county_admin)

    page = client.post(
        reverse("indicators:system-import"),
        {"region": "990121000000", "file": SimpleUploadedFile("坏.xlsx", out.getvalue())},
    )

    assert page.status_code == 400
    assert "缺少工作表「体系信息」" in page.content.decode()
    assert not IndicatorSystem.objects.exists()


def test_the_admin_refuses_items_whose_weights_do_not_sum(admin_client_sys, towns, scheme):
    url = reverse("admin:indicators_indicatorsystem_change", args=[scheme.pk])
    page = admin_client_sys.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(_inline_data(page.context["inline_admin_formsets"][0].formset))
    data["items-1-weight"] = "25"  # 1.1 败诉率（线性）: 30 → 25, so 一 sums to 55

    response = admin_client_sys.post(url, data)

    assert response.status_code == 200
    assert (
        "「一 依法化解」的下级指标分值合计 55.00 分，与其分值 60.00 分不符"
        in response.content.decode()
    )


@pytest.fixture
def admin_client_sys(client, sysadmin):
    client.force_login(sysadmin)
    return client


def _inline_data(formset) -> dict[str, str]:
    data = {
        f"{formset.prefix}-TOTAL_FORMS": str(len(formset.initial_forms)),
        f"{formset.prefix}-INITIAL_FORMS": str(len(formset.initial_forms)),
    }
    for index, form in enumerate(formset.initial_forms):
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if hasattr(value, "pk"):
                value = value.pk
            if name == "rule_params":
                import json

                value = json.dumps(value)
            data[f"{formset.prefix}-{index}-{name}"] = "" if value is None else str(value)
        data[f"{formset.prefix}-{index}-id"] = str(form.instance.pk)
        data[f"{formset.prefix}-{index}-system"] = str(form.instance.system_id)
    return data


def test_an_administrator_declares_a_manual_indicator_on_the_page(client, county_admin, tree):
    client.force_login(county_admin)
    data = {"code": "manual.lawyers", "name": "公职律师配备率", "definition": "配备 ÷ 应配备",
            "direction": "higher", "unit": "%", "is_ratio": "1"}  # fmt: skip

    page = client.post(reverse("indicators:manual-declare"), data, follow=True)
    bad = client.post(reverse("indicators:manual-declare"), {**data, "code": "x"}, follow=True)

    assert "已声明手工填报指标" in page.content.decode()
    assert "编码“x”不正确" in bad.content.decode()
