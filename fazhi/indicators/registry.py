"""The indicator registry: the shape in which a domain app declares an indicator.

An indicator is data, not code in a view. A domain app declares its indicators in its own
`indicators.py`; `IndicatorsConfig.ready()` imports that module of every installed app (the way
the admin finds `admin.py`), so `indicators` never imports a domain app::

    # fazhi/disputes/indicators.py
    from fazhi.indicators.registry import Direction, Indicator, Measure, Variant, register

    from .models import Lawsuit, Outcome

    # A measure: the records counted, the unit foreign key(s) that place a record in a unit
    # (and so in that unit's region), and the date that places it in a period.
    first_closed = Measure(
        lambda: Lawsuit.objects.filter(instance="first", closed_on__isnull=False),
        unit_fields=("defendant",),
        date_field="closed_on",
        label="一审审结案件数",
    )

    register(
        Indicator(
            code="disputes.litigation_loss_rate",  # "<app label>.<snake_case>", unique
            name="行政诉讼败诉率",
            definition="行政机关败诉的一审审结案件数 ÷ 一审审结案件总数 × 100%",
            basis="RULES.md §5、§11.D",  # where the formula comes from
            unit="%",
            scale=100,  # value = numerator ÷ denominator × scale
            decimals=2,
            direction=Direction.LOWER_IS_BETTER,
            numerator=first_closed.filter(outcome__in=Outcome.LOSSES, label="败诉案件数"),
            denominator=first_closed,  # omit it for a plain count: value = numerator
            target=None,  # default target, if the indicator system names one
            variants=(  # named alternative 统计口径 where practice differs
                Variant(
                    key="judgments_only",
                    name="仅判决结案",
                    definition="败诉判决数 ÷ 以判决结案的一审审结案件数",
                    denominator=first_closed.filter(closed_by="judgment", label="判决结案数"),
                ),
            ),
        )
    )

Rules a declaration follows:
- A measure counts rows (COUNT) or sums one numeric field (`sum_of="amount"`); the engine does
  it in SQL, for any region subtree or unit and any period (`fazhi.indicators.engine`).
- `unit_fields` are forward foreign keys (paths like "case__unit" allowed) to `org.Unit`. With
  several fields a record belongs to every unit any of them names, counted once.
- `date_field` is a DateField or DateTimeField; records without that date are in no period.
- Numerator and denominator may come from different models (复议:诉讼收案比).
- A variant replaces the numerator, the denominator, or both; its key is what users choose.
- A count (no denominator) with no record counted has no value ("无数据"): the module may
  simply hold no data for that scope and period. Where a zero is a real result, declare its
  `base`, the records whose presence makes a zero count a figure::

      register(Indicator(code="disputes.litigation_lost", name="行政诉讼败诉数", …, unit="件",
                         numerator=first_closed.filter(outcome__in=Outcome.LOSSES),
                         base=first_closed))  # concluded cases, none lost: 0 件 (败诉零发生)

  The count then has a value (0 when nothing was counted) whenever its numerator or its base
  has a record in the scope and period, the year-earlier period (同比) alike; with neither it
  stays "无数据". A plain volume count (收案数) declares no base: with no record, the ledger may
  not have been kept. The base is counted in the same batched scans as the other measures
  (reuse a measure the module already counts, e.g. a rate's denominator, and it costs
  nothing); only its row count matters, so it sums nothing (no `sum_of`). A ratio declares no
  base (its denominator plays that part); a variant may declare its own base for a count,
  else it keeps the indicator's (`Indicator.base_for`). The records behind such a 0
  (`engine.records_behind`) are the numerator's: none, a real "0 件".
- Give the model an index on (unit field, date field) for each measure, e.g.
  `models.Index(fields=["defendant", "closed_on"])`: a unit's or a township's figure then
  reads only its own rows instead of scanning the table.
- Declarations are checked against the models when registered: a wrong field name fails at
  start-up, not in a report.

Using them: `registry.get(code)`, `registry.all()`; `engine.evaluate(indicator, scope, period,
variant=…)`, `engine.evaluate_periods(…)`, `engine.evaluate_by_unit(…)` and
`engine.records_behind(…)`, with `Scope` from
`fazhi.indicators.scopes` and `Period` from `fazhi.indicators.periods`. A caller tallying
measures itself (`engine.tallies_by_unit_fields`) takes them from `indicator.counted(key)`,
which includes the base, and gives the base's tally to `engine.compute_value`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import KW_ONLY, dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models import Q, QuerySet

from fazhi.core.exceptions import ApplicationError

CODE_RE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
VARIANT_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_DECIMALS = 6
NUMERIC_FIELDS = (models.IntegerField, models.DecimalField, models.FloatField)

Source = QuerySet[Any] | Callable[[], QuerySet[Any]]


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", "越高越好"
    LOWER_IS_BETTER = "lower", "越低越好"
    # Plain counts (收案数) that describe workload rather than performance.
    NEUTRAL = "neutral", "不分高低"


class AlreadyRegisteredError(ImproperlyConfigured):
    """Two declarations share one indicator code."""


class IndicatorNotFoundError(ApplicationError):
    def __init__(self, code: str) -> None:
        super().__init__(f"未找到指标：{code}", extra={"code": code})


class UnknownVariantError(ApplicationError):
    def __init__(self, indicator: Indicator, key: str) -> None:
        choices = "、".join(f"{v.key}（{v.name}）" for v in indicator.variants) or "无"
        super().__init__(
            f"指标“{indicator.name}”没有统计口径：{key}（可选：{choices}）",
            extra={"code": indicator.code, "variant": key},
        )


@dataclass(frozen=True, repr=False)
class Measure:
    """What a numerator or denominator counts: rows of a queryset, placed by unit and date.

    `source` is a queryset or a function returning one (evaluated afresh for every use).
    """

    source: Source
    _: KW_ONLY
    date_field: str
    unit_fields: tuple[str, ...] = ("unit",)
    sum_of: str | None = None
    label: str = ""
    # Extra filters added by `filter()`, applied on top of `source`.
    conditions: tuple[Q, ...] = ()

    def __post_init__(self) -> None:
        fields = self.unit_fields
        object.__setattr__(
            self, "unit_fields", (fields,) if isinstance(fields, str) else tuple(fields)
        )
        if not self.unit_fields:
            raise ImproperlyConfigured("指标计量须至少指定一个单位字段（unit_fields）")

    def __repr__(self) -> str:
        # Never the queryset's own repr: that would run it.
        model = self.source.model._meta.label if isinstance(self.source, QuerySet) else "…"
        return f"<Measure {self.label or model} by {self.date_field}>"

    def base_queryset(self) -> QuerySet[Any]:
        """A fresh queryset of the source, before the conditions `filter()` added."""
        return self.source.all() if isinstance(self.source, QuerySet) else self.source()

    def queryset(self) -> QuerySet[Any]:
        """A fresh queryset of every record this measure counts, in any unit and period."""
        qs = self.base_queryset()
        for condition in self.conditions:
            qs = qs.filter(condition)
        return qs

    @property
    def model(self) -> type[models.Model]:
        return self.queryset().model

    def filter(self, *args: Q, label: str = "", **kwargs: Any) -> Measure:
        """The same measure narrowed to the records matching the filter (a numerator's subset)."""
        return replace(self, label=label, conditions=(*self.conditions, Q(*args, **kwargs)))

    def date_is_datetime(self) -> bool:
        return isinstance(resolve_field(self.model, self.date_field), models.DateTimeField)


@dataclass(frozen=True, kw_only=True)
class Variant:
    """A named alternative 统计口径: replaces the numerator and/or the denominator."""

    key: str
    name: str
    definition: str = ""
    numerator: Measure | None = None
    denominator: Measure | None = None
    # For a count: the records whose presence makes a zero a figure (else the indicator's base).
    base: Measure | None = None


@dataclass(frozen=True, kw_only=True)
class Indicator:
    """One declared indicator. See the module docstring for how to write one."""

    code: str
    name: str
    definition: str
    unit: str
    direction: Direction
    numerator: Measure
    denominator: Measure | None = None
    scale: Decimal = Decimal(1)
    decimals: int = 2
    target: Decimal | None = None
    variants: tuple[Variant, ...] = ()
    basis: str = ""
    # For a count: the records whose presence makes a zero count a figure (module docstring).
    base: Measure | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "scale", Decimal(str(self.scale)))
        if self.target is not None:
            object.__setattr__(self, "target", Decimal(str(self.target)))
        object.__setattr__(self, "variants", tuple(self.variants))
        for problem in _declaration_problems(self):
            raise ImproperlyConfigured(f"指标 {self.code}：{problem}")

    @property
    def is_ratio(self) -> bool:
        return self.denominator is not None

    @property
    def is_percentage(self) -> bool:
        return self.unit == "%"

    def variant(self, key: str | None) -> Variant | None:
        """The variant named `key` (None for the default 统计口径); raises UnknownVariantError."""
        if key is None:
            return None
        for variant in self.variants:
            if variant.key == key:
                return variant
        raise UnknownVariantError(self, key)

    def measures(self, key: str | None = None) -> tuple[Measure, Measure | None]:
        """Numerator and denominator under the variant `key` (default 统计口径 when None)."""
        variant = self.variant(key)
        if variant is None:
            return self.numerator, self.denominator
        return (
            variant.numerator or self.numerator,
            variant.denominator or self.denominator,
        )

    def base_for(self, key: str | None = None) -> Measure | None:
        """The base of the count under the variant `key`: the variant's own, else the
        indicator's (None for a ratio, or a count without one)."""
        variant = self.variant(key)
        if variant is not None and variant.base is not None:
            return variant.base
        return self.base

    def counted(self, key: str | None = None) -> tuple[Measure, ...]:
        """Every measure the figure under the variant `key` counts: the numerator, then the
        denominator or the base, where declared."""
        numerator, denominator = self.measures(key)
        return tuple(m for m in (numerator, denominator, self.base_for(key)) if m is not None)

    def definition_for(self, key: str | None = None) -> str:
        variant = self.variant(key)
        if variant is None:
            return self.definition
        return variant.definition or f"{self.definition}（统计口径：{variant.name}）"


def _declaration_problems(indicator: Indicator) -> Iterator[str]:
    if not CODE_RE.match(indicator.code):
        yield "编码应为“应用.名称”，小写字母、数字和下划线"
    if not indicator.name.strip() or not indicator.definition.strip():
        yield "名称和定义不能为空"
    if indicator.scale <= 0:
        yield "倍数（scale）必须大于 0"
    if not 0 <= indicator.decimals <= MAX_DECIMALS:
        yield f"小数位数应在 0 到 {MAX_DECIMALS} 之间"
    keys = [v.key for v in indicator.variants]
    if len(set(keys)) != len(keys):
        yield "统计口径的键重复"
    for variant in indicator.variants:
        if not VARIANT_KEY_RE.match(variant.key):
            yield f"统计口径键“{variant.key}”应为小写字母、数字和下划线"
        if variant.numerator is None and variant.denominator is None:
            yield f"统计口径“{variant.key}”须替换分子或分母"
        if variant.denominator is not None and indicator.denominator is None:
            yield f"统计口径“{variant.key}”不能给计数指标加分母"
        if variant.base is not None and indicator.denominator is not None:
            yield f"统计口径“{variant.key}”不能给比率指标加基数（base）：比率由分母判断是否有数据"
    yield from _base_problems(indicator)


def _base_problems(indicator: Indicator) -> Iterator[str]:
    if indicator.base is not None and indicator.denominator is not None:
        yield "比率指标不能声明基数（base）：基数只用于计数指标，比率由分母判断是否有数据"
    bases = [indicator.base, *(v.base for v in indicator.variants)]
    if any(base is not None and base.sum_of for base in bases):
        yield "基数（base）只看有无记录，不能求和（sum_of）"


def resolve_field(model: type[models.Model], path: str) -> models.Field[Any, Any]:
    """The model field at the end of a lookup path such as "case__unit"."""
    parts = path.split("__")
    current: Any = model
    for index, part in enumerate(parts):
        found = current._meta.get_field(part)
        if index < len(parts) - 1:
            if not (found.many_to_one or found.one_to_one) or found.related_model is None:
                raise FieldDoesNotExist(f"{path}：{part} 不是外键")
            current = found.related_model
    return found


def check_measure(measure: Measure) -> list[str]:
    """What is wrong with a measure against its model (an empty list when nothing is)."""
    from fazhi.org.models import Unit

    model = measure.model
    problems: list[str] = []
    checks: list[tuple[str, Callable[[Any], bool], str]] = [
        (measure.date_field, lambda f: isinstance(f, models.DateField), "不是日期字段"),
        *[
            (name, lambda f: f.many_to_one and f.related_model is Unit, "不是指向单位的外键")
            for name in measure.unit_fields
        ],
    ]
    if measure.sum_of:
        checks.append((measure.sum_of, lambda f: isinstance(f, NUMERIC_FIELDS), "不是数值字段"))
    for path, is_ok, complaint in checks:
        try:
            found = resolve_field(model, path)
        except FieldDoesNotExist:
            problems.append(f"{model._meta.label} 没有字段 {path}")
            continue
        if not is_ok(found):
            problems.append(f"{model._meta.label}.{path} {complaint}")
    return problems


@dataclass
class Registry:
    """Indicators by code, in the order they were registered."""

    _by_code: dict[str, Indicator] = field(default_factory=dict)

    def register(self, indicator: Indicator) -> Indicator:
        """Add `indicator`; a code already taken or a field its measures name wrongly raises."""
        if indicator.code in self._by_code:
            raise AlreadyRegisteredError(f"指标编码重复：{indicator.code}")
        measures = [indicator.numerator, indicator.denominator, indicator.base]
        for variant in indicator.variants:
            measures += [variant.numerator, variant.denominator, variant.base]
        problems = [p for m in measures if m is not None for p in check_measure(m)]
        if problems:
            raise ImproperlyConfigured(f"指标 {indicator.code}：" + "；".join(problems))
        self._by_code[indicator.code] = indicator
        return indicator

    def unregister(self, code: str) -> None:
        self._by_code.pop(code, None)

    def get(self, code: str) -> Indicator:
        try:
            return self._by_code[code]
        except KeyError:
            raise IndicatorNotFoundError(code) from None

    def all(self) -> list[Indicator]:
        return list(self._by_code.values())

    def __contains__(self, code: object) -> bool:
        return code in self._by_code


registry = Registry()
register = registry.register
get = registry.get


def all() -> list[Indicator]:
    """Every registered indicator, in registration order (the registry's public name)."""
    return registry.all()
