"""How the engine counts measures in SQL: in batches, one statement each.

`evaluate`, `evaluate_periods` and `evaluate_by_unit` count one indicator with a statement per
measure (`share=False`). The batch functions count every measure of one model in a single scan
(`share=True`), one conditional COUNT (or SUM) per measure and period in the FILTER of the
aggregate, whatever the measures' sources, extra filters and date fields: the cost grows with the
models, not with the indicators. A measure shares a scan when its source is a plain filter on its
model's own columns (no join, subquery, annotation, slice or DISTINCT) and its `filter()`
conditions and date name only the model's own columns; any other measure is counted alone. The
shared conditions are compiled by Django once (declarations and periods repeat: cached) and
become the aggregates' SQL, so tens of aggregates cost little to build.

The WHERE of a statement keeps the scope's units and, per date field, the span the periods cover.
Measures placing a record by several unit fields (被告, 共同被告) are counted as a UNION ALL of one
part per field, a record in the part of the first field that places it in the scope (so counted
once), each part reading its own field's index for the scope's units: an OR across the fields
would leave PostgreSQL a bitmap of both indexes (at a county's size often a slower parallel plan)
and SQLite a scan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from functools import cached_property, lru_cache, reduce
from operator import or_
from typing import Any

from django.apps import apps
from django.core.exceptions import EmptyResultSet, FieldError, FullResultSet
from django.db import models
from django.db.models import Count, F, Func, Q, QuerySet, Sum, Value
from django.db.models.expressions import Col, Expression
from django.db.models.functions import TruncMonth
from django.db.models.lookups import Lookup
from django.db.models.sql.query import Query
from django.db.models.sql.where import WhereNode
from django.utils import timezone

from fazhi.indicators.periods import Period
from fazhi.indicators.registry import Measure, resolve_field
from fazhi.indicators.scopes import Scope

Number = int | Decimal


@dataclass(frozen=True)
class Tally:
    """One measure in one period: how many rows, and their total (the count, or the sum)."""

    rows: int = 0
    total: Number = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.rows + other.rows, self.total + other.total)


Tallies = tuple[Tally, ...]
Sql = tuple[str, tuple[Any, ...]]


@dataclass(frozen=True)
class _Member:
    """A measure as one evaluation counts it: its source (built once per evaluation) and its
    date field's kind; `sql` is the measure's records as an SQL condition on its model's own
    table, when the measure can share a scan with others (None when it counts alone)."""

    measure: Measure
    source: QuerySet[Any]
    is_datetime: bool
    sql: Sql | None

    def records(self) -> QuerySet[Any]:
        """The records the measure counts, in any unit and period (`Measure.queryset()`)."""
        qs = self.source
        for condition in self.measure.conditions:
            qs = qs.filter(condition)
        return qs


@dataclass(frozen=True)
class _Batch:
    """Measures counted in one query: a single measure over its own records, or several of one
    model, each with a conditional COUNT (or SUM) per period over the model's table."""

    members: tuple[_Member, ...]
    periods: tuple[Period, ...]

    @property
    def measures(self) -> list[Measure]:
        return [m.measure for m in self.members]

    @property
    def unit_fields(self) -> tuple[str, ...]:
        return self.members[0].measure.unit_fields

    @property
    def shared(self) -> bool:
        return len(self.members) > 1

    def queryset(self, *, windowed: bool = True) -> QuerySet[Any]:
        """The rows to scan, before the scope: the records of any member in any period (or, not
        `windowed`, in any period or none: each aggregate keeps its own period anyway)."""
        if self.shared:
            source = self.members[0].source
            qs = source.model._base_manager.db_manager(source.db).all()
        else:
            qs = self.members[0].records()
        if windowed:
            qs = qs.filter(_window(self.members, self.periods))
        return qs.order_by()

    def aggregates(self) -> dict[str, Any]:
        """`m<member>_rows_<period>` (and `_total_` for a sum) for every member and period."""
        if self.shared:
            return self._compiled_aggregates()
        member = self.members[0]
        within = [_period_q(member, p) for p in self.periods]
        return {f"m0_{name}": a for name, a in _aggregates(member.measure, within).items()}

    def _compiled_aggregates(self) -> dict[str, Any]:
        """The shared scan's aggregates from SQL compiled once per member and period: the
        period first (most rows fail it, and the rest is then not evaluated)."""
        source = self.members[0].source
        model, using, zone = source.model, source.db, timezone.get_current_timezone_name()
        found: dict[str, Any] = {}
        for index, member in enumerate(self.members):
            sum_of = member.measure.sum_of
            for at, period in enumerate(self.periods):
                condition = _and(_period_sql(model, using, member, period, zone), member.sql)
                found[f"m{index}_rows_{at}"] = _Counted(condition)
                if sum_of:
                    column, field = _column_sql(model._meta.label, using, sum_of)
                    found[f"m{index}_total_{at}"] = _Counted(condition, column, field)
        return found

    def window_aggregates(self) -> dict[str, Any]:
        """`m<member>_rows` (and `_total` for a sum): each member's records whose own date falls
        in any of the periods, all periods in one aggregate (to be grouped by month)."""
        model, using = self.members[0].source.model, self.members[0].source.db
        zone = timezone.get_current_timezone_name()
        found: dict[str, Any] = {}
        for index, member in enumerate(self.members):
            within = _window([member], self.periods)
            sum_of = member.measure.sum_of
            if not self.shared:
                found[f"m{index}_rows"] = Count("pk", filter=within)
                if sum_of:
                    found[f"m{index}_total"] = Sum(sum_of, filter=within)
                continue
            condition = _and(_own_window_sql(model, using, within, zone), member.sql)
            found[f"m{index}_rows"] = _Counted(condition)
            if sum_of:
                column, field = _column_sql(model._meta.label, using, sum_of)
                found[f"m{index}_total"] = _Counted(condition, column, field)
        return found

    def split_window(self, row: Mapping[str, Any]) -> dict[Measure, Tally]:
        """Each member's tally from a row of `window_aggregates()`."""
        found: dict[Measure, Tally] = {}
        for index, member in enumerate(self.members):
            rows = row.get(f"m{index}_rows") or 0
            total = row.get(f"m{index}_total") if member.measure.sum_of else rows
            found[member.measure] = Tally(rows, _number(total))
        return found

    def split(self, row: Mapping[str, Any]) -> dict[Measure, Tallies]:
        """Each member's tallies from a row of `aggregates()` (names looked up, not searched:
        a roll-up splits thousands of rows)."""
        return {
            measure: tuple(
                Tally(row.get(rows) or 0, _number(row.get(total if total else rows)))
                for rows, total in names
            )
            for measure, names in self._names
        }

    @cached_property
    def _names(self) -> list[tuple[Measure, list[tuple[str, str]]]]:
        """Per member, its rows and total aggregates' names per period ("" for a count)."""
        return [
            (
                member.measure,
                [
                    (f"m{index}_rows_{at}", f"m{index}_total_{at}" if member.measure.sum_of else "")
                    for at in range(len(self.periods))
                ],
            )
            for index, member in enumerate(self.members)
        ]


def _batches(
    measures: Iterable[Measure], periods: Sequence[Period], *, share: bool
) -> Iterator[_Batch]:
    """The measures in batches: with `share`, those of one model, database and unit fields
    whose records are plain conditions together; every other measure alone."""
    groups: dict[tuple[Any, ...], list[_Member]] = defaultdict(list)
    sources: dict[int, tuple[QuerySet[Any], Sql | None]] = {}
    for measure in dict.fromkeys(measures):
        if id(measure.source) not in sources:
            source = measure.base_queryset()
            sources[id(measure.source)] = source, _where_sql(source) if share else None
        member = _member(measure, *sources[id(measure.source)])
        key: tuple[Any, ...] = (id(measure),)
        if member.sql is not None:
            key = (member.source.model, member.source.db, measure.unit_fields)
        groups[key].append(member)
    for members in groups.values():
        yield _Batch(tuple(members), tuple(periods))


def _member(measure: Measure, source: QuerySet[Any], source_sql: Sql | None) -> _Member:
    model = source.model
    date_field = resolve_field(model, measure.date_field)
    own = [measure.date_field] + ([measure.sum_of] if measure.sum_of else [])
    sql = None
    if source_sql is not None and all(_is_own_column(model, name) for name in own):
        sql = _conditions_sql(source, measure.conditions, source_sql)
    return _Member(measure, source, isinstance(date_field, models.DateTimeField), sql)


def _is_own_column(model: type[models.Model], name: str) -> bool:
    """Whether `name` is a column of the model's own table (not across a relation)."""
    return "__" not in name and resolve_field(model, name).model is model


def _where_sql(source: QuerySet[Any]) -> Sql | None:
    """The WHERE of `source` as SQL, when it is only conditions on the model's own columns
    against plain values (no join, subquery, annotation, slice or DISTINCT), so that it can be
    the FILTER of an aggregate over that table; else None. ("", ()) when it keeps every row."""
    query = source.query
    table = source.model._meta.db_table
    if (
        query.is_sliced
        or query.distinct
        or query.combinator
        or query.annotations
        or query.extra
        or query.group_by is not None
        or query.is_empty()
        or any(count and alias != table for alias, count in query.alias_refcount.items())
    ):
        return None
    return _compiled(query, query.where, source.db)


def _own_window_sql(model: type[models.Model], using: str, within: Q, zone: str) -> Sql:
    found = _own_sql(model, using, within, zone)
    if found is None:  # cannot be: a shared member's date is a column of its own table
        raise ValueError(f"{model._meta.label}: the periods do not compile on its own table")
    return found


def _period_sql(
    model: type[models.Model], using: str, member: _Member, period: Period, zone: str
) -> Sql:
    found = _own_sql(model, using, _period_q(member, period), zone)
    if found is None:  # cannot be: a shared member's date is a column of its own table
        raise ValueError(f"{member.measure!r}: the period does not compile on its own table")
    return found


def _conditions_sql(
    source: QuerySet[Any], conditions: tuple[Q, ...], source_sql: Sql
) -> Sql | None:
    """The source's SQL narrowed by a measure's `filter()` conditions; None when a condition
    needs a join (or is not plain), so that the measure counts alone."""
    if not conditions:
        return source_sql
    zone = timezone.get_current_timezone_name()
    own = _own_sql(source.model, source.db, Q(*conditions), zone)
    return None if own is None else _and(source_sql, own)


def _own_sql(model: type[models.Model], using: str, condition: Q, zone: str) -> Sql | None:
    """`condition` as SQL on the model's own table; None when it needs a join or compares with
    more than plain values. Declarations and periods repeat, so the result is cached, by the
    active time zone too (`zone`), in which Django reads a date-time's bounds."""
    try:
        hash(condition)
    except TypeError:  # a value that cannot be a cache key
        return _compile_own(model._meta.label, using, condition, zone)
    return _compile_own_cached(model._meta.label, using, condition, zone)


def _compile_own(label: str, using: str, condition: Q, zone: str) -> Sql | None:
    query = Query(apps.get_model(label))
    try:
        where = query.build_where(condition)
    except FieldError:  # a related field: a join
        return None
    return _compiled(query, where, using)


_compile_own_cached = lru_cache(maxsize=1024)(_compile_own)


@lru_cache(maxsize=256)
def _column_sql(label: str, using: str, name: str) -> tuple[str, Any]:
    """A column of the model's own table as SQL, and its field (for the result's type)."""
    query = Query(apps.get_model(label))
    field = resolve_field(query.model, name)  # type: ignore[arg-type]
    sql, _ = query.get_compiler(using=using).compile(field.get_col(query.get_initial_alias()))
    return sql, field


def _compiled(query: Query, where: WhereNode, using: str) -> Sql | None:
    """`where` as SQL when it is only plain lookups on the query's own table; else None."""
    table = query.get_meta().db_table
    if not all(_plain_lookup(leaf, table) for leaf in _leaves(where)):
        return None
    try:
        sql, params = query.get_compiler(using=using).compile(where)
    except FullResultSet:
        return "", ()
    except EmptyResultSet:  # e.g. `pk__in=[]`: Django's own query knows it is empty
        return None
    return sql, tuple(params)


def _leaves(node: Any) -> Iterator[Any]:
    for child in node.children:
        if isinstance(child, WhereNode):
            yield from _leaves(child)
        else:
            yield child


def _and(first: Sql, second: Sql | None) -> Sql:
    """Both conditions, the first evaluated first; "" is a condition every row meets."""
    if second is None or not second[0]:
        return first
    if not first[0]:
        return second
    return f"({first[0]}) AND ({second[0]})", (*first[1], *second[1])


def _plain_lookup(leaf: Any, table: str) -> bool:
    if not isinstance(leaf, Lookup):
        return False
    lhs, rhs = leaf.lhs, leaf.rhs
    if not isinstance(lhs, Col) or lhs.alias != table:
        return False
    values = rhs if isinstance(rhs, Iterable) and not isinstance(rhs, str | bytes) else [rhs]
    return not any(hasattr(value, "resolve_expression") for value in values)


_COUNT: Any = models.IntegerField()


class _Counted(Expression):
    """COUNT(*) of the rows meeting a condition compiled by Django, or SUM of a column over
    them: built from its SQL text, so that the tens a shared scan needs cost little to build.
    Django sees an aggregate (never grouped by); values stay parameters."""

    contains_aggregate = True

    def __init__(self, condition: Sql, column: str = "", output_field: Any = None) -> None:
        super().__init__(output_field=output_field or _COUNT)
        self.condition, self.column = condition, column

    @cached_property
    def identity(self) -> tuple[Any, ...]:
        # What makes two equal, without Django's generic walk of the constructor's arguments.
        return (type(self), self.condition, self.column)

    def get_group_by_cols(self) -> list[Any]:
        return []

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        sql, params = self.condition
        if connection.features.supports_aggregate_filter_clause:
            what = f"SUM({self.column})" if self.column else "COUNT(*)"
            return f"{what} FILTER (WHERE {sql})", list(params)
        if self.column:
            return f"SUM(CASE WHEN {sql} THEN {self.column} END)", list(params)
        return f"COUNT(CASE WHEN {sql} THEN 1 END)", list(params)


def _window(members: Iterable[_Member], periods: Sequence[Period]) -> Q:
    """Records whose date, in any member's date field, falls in one of the periods: per field
    one range per run of adjoining periods (a year and the year before are one range)."""
    spans = _merged(periods)
    fields = dict.fromkeys((m.measure.date_field, m.is_datetime) for m in members)
    return reduce(or_, (_span_q(field, is_dt, span) for field, is_dt in fields for span in spans))


def _span_q(field: str, is_datetime: bool, span: Period) -> Q:
    """`Period.q`, as one BETWEEN for a date (less to build and compile than two bounds)."""
    if is_datetime:
        return span.q(field, is_datetime=True)
    return Q(**{f"{field}__range": (span.start, span.end)})


def _merged(periods: Iterable[Period]) -> list[Period]:
    """The periods as few spans as cover exactly the same days."""
    spans: list[Period] = []
    for period in sorted(periods, key=lambda p: p.start):
        if spans and period.start <= spans[-1].end + timedelta(days=1):
            spans[-1] = Period(spans[-1].start, max(spans[-1].end, period.end))
        else:
            spans.append(period)
    return spans


def _period_q(member: _Member, period: Period) -> Q:
    return period.q(member.measure.date_field, is_datetime=member.is_datetime)


def _aggregates(measure: Measure, conditions: Sequence[Any]) -> dict[str, Any]:
    """Conditional COUNT (and SUM) per period, so several periods cost one scan."""
    aggregates: dict[str, Any] = {}
    for index, condition in enumerate(conditions):
        aggregates[f"rows_{index}"] = Count("pk", filter=condition)
        if measure.sum_of:
            aggregates[f"total_{index}"] = Sum(measure.sum_of, filter=condition)
    return aggregates


def _number(total: Any) -> Number:
    if total is None:
        return 0
    if isinstance(total, float):
        return Decimal(str(total))
    return total


def tally_scope(
    measures: Iterable[Measure | None], scope: Scope, periods: Sequence[Period], *, share: bool
) -> dict[Measure, Tallies]:
    """Each measure's tallies in `scope`, one per period: one statement per batch."""
    found: dict[Measure, Tallies] = {}
    # A scope holding every unit reads most of the table: a filter on the periods' window then
    # only tempts SQLite into a skip-scan of the (unit, date) indexes and a random read per row
    # (twice as slow at a province's million cases as reading the table, which it then does).
    windowed = not scope.holds_every_unit
    for batch in _batches([m for m in measures if m is not None], periods, share=share):
        rows = _aggregate_rows(batch, _placements(scope, batch), windowed=windowed)
        found.update(batch.split(_summed(rows)))
    return found


def _placements(scope: Scope, batch: _Batch) -> list[Q]:
    """The records of `scope` as disjoint parts, one per unit field: those whose field names a
    unit of the scope and no field before it does, so that a record counts once.

    A region's units are named (`Scope.unit_ids`) when the batch reads several unit fields or
    several date fields: each part then seeks its unit field's index for each unit, where an OR
    across the unit fields, or a join to the region with an OR across the date fields, leads
    PostgreSQL to a bitmap of both indexes (often a slower parallel plan at a county's size) and
    SQLite to read every unit's rows of those years."""
    fields = batch.unit_fields
    if scope.holds_every_unit:
        return _set_parts(batch.members[0].source.model, fields)
    dates = {m.measure.date_field for m in batch.members}
    if scope.unit is not None or (len(fields) == 1 and len(dates) == 1):
        return [scope.q(fields)] if len(fields) == 1 else _parts(fields, scope.unit)
    return _parts(fields, scope.unit_ids)


def _set_parts(model: type[models.Model], fields: tuple[str, ...]) -> list[Q]:
    """The parts of `_parts` when the scope holds every unit: a record placed by the first of
    its unit fields that is set. No filter at all when the first field is required: at a
    province's size any index seek or join per row costs more than reading the rows."""
    if "__" not in fields[0] and not resolve_field(model, fields[0]).null:
        return [Q()]
    parts = []
    for index, field in enumerate(fields):
        placed = Q(**{f"{field}__isnull": False})
        for earlier in fields[:index]:
            placed &= Q(**{f"{earlier}__isnull": True})
        parts.append(placed)
    return parts


def _parts(fields: tuple[str, ...], units: Any) -> list[Q]:
    lookup = "in" if isinstance(units, list) else "exact"
    parts = []
    for index, field in enumerate(fields):
        placed = Q(**{f"{field}__{lookup}": units})
        for earlier in fields[:index]:
            placed &= ~Q(**{f"{earlier}__{lookup}": units})
        parts.append(placed)
    return parts


def _aggregate_rows(
    batch: _Batch, placements: Sequence[Q], *, windowed: bool = True
) -> list[dict[str, Any]]:
    """The batch's aggregates over each placement, in one statement (UNION ALL). Not
    `aggregate()`: its handling of aggregates that might refer to each other costs more than
    the query; with only a constant selected, `annotate()` does not group and gives one row."""
    one = Value(1, output_field=_COUNT)
    totals = batch.queryset(windowed=windowed).values(_all=one).annotate(**batch.aggregates())
    selects = [totals.filter(placed) for placed in placements]
    rows = selects[0].union(*selects[1:], all=True) if len(selects) > 1 else selects[0]
    return list(rows)


def _summed(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {}
    for row in rows:
        for name, value in row.items():
            if value is not None:
                total[name] = total.get(name, 0) + value
    return total


def tally_units(
    measures: Iterable[Measure], unit_ids: list[Any], periods: Sequence[Period], *, share: bool
) -> dict[Measure, dict[Any, Tallies]]:
    """Each measure's tallies per unit of `unit_ids`: one statement per batch, a UNION ALL of
    one GROUP BY per unit field when the batch's measures name several."""
    found: dict[Measure, dict[Any, Tallies]] = {}
    for batch in _batches(measures, periods, share=share):
        aggregates = batch.aggregates()
        names = list(aggregates)
        fields = batch.unit_fields
        parts = []
        for index, field in enumerate(fields):
            qs = batch.queryset().filter(**{f"{field}__in": unit_ids})
            for earlier in fields[:index]:
                # A record naming the same unit in two fields counts once for it.
                qs = qs.exclude(**{earlier: F(field)})
            parts.append(qs.values(field).annotate(**aggregates).values_list(field, *names))
        rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        totals: dict[Measure, dict[Any, Tallies]] = {m: {} for m in batch.measures}
        for unit, *values in rows:
            for measure, tallies in batch.split(dict(zip(names, values, strict=True))).items():
                before = totals[measure].get(unit)
                totals[measure][unit] = tallies if before is None else _plus(before, tallies)
        found.update(totals)
    return found


def _plus(first: Tallies, second: Tallies) -> Tallies:
    return tuple(a + b for a, b in zip(first, second, strict=True))


def tally_unit_fields(
    measures: Iterable[Measure], periods: Sequence[Period], *, within: Scope | None = None
) -> dict[Measure, dict[tuple[Any, ...], Tallies]]:
    """Each measure's tallies per combination of its unit fields' values, one statement per
    batch of measures of one model (see `engine.tallies_by_unit_fields`)."""
    found: dict[Measure, dict[tuple[Any, ...], Tallies]] = {}
    for batch in _batches(measures, periods, share=True):
        fields = batch.unit_fields
        qs = batch.queryset()
        if within is not None:
            qs = qs.filter(within.q(fields))
        by_measure: dict[Measure, dict[tuple[Any, ...], Tallies]] = {m: {} for m in batch.measures}
        for row in qs.values(*fields).annotate(**batch.aggregates()):
            combo = tuple(row[name] for name in fields)
            for measure, tallies in batch.split(row).items():
                by_measure[measure][combo] = tallies
        found.update(by_measure)
    return found


def tally_subjects(
    measures: Iterable[Measure],
    periods: Sequence[Period],
    subjects_of: Callable[[tuple[Any, ...]], Iterable[int]],
    size: int,
    *,
    within: Scope | None = None,
) -> dict[Measure, list[Tallies]]:
    """Each measure's tallies for each of `size` subjects: the rows of `tally_unit_fields`
    (one per combination of unit fields' values) added to the subjects `subjects_of(combo)`
    names, a row's aggregates added as one vector, split into tallies once per subject."""
    found: dict[Measure, list[Tallies]] = {}
    empty = tuple(Tally() for _ in periods)
    for batch in _batches(measures, periods, share=True):
        fields = batch.unit_fields
        aggregates = batch.aggregates()
        names = list(aggregates)
        qs = batch.queryset()
        if within is not None:
            qs = qs.filter(within.q(fields))
        sums = _rolled_up(
            qs.values(*fields).annotate(**aggregates).values_list(*fields, *names),
            len(fields),
            subjects_of,
            size,
        )
        for measure in batch.measures:
            found[measure] = [empty] * size
        for index, vector in enumerate(sums):
            if vector is not None:
                for measure, tallies in batch.split(dict(zip(names, vector, strict=True))).items():
                    found[measure][index] = tallies
    return found


def _rolled_up(
    rows: Iterable[tuple[Any, ...]],
    width: int,
    subjects_of: Callable[[tuple[Any, ...]], Iterable[int]],
    size: int,
) -> list[list[Any] | None]:
    """Per subject, the sum of the aggregates of the rows it is named for (each row's values
    read as `_number` reads them: a float sum as the Decimal of its text)."""
    sums: list[list[Any] | None] = [None] * size
    for row in rows:
        members = subjects_of(row[:width])
        if not members:
            continue
        values = [v if type(v) is int else _number(v) for v in row[width:]]
        for index in members:
            before = sums[index]
            sums[index] = (
                values if before is None else [a + b for a, b in zip(before, values, strict=True)]
            )
    return sums


def tally_months(
    measures: Iterable[Measure], scope: Scope, spans: Sequence[Period]
) -> dict[Measure, Tallies]:
    """Each measure's tallies in `scope`, one per span, where each span lies within one calendar
    month and no two in the same month (a year's months and those a year earlier): what
    `tally_scope` gives, but grouped by month in SQL (one COUNT, or SUM, per measure rather
    than per measure and span) in one statement per batch.

    A batch groups by the month of each date field its measures read (a date-time's in the
    active time zone); each measure's aggregate keeps its records whose own date falls in a
    span, and its rows are then added up by the month of that date."""
    at = {_month_key(s.start): index for index, s in enumerate(spans)}
    if len(at) != len(spans) or any(_month_key(s.end) != _month_key(s.start) for s in spans):
        raise ValueError("tally_months takes spans within one calendar month each, one a month")
    found: dict[Measure, Tallies] = {}
    for batch in _batches(list(measures), spans, share=True):
        found.update(_month_batch(batch, scope, at))
    return found


def _month_batch(batch: _Batch, scope: Scope, at: Mapping[Any, int]) -> dict[Measure, Tallies]:
    fields = list(dict.fromkeys((m.measure.date_field, m.is_datetime) for m in batch.members))
    buckets = {f"month_{i}": _month_of(field, is_dt) for i, (field, is_dt) in enumerate(fields)}
    aggregates = batch.window_aggregates()
    names = [*buckets, *aggregates]
    qs = batch.queryset().annotate(**buckets).values(*buckets).annotate(**aggregates)
    selects = [qs.filter(placed).values_list(*names) for placed in _placements(scope, batch)]
    rows = selects[0].union(*selects[1:], all=True) if len(selects) > 1 else selects[0]
    month_of = {
        m.measure: fields.index((m.measure.date_field, m.is_datetime)) for m in batch.members
    }
    found: dict[Measure, list[Tally]] = {m: [Tally()] * len(at) for m in batch.measures}
    for row in rows:
        values = dict(zip(names, row, strict=True))
        for measure, tally in batch.split_window(values).items():
            index = at.get(_month_key(row[month_of[measure]])) if tally.rows else None
            if index is not None:
                found[measure][index] += tally
    return {measure: tuple(tallies) for measure, tallies in found.items()}


def _month_key(value: Any) -> tuple[int, int] | None:
    """(year, month) of a date, or of a `_DateMonth` (yyyymm)."""
    if value is None:
        return None
    if isinstance(value, int | Decimal | float):
        return divmod(int(value), 100)
    return value.year, value.month


def _month_of(field: str, is_datetime: bool) -> Any:
    """The month a record's date falls in: of a date-time in the active time zone (as
    `Period.q` reads its days), by Django's TruncMonth, which converts the zone on every
    database; of a date as yyyymm without a function call per row on SQLite."""
    if is_datetime:
        return TruncMonth(field, tzinfo=timezone.get_current_timezone())
    return _DateMonth(field)


class _DateMonth(Func):
    """yyyymm of a date column, as an integer."""

    output_field = models.IntegerField()
    template = "CAST(EXTRACT(YEAR FROM %(expressions)s) * 100 + EXTRACT(MONTH FROM %(expressions)s) AS INTEGER)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # SQLite keeps a date as ISO text: 2025-03-01 → 202503.
        template = "CAST(substr(%(expressions)s, 1, 4) || substr(%(expressions)s, 6, 2) AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra)
