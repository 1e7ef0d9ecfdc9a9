"""Manual values and targets: who may write them, what is refused, and that refusals store
nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.core.models import AuditEvent
from fazhi.indicators import services
from fazhi.indicators.models import ManualIndicator, ManualValue, Target, TargetLevel
from fazhi.indicators.registry import Direction

D = Decimal
PDF = b"%PDF-1.4\n%test evidence\n"


def pdf(name="佐证.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def lawyers(county_admin):
    return services.declare_manual_indicator(
        actor=county_admin,
        code="manual.public_lawyer_rate",
        name="公职律师配备率",
        definition="配备公职律师的单位数 ÷ 应配备单位数 × 100%",
    )


def test_a_clerk_enters_the_own_units_value_with_evidence_and_it_is_audited(
    lawyers, township_clerk, tree
):
    value = services.enter_manual_value(
        actor=township_clerk, indicator=lawyers, unit=tree["units"]["qingshi"], year=2025,
        numerator="3", denominator="4", upload=pdf(),
    )  # fmt: skip

    assert (value.numerator, value.denominator, value.value) == (D(3), D(4), D("75.00"))
    assert value.evidence_name == "佐证.pdf" and value.entered_by == township_clerk
    assert AuditEvent.objects.filter(object_type="indicators.manualvalue").count() == 1


def test_a_correction_keeps_the_evidence_and_checks_the_version(lawyers, township_clerk, tree):
    unit = tree["units"]["qingshi"]
    first = services.enter_manual_value(
        actor=township_clerk, indicator=lawyers, unit=unit, year=2025,
        numerator=3, denominator=4, upload=pdf(),
    )  # fmt: skip

    second = services.enter_manual_value(
        actor=township_clerk, indicator=lawyers, unit=unit, year=2025,
        numerator=4, denominator=4, expected_version=first.version,
    )  # fmt: skip

    assert (second.pk, second.value, second.evidence_name) == (first.pk, D("100.00"), "佐证.pdf")
    with pytest.raises(ApplicationError, match="已被他人修改"):
        services.enter_manual_value(
            actor=township_clerk, indicator=lawyers, unit=unit, year=2025,
            numerator=1, denominator=4, expected_version=first.version,
        )  # fmt: skip


def test_the_county_justice_bureau_enters_for_any_unit_of_its_county(lawyers, county_admin, tree):
    value = services.enter_manual_value(
        actor=county_admin, indicator=lawyers, unit=tree["units"]["police"], year=2025,
        numerator=1, denominator=2, upload=pdf(),
    )  # fmt: skip

    assert value.unit == tree["units"]["police"]


@pytest.mark.parametrize("persona", ["other_township_clerk", "outsider", "leader"])
def test_others_may_not_enter_a_units_value(lawyers, tree, request, persona):
    with pytest.raises(NotAllowedError):
        services.enter_manual_value(
            actor=request.getfixturevalue(persona), indicator=lawyers,
            unit=tree["units"]["qingshi"], year=2025, numerator=1, denominator=2, upload=pdf(),
        )  # fmt: skip

    assert not ManualValue.objects.exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"numerator": "3", "denominator": ""}, "请填写分子和分母"),
        ({"numerator": "三", "denominator": "4"}, "的分子不是数字：三"),
        ({"numerator": "-1", "denominator": "4"}, "的分子应为不小于 0 的数字"),
        ({"numerator": "1", "denominator": "4", "upload": None}, "请上传佐证材料"),
        ({"numerator": "1", "denominator": "4", "year": 2031}, "年度超出范围：2031"),
    ],
)
def test_bad_values_are_refused_naming_unit_year_and_field(
    lawyers, township_clerk, tree, values, message
):
    kwargs = {"year": 2025, "upload": pdf(), **values}

    with pytest.raises(ApplicationError) as caught:
        services.enter_manual_value(
            actor=township_clerk, indicator=lawyers, unit=tree["units"]["qingshi"], **kwargs
        )

    assert message in caught.value.message
    assert not ManualValue.objects.exists()


def test_a_file_that_is_not_evidence_is_refused(lawyers, township_clerk, tree):
    fake = SimpleUploadedFile("佐证.pdf", b"MZ not a pdf", content_type="application/pdf")

    with pytest.raises(ApplicationError, match="不是有效的"):
        services.enter_manual_value(
            actor=township_clerk, indicator=lawyers, unit=tree["units"]["qingshi"],
            year=2025, numerator=1, denominator=2, upload=fake,
        )  # fmt: skip

    assert not ManualValue.objects.exists()


def test_manual_codes_must_be_new_and_in_the_manual_namespace(lawyers, county_admin):
    for code, message in [
        ("manual.public_lawyer_rate", "已被使用"),
        ("testapp.loss_rate", "应为 manual."),
        ("Manual.X", "应为 manual."),
    ]:
        with pytest.raises(ApplicationError, match=message):
            services.declare_manual_indicator(
                actor=county_admin, code=code, name="x", definition="y"
            )
    assert ManualIndicator.objects.count() == 1


# --- targets ---------------------------------------------------------------------------------


def test_a_target_is_set_and_changed_with_an_audit_line(county_admin, tree):
    county = tree["regions"]["county"]

    first = services.set_target(
        actor=county_admin, region=county, code="testapp.loss_rate", year=2025,
        level=TargetLevel.COUNTY, green_at="5", yellow_at="8",
    )  # fmt: skip
    changed = services.set_target(
        actor=county_admin, region=county, code="testapp.loss_rate", year=2025,
        level=TargetLevel.COUNTY, green_at="4", yellow_at="", expected_version=first.version,
    )  # fmt: skip

    assert changed.pk == first.pk
    assert (changed.green_at, changed.yellow_at) == (D(4), None)
    assert AuditEvent.objects.filter(object_type="indicators.target").count() == 2


@pytest.mark.parametrize(
    ("code", "green", "yellow", "message"),
    [
        (
            "testapp.loss_rate",
            "5",
            "3",
            "目标有误：“测试败诉率”越低越好，预警值（黄）3 不能低于达标值（绿）5",
        ),
        ("testapp.received", "5", None, "目标有误：“测试收案数”不分高低，不能设定目标"),
        ("testapp.loss_rate", "五", None, "“测试败诉率”的达标值（绿）不是数字：五"),
        ("testapp.loss_rate", "", None, "请填写达标值（绿）"),
        ("nothing.here", "5", None, "未找到指标：nothing.here"),
    ],
)
def test_contradictory_or_bad_thresholds_are_refused_and_nothing_is_stored(
    county_admin, tree, code, green, yellow, message
):
    with pytest.raises(ApplicationError) as caught:
        services.set_target(
            actor=county_admin, region=tree["regions"]["county"], code=code, year=2025,
            level=TargetLevel.COUNTY, green_at=green, yellow_at=yellow,
        )  # fmt: skip

    assert message in caught.value.message
    assert not Target.objects.exists()


def test_higher_is_better_thresholds_must_have_yellow_below_green(county_admin, tree):
    lawyers = services.declare_manual_indicator(
        actor=county_admin, code="manual.lawyers", name="公职律师配备率", definition="d",
        direction=Direction.HIGHER_IS_BETTER,
    )  # fmt: skip

    with pytest.raises(ApplicationError, match="越高越好，预警值（黄）70 不能高于达标值（绿）60"):
        services.set_target(
            actor=county_admin, region=tree["regions"]["county"], code=lawyers.code,
            year=2025, level=TargetLevel.TOWNSHIP, green_at="60", yellow_at="70",
        )  # fmt: skip
    assert not Target.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "leader", "township_clerk"])
def test_only_assessment_managers_of_the_region_set_its_targets(tree, request, persona):
    with pytest.raises(NotAllowedError):
        services.set_target(
            actor=request.getfixturevalue(persona), region=tree["regions"]["county"],
            code="testapp.loss_rate", year=2025, level=TargetLevel.COUNTY, green_at="5",
        )  # fmt: skip

    assert not Target.objects.exists()
