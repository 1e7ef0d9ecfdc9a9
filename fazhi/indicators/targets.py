"""Targets and colours (三色): the target in force for an indicator in a region (the nearest
region up the tree wins) and the colour a value earns against its thresholds."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from fazhi.indicators.models import Colour, Target
from fazhi.indicators.registry import Direction
from fazhi.org.models import Region


def better_by(direction: str, value: Decimal, threshold: Decimal) -> Decimal:
    """How far `value` is on the good side of `threshold` (negative: short of it)."""
    if direction == Direction.LOWER_IS_BETTER:
        return threshold - value
    return value - threshold


def reaches(direction: str, value: Decimal, threshold: Decimal) -> bool:
    """Whether `value` is at or beyond `threshold` on the good side of `direction` (which is
    not neutral: a neutral indicator has no target and no colour)."""
    return better_by(direction, value, threshold) >= 0


def colour_of(
    direction: str,
    value: Decimal | None,
    green_at: Decimal | None,
    yellow_at: Decimal | None,
) -> Colour:
    """三色: green at or beyond `green_at`, yellow at or beyond `yellow_at`, red otherwise (see
    Target); GREY without a value, without a threshold, or for a neutral indicator."""
    if value is None or green_at is None or direction == Direction.NEUTRAL:
        return Colour.GREY
    if reaches(direction, value, green_at):
        return Colour.GREEN
    if yellow_at is not None and reaches(direction, value, yellow_at):
        return Colour.YELLOW
    return Colour.RED


class TargetBook:
    """The targets of one year and level, read once for a batch of lookups: the target of the
    nearest region up the tree wins (a county's own over its city's over its province's)."""

    def __init__(self, year: int, level: str) -> None:
        self.year, self.level = year, level
        self._by_key: dict[tuple[str, str], Target] = {}
        self._loaded: set[str] = set()

    def preload(self, regions: Iterable[Region]) -> None:
        """Read the targets of these regions and all their ancestors in one query."""
        wanted = {code for region in regions for code in region.path_codes()} - self._loaded
        if not wanted:
            return
        rows = Target.objects.filter(year=self.year, level=self.level, region__code__in=wanted)
        for target in rows.select_related("region"):
            self._by_key[(target.indicator_code, target.region.code)] = target
        self._loaded |= wanted

    def find(self, code: str, region: Region) -> Target | None:
        self.preload([region])
        for region_code in reversed(region.path_codes()):
            target = self._by_key.get((code, region_code))
            if target is not None:
                return target
        return None


def target_for(
    code: str, region: Region, year: int, level: str, *, book: TargetBook | None = None
) -> Target | None:
    """The target for indicator `code` in `region` for `year` and `level`: the one set by the
    nearest region up the tree, or None. Pass a `book` to share its reads across a batch."""
    if book is None or (book.year, book.level) != (year, level):
        book = TargetBook(year, level)
    return book.find(code, region)
