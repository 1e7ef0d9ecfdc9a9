from __future__ import annotations

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from fazhi.indicators import registry
from fazhi.indicators.registry import (
    AlreadyRegisteredError,
    Direction,
    Indicator,
    IndicatorNotFoundError,
    Measure,
    Registry,
    Variant,
)
from tests.testapp.models import SampleCase


def _indicator(code="testapp.loss_rate", **kwargs) -> Indicator:
    fields = {
        "code": code,
        "name": "重复的指标",
        "definition": "测试",
        "unit": "件",
        "direction": Direction.NEUTRAL,
        "numerator": Measure(SampleCase.objects.all(), date_field="received_on"),
        **kwargs,
    }
    return Indicator(**fields)


def test_domain_apps_indicators_are_registered_at_start_up():
    codes = [i.code for i in registry.all()]
    assert "testapp.loss_rate" in codes and "testapp.received" in codes
    assert registry.get("testapp.loss_rate").name == "测试败诉率"


def test_registry_rejects_a_duplicate_code_and_keeps_the_first():
    with pytest.raises(AlreadyRegisteredError, match=re.escape("指标编码重复：testapp.loss_rate")):
        registry.register(_indicator())
    assert registry.get("testapp.loss_rate").name == "测试败诉率"


def test_fresh_registry_rejects_duplicates_and_lists_in_order():
    fresh = Registry()
    first = fresh.register(_indicator("testapp.b"))
    second = fresh.register(_indicator("testapp.a"))
    with pytest.raises(AlreadyRegisteredError):
        fresh.register(_indicator("testapp.b"))
    assert fresh.all() == [first, second]
    fresh.unregister("testapp.b")
    assert "testapp.b" not in fresh


def test_unknown_code_is_named_in_chinese():
    with pytest.raises(IndicatorNotFoundError, match=re.escape("未找到指标：testapp.nothing")):
        registry.get("testapp.nothing")


@pytest.mark.parametrize(
    ("measure", "message"),
    [
        (Measure(SampleCase.objects.all(), date_field="title"), "title 不是日期字段"),
        (Measure(SampleCase.objects.all(), date_field="nope"), "没有字段 nope"),
        (
            Measure(SampleCase.objects.all(), date_field="received_on", unit_fields="title"),
            "title 不是指向单位的外键",
        ),
        (
            Measure(SampleCase.objects.all(), date_field="received_on", sum_of="title"),
            "title 不是数值字段",
        ),
    ],
)
def test_registering_a_measure_with_a_wrong_field_fails_at_start_up(measure, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        Registry().register(_indicator("testapp.bad", numerator=measure))


def test_unit_field_may_follow_a_foreign_key():
    measure = Measure(
        SampleCase.objects.all(), date_field="received_on", unit_fields="unit__parent"
    )
    assert Registry().register(_indicator("testapp.parent", numerator=measure))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"code": "NoDot"}, "编码应为"),
        ({"name": " "}, "名称和定义不能为空"),
        ({"scale": 0}, "倍数"),
        ({"decimals": 9}, "小数位数"),
        ({"variants": (Variant(key="x", name="空"),)}, "须替换分子或分母"),
        (
            {
                "variants": (
                    Variant(
                        key="x",
                        name="加分母",
                        denominator=Measure(SampleCase.objects.all(), date_field="received_on"),
                    ),
                )
            },
            "不能给计数指标加分母",
        ),
    ],
)
def test_malformed_declaration_is_refused(kwargs, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        _indicator(**kwargs)


def test_measure_repr_does_not_run_its_queryset():
    # No database here: running the queryset would raise.
    assert "收案数" in repr(registry.get("testapp.received").numerator)
