"""What an indicator is, whatever its kind: a declared (computed) indicator of the registry or a
manual one declared as data (`ManualIndicator`), described in one shape."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from fazhi.indicators import registry
from fazhi.indicators.models import ManualIndicator
from fazhi.indicators.registry import IndicatorNotFoundError

MANUAL_LABEL = "手工填报"


@dataclass(frozen=True)
class IndicatorMeta:
    """A declared or a manual indicator's description, in one shape."""

    code: str
    name: str
    unit: str
    direction: str
    definition: str
    is_manual: bool
    decimals: int = 2
    is_ratio: bool = True
    scale: Decimal = Decimal(1)
    basis: str = ""
    variant_name: str = ""  # the 统计口径 chosen, when not the default

    @property
    def is_percentage(self) -> bool:
        return self.unit == "%"

    @property
    def display_name(self) -> str:
        """The name, marked 手工填报 for a manual indicator (as it must be wherever shown)."""
        return display_name(self.name, self.is_manual, self.variant_name)

    @classmethod
    def of_declared(cls, indicator: registry.Indicator) -> IndicatorMeta:
        return cls(
            code=indicator.code,
            name=indicator.name,
            unit=indicator.unit,
            direction=indicator.direction,
            definition=indicator.definition,
            is_manual=False,
            decimals=indicator.decimals,
            is_ratio=indicator.is_ratio,
            scale=indicator.scale,
            basis=indicator.basis,
        )

    @classmethod
    def of_manual(cls, indicator: ManualIndicator) -> IndicatorMeta:
        return cls(
            code=indicator.code,
            name=indicator.name,
            unit=indicator.unit,
            direction=indicator.direction,
            definition=indicator.definition,
            is_manual=True,
            decimals=indicator.decimals,
            is_ratio=indicator.is_ratio,
            scale=Decimal(indicator.scale),
            basis=indicator.basis,
        )


def indicator_meta(code: str) -> IndicatorMeta:
    """The description of the indicator `code`; IndicatorNotFoundError when there is none."""
    return metas([code])[code]


def metas(codes: Iterable[str]) -> dict[str, IndicatorMeta]:
    """Descriptions by code, in the order given (one query for the manual ones); raises
    IndicatorNotFoundError for an unknown code."""
    codes = list(dict.fromkeys(codes))
    manual_codes = [c for c in codes if c not in registry.registry]
    manual = {m.code: m for m in ManualIndicator.objects.filter(code__in=manual_codes)}
    found: dict[str, IndicatorMeta] = {}
    for code in codes:
        if code in registry.registry:
            found[code] = IndicatorMeta.of_declared(registry.get(code))
        elif code in manual:
            found[code] = IndicatorMeta.of_manual(manual[code])
        else:
            raise IndicatorNotFoundError(code)
    return found


def all_codes() -> list[str]:
    """Every registered indicator's code, then every active manual indicator's."""
    manual = ManualIndicator.objects.filter(is_active=True).values_list("code", flat=True)
    return [i.code for i in registry.all()] + list(manual)


def display_name(name: str, is_manual: bool, variant_name: str = "") -> str:
    if variant_name:
        name = f"{name}（{variant_name}）"
    return f"{name}（{MANUAL_LABEL}）" if is_manual else name
