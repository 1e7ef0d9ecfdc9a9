"""The 15 dispute indicators over 1,000,000 cases, next to one hand-written SQL aggregate.

    .venv/bin/python bench/bench_disputes.py            # a temporary SQLite file (a few minutes)
    DATABASE_URL=postgres://… .venv/bin/python bench/bench_disputes.py
    BENCH_DISPUTE_CASES=200000 .venv/bin/python bench/bench_disputes.py   # a quicker run

Builds 90 counties (10 cities × 9) of 40 units each and, for 2023–2025, 3 复议 for every 一审
(750,000 复议 and 250,000 诉讼 rows at the default size) with raw executemany, every row with
the fields the services would derive (纠错, 办案天数, 败诉, 开庭, 负责人出庭). Then, for one
county and 2025, times the 15 `disputes.*` indicators through `fazhi.indicators.engine.evaluate_all`
(each counts 2025 and 2024, for 同比) and a single SQL statement computing the same numerators
and denominators for both years (the floor), checks that both agree, prints both times and the
ratio, and the engine's queries from the slowest down. Prints; asserts nothing.
On a given DATABASE_URL the rows it creates are deleted at the end (kept with BENCH_KEEP=1).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import _common

ENV = _common.setup("disputes")

from django.db import connection, transaction  # noqa: E402
from django.db.models import Model  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from fazhi.disputes.enums import (  # noqa: E402
    LAWSUIT_LOSSES,
    LAWSUIT_MEDIATED_OR_WITHDRAWN,
    RECON_CONCLUDED,
    RECON_CORRECTIONS,
    RECON_MEDIATED_OR_WITHDRAWN,
    Instance,
    LawsuitOutcome,
    LawsuitStatus,
    ReconOutcome,
    ReconStatus,
)
from fazhi.disputes.ledger_bulk import insert_rows  # noqa: E402
from fazhi.disputes.models import DisputeField, Lawsuit, Reconsideration  # noqa: E402
from fazhi.indicators import registry  # noqa: E402
from fazhi.indicators.engine import (  # noqa: E402
    IndicatorResult,
    evaluate_all,
    evaluate_all_by_unit,
    evaluate_by_unit,
)
from fazhi.indicators.periods import Period  # noqa: E402
from fazhi.indicators.scopes import Scope  # noqa: E402
from fazhi.org.models import Region, RegionLevel, Unit, UnitKind  # noqa: E402

CASES = int(os.environ.get("BENCH_DISPUTE_CASES", "1000000"))
CITIES, COUNTIES_PER_CITY, TOWNSHIPS, DEPARTMENTS = 10, 9, 12, 26
YEARS = (2023, 2024, 2025)
YEAR = 2025
ROOT_CODE = "960000000000"
PREFIX = "BD-"  # unit codes and case numbers of this bench
BATCH = 10_000
RO, LO = ReconOutcome, LawsuitOutcome
# The mix of endings (the demo county's shares): 纠错 ≈ 10%, 调撤 ≈ 55%, 败诉 ≈ 3.5%.
RECON_ENDINGS = (
    (RO.WITHDRAWN, 37), (RO.SETTLED, 9), (RO.MEDIATED, 6), (RO.UPHOLD, 25), (RO.REVOKE, 4),
    (RO.CONFIRM_ILLEGAL, 3), (RO.ORDER_PERFORM, 2), (RO.CHANGE, 1), (RO.REJECT_REQUEST, 7),
    (RO.TERMINATED, 1), (RO.NOT_ACCEPTED, 4), (RO.ABANDONED, 1),
)  # fmt: skip
SUIT_ENDINGS = (
    (LO.WITHDRAWN, 47), (LO.MEDIATED, 7), (LO.DISMISS_SUIT, 12), (LO.REJECT_CLAIM, 30),
    (LO.REVOKE, 2), (LO.CONFIRM_ILLEGAL, 1), (LO.PERFORM, 1),
)  # fmt: skip


# --- the organisation tree ---------------------------------------------------------------


def build_tree() -> list[dict[str, Any]]:
    """90 counties, each with a government, a 司法局, departments, 12 townships and a court."""
    region = _common.region
    province = region(ROOT_CODE, "基准省", RegionLevel.PROVINCE, None)
    counties = []
    for c in range(CITIES):
        city = region(f"96{c + 1:02d}00000000", f"基准{c + 1}市", RegionLevel.CITY, province)
        for k in range(COUNTIES_PER_CITY):
            code6 = f"96{c + 1:02d}{k + 21:02d}"
            county = region(f"{code6}000000", f"基准{c + 1}市{k + 1}县", RegionLevel.COUNTY, city)
            counties.append(county)
    towns = [
        region(
            f"{county.code[:6]}{100 + t:03d}000",
            f"{county.name}{t}镇",
            RegionLevel.TOWNSHIP,
            county,
            save=False,
        )
        for county in counties
        for t in range(TOWNSHIPS)
    ]
    Region.objects.bulk_create(towns, batch_size=BATCH)
    by_county: dict[str, list[Region]] = {}
    for town in Region.objects.filter(
        path__startswith=f"/{ROOT_CODE}/", level=RegionLevel.TOWNSHIP
    ):
        by_county.setdefault(town.code[:6], []).append(town)
    return [_county_units(county, by_county[county.code[:6]]) for county in counties]


def _county_units(county: Region, towns: list[Region]) -> dict[str, Any]:
    code6 = county.code[:6]
    units = [
        Unit(
            code=f"{PREFIX}{code6}-GOV",
            name=f"{county.name}人民政府",
            kind=UnitKind.GOVERNMENT,
            region=county,
        ),
        Unit(code=f"{PREFIX}{code6}-SFJ", name=f"{county.name}司法局", region=county),
        Unit(
            code=f"{PREFIX}{code6}-FY",
            name=f"{county.name}人民法院",
            kind=UnitKind.COURT,
            region=county,
        ),
    ]
    units += [
        Unit(code=f"{PREFIX}{code6}-D{d:02d}", name=f"{county.name}第{d}局", region=county)
        for d in range(DEPARTMENTS)
    ]
    units += [
        Unit(
            code=f"{PREFIX}{town.code}",
            name=f"{town.name}人民政府",
            kind=UnitKind.TOWNSHIP_GOV,
            region=town,
        )
        for town in towns
    ]
    Unit.objects.bulk_create(units)
    if any(u.pk is None for u in units):
        units = list(Unit.objects.filter(code__startswith=f"{PREFIX}{code6}").order_by("code"))
    by_code = {u.code: u for u in units}
    return {
        "region": county,
        "code6": code6,
        "gov": by_code[f"{PREFIX}{code6}-GOV"].pk,
        "justice": by_code[f"{PREFIX}{code6}-SFJ"].pk,
        "court": by_code[f"{PREFIX}{code6}-FY"].pk,
        "answering": [
            u.pk
            for u in units
            if u.kind in (UnitKind.DEPARTMENT, UnitKind.TOWNSHIP_GOV)
            and not u.code.endswith("-SFJ")
        ],
    }


# --- the cases ---------------------------------------------------------------------------


class Table:
    """Rows of one model's concrete columns from a template of their defaults, written with
    the ledger import's bulk writer."""

    def __init__(self, model: type[Model], *, explicit_id: bool = False) -> None:
        fields = [f for f in model._meta.concrete_fields if explicit_id or not f.primary_key]
        self.model, self.fields = model, fields
        self.columns = [f.column for f in fields]
        self.index = {c: i for i, c in enumerate(self.columns)}
        now = _value(timezone.now())
        defaults = {"created_at": now, "updated_at": now, "version": 1}
        self.template = [
            defaults.get(f.column, f.get_default() if f.has_default() else (None if f.null else ""))
            for f in fields
        ]

    def row(self, values: dict[str, Any], **more: Any) -> tuple[Any, ...]:
        row = list(self.template)
        index = self.index
        for column, value in values.items():
            row[index[column]] = value
        for column, value in more.items():
            row[index[column]] = value
        return tuple(row)

    def insert(self, rows: Iterator[tuple[Any, ...]]) -> int:
        """executemany in batches; on PostgreSQL, COPY."""
        return insert_rows(self.model, self.fields, rows, batch=BATCH)


def _value(value: Any) -> Any:
    """A datetime as the backend stores it (raw SQL skips the field layer)."""
    return connection.ops.adapt_datetimefield_value(value)


class Days:
    """Each day's stored value by ordinal: one dict lookup per date instead of the backend's
    adaptation, which dominates generating a million rows."""

    def __init__(self) -> None:
        first = dt.date(YEARS[0], 1, 1).toordinal()
        last = dt.date(YEARS[-1] + 2, 1, 1).toordinal()
        adapt = connection.ops.adapt_datefield_value
        self.value = {day: adapt(dt.date.fromordinal(day)) for day in range(first, last)}
        self.get = self.value.get  # None stays None

    @staticmethod
    def random_in(year: int, rng: random.Random) -> int:
        return dt.date(year, 1, 1).toordinal() + int(rng.random() * 365)


def _pool(endings: Sequence[tuple[str, int]]) -> list[str]:
    return [outcome for outcome, weight in endings for _ in range(weight)]


def recon_rows(
    table: Table, counties: list[dict[str, Any]], per_year: int, first_id: int, fields: list[int]
) -> Iterator[tuple[Any, ...]]:
    rng, days, pool = random.Random(20250101), Days(), _pool(RECON_ENDINGS)
    pk = first_id
    for county in counties:
        for year in YEARS:
            for n in range(per_year):
                values = _recon(county, year, n, rng, days, rng.choice(pool))
                yield table.row(values, id=pk, field_id=rng.choice(fields))
                pk += 1


def _recon(
    county: dict[str, Any], year: int, n: int, rng: random.Random, days: Days, outcome: str
) -> dict[str, Any]:
    received = days.random_in(year, rng)
    admitted = outcome not in (RO.NOT_ACCEPTED, RO.ABANDONED)
    accepted = received + 1 + int(rng.random() * 7) if admitted else None
    closed = (accepted or received) + (5 + int(rng.random() * 56) if admitted else 6)
    return {
        "case_number": f"{PREFIX}{county['code6']}复〔{year}〕{n + 1}号",
        "organ_id": county["gov"],
        "handling_unit_id": county["justice"],
        "respondent_id": rng.choice(county["answering"]),
        "act_type": "penalty",
        "received_on": days.value[received],
        "accepted_on": days.get(accepted),
        "closed_on": days.value[closed],
        "due_on": days.value[(accepted or received) + 60],
        "status": ReconStatus.CLOSED,
        "outcome": outcome,
        "corrected": outcome in RECON_CORRECTIONS,
        "handling_days": closed - accepted if accepted else None,
    }


def suit_rows(
    table: Table,
    counties: list[dict[str, Any]],
    per_year: int,
    recon_ids: Callable[[int, int], int],
    fields: list[int],
) -> Iterator[tuple[Any, ...]]:
    """一审 suits (a quarter after an upheld 复议, the county government then co-defendant) and
    a few 二审."""
    rng, days, pool = random.Random(20250102), Days(), _pool(SUIT_ENDINGS)
    for index, county in enumerate(counties):
        for year in YEARS:
            for n in range(per_year):
                values = _suit(county, year, n, rng, days, rng.choice(pool))
                if values["instance"] == Instance.FIRST and rng.random() < 0.25:
                    values["reconsideration_id"] = recon_ids(index, year)
                    values["co_defendant_id"] = county["gov"]
                yield table.row(values, field_id=rng.choice(fields))


def _suit(
    county: dict[str, Any], year: int, n: int, rng: random.Random, days: Days, outcome: str
) -> dict[str, Any]:
    filed = days.random_in(year, rng)
    length = 20 + int(rng.random() * 150)
    heard = outcome not in LAWSUIT_MEDIATED_OR_WITHDRAWN or rng.random() < 0.5
    hearing = filed + 15 + int(rng.random() * (length - 15)) if heard else None
    return {
        "case_number": f"{PREFIX}（{year}）{county['code6']}行初{n + 1}号",
        "instance": Instance.SECOND if rng.random() < 0.05 else Instance.FIRST,
        "court_id": county["court"],
        "defendant_id": rng.choice(county["answering"]),
        "act_type": "penalty",
        "filed_on": days.value[filed],
        "closed_on": days.value[filed + length],
        "served_on": days.value[filed + length + 3],
        "status": LawsuitStatus.CLOSED,
        "outcome": outcome,
        "lost": outcome in LAWSUIT_LOSSES,
        "hearing_held": heard,
        "first_hearing_on": days.get(hearing),
        "head_requested": heard,
        "head_appeared": heard and rng.random() < 0.97,
    }


def build_cases(counties: list[dict[str, Any]]) -> tuple[int, int, float]:
    recon_per_year = round(CASES * 0.75 / len(counties) / len(YEARS))
    suit_per_year = round(CASES * 0.25 / len(counties) / len(YEARS))
    fields = list(DisputeField.objects.values_list("pk", flat=True))
    first_id = (
        Reconsideration.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ) + 1
    started = time.perf_counter()
    with transaction.atomic():
        table = Table(Reconsideration, explicit_id=True)
        recons = table.insert(recon_rows(table, counties, recon_per_year, first_id, fields))

        def recon_id(county: int, year: int) -> int:  # one of that county-year's 复议 cases
            return first_id + (county * len(YEARS) + YEARS.index(year)) * recon_per_year

        suits = Table(Lawsuit).insert(
            suit_rows(Table(Lawsuit), counties, suit_per_year, recon_id, fields)
        )
    _reset_sequence(Reconsideration)
    return recons, suits, time.perf_counter() - started


def _reset_sequence(model: type[Model]) -> None:
    """Explicit ids leave PostgreSQL's sequence behind; move it past them."""
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
        )


# --- the floor: one statement ------------------------------------------------------------


def _in(values: Sequence[str]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in sorted(values)) + ")"


def floor_sql() -> str:
    """Every numerator and denominator of the 15 indicators, for the year (0) and the year
    before (1), in one statement over the county's rows: its units first, then their cases
    through the unit indexes (a suit by its 被告, or by its 共同被告 when the 被告 is outside:
    counted once, as the engine does; an OR of the two would be scanned); the periods are FILTERs, not a WHERE, whose OR across date columns would lead
    both planners to read every county's rows of those years."""
    concluded = f"outcome IN {_in(RECON_CONCLUDED)} AND NOT pre_filing_resolved"
    recon = {
        "r_received": ("received_on", "TRUE"),
        "r_concluded": ("closed_on", concluded),
        "r_corrected": ("closed_on", f"{concluded} AND outcome IN {_in(RECON_CORRECTIONS)}"),
        "r_mediated": (
            "closed_on",
            f"{concluded} AND outcome IN {_in(RECON_MEDIATED_OR_WITHDRAWN)}",
        ),
        "r_timed": ("closed_on", f"{concluded} AND handling_days IS NOT NULL"),
    }
    first = "instance = 'first'"
    suits = {
        "l_filed": ("filed_on", first),
        "l_closed": ("closed_on", first),
        "l_lost": ("closed_on", f"{first} AND outcome IN {_in(LAWSUIT_LOSSES)}"),
        "l_mediated": ("closed_on", f"{first} AND outcome IN {_in(LAWSUIT_MEDIATED_OR_WITHDRAWN)}"),
        "l_heard": ("first_hearing_on", "hearing_held"),
        "l_appeared": ("first_hearing_on", "hearing_held AND head_appeared"),
        "l_after_filed": ("filed_on", f"{first} AND reconsideration_id IS NOT NULL"),
        "l_after_lost": (
            "closed_on",
            f"{first} AND reconsideration_id IS NOT NULL AND outcome IN {_in(LAWSUIT_LOSSES)}",
        ),
    }
    recon_cols = [_counts(name, date, cond) for name, (date, cond) in recon.items()]
    recon_cols += [
        f"SUM(handling_days) FILTER (WHERE {_between('closed_on', p)} AND {concluded} AND handling_days IS NOT NULL) AS r_days_{p}"
        for p in (0, 1)
    ]
    suit_cols = [_counts(name, date, cond) for name, (date, cond) in suits.items()]
    return f"""
WITH scope AS (
  SELECT u.id FROM org_unit u JOIN org_region g ON g.id = u.region_id WHERE g.path LIKE %(path)s
)
SELECT * FROM
 (SELECT {", ".join(recon_cols)} FROM disputes_reconsideration
   WHERE respondent_id IN (SELECT id FROM scope)) r,
 (SELECT {", ".join(suit_cols)}
   FROM (SELECT * FROM disputes_lawsuit WHERE defendant_id IN (SELECT id FROM scope)
         UNION ALL
         SELECT * FROM disputes_lawsuit WHERE co_defendant_id IN (SELECT id FROM scope)
           AND defendant_id NOT IN (SELECT id FROM scope)) s) l
"""  # noqa: S608 (built from the enumerations; the dates and the path are parameters)


def _between(column: str, start: int, end: int | None = None) -> str:
    end = start if end is None else end
    return f"{column} BETWEEN %(start_{start})s AND %(end_{end})s"


def _counts(name: str, date: str, condition: str) -> str:
    return ", ".join(
        f"COUNT(*) FILTER (WHERE {_between(date, p)} AND {condition}) AS {name}_{p}" for p in (0, 1)
    )


def run_floor(county: Region, period: Period) -> dict[str, Any]:
    previous = period.previous()
    day = connection.ops.adapt_datefield_value
    params = {
        "path": f"{county.path}%",
        "start_0": day(period.start),
        "end_0": day(period.end),
        "start_1": day(previous.start),
        "end_1": day(previous.end),
    }
    with connection.cursor() as cursor:
        cursor.execute(floor_sql(), params)
        names = [c[0] for c in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


# The floor's columns behind each indicator: (numerator, denominator or None).
FLOOR_COLUMNS = {
    "disputes.litigation_received": ("l_filed", None),
    "disputes.litigation_first_closed": ("l_closed", None),
    "disputes.litigation_lost": ("l_lost", None),
    "disputes.litigation_loss_rate": ("l_lost", "l_closed"),
    "disputes.litigation_mediation_rate": ("l_mediated", "l_closed"),
    "disputes.head_appearance_rate": ("l_appeared", "l_heard"),
    "disputes.reconsideration_received": ("r_received", None),
    "disputes.reconsideration_concluded": ("r_concluded", None),
    "disputes.reconsideration_corrected": ("r_corrected", None),
    "disputes.reconsideration_correction_rate": ("r_corrected", "r_concluded"),
    "disputes.reconsideration_mediation_rate": ("r_mediated", "r_concluded"),
    "disputes.reconsideration_litigation_ratio": ("r_received", "l_filed"),
    "disputes.suit_after_reconsideration_rate": ("l_after_filed", "r_concluded"),
    "disputes.loss_after_reconsideration": ("l_after_lost", None),
    "disputes.reconsideration_average_days": ("r_days", "r_timed"),
}


def disagreements(results: list[IndicatorResult], floor: dict[str, Any]) -> list[str]:
    found = []
    for result in results:
        numerator, denominator = FLOOR_COLUMNS[result.code]
        expected = (
            floor[f"{numerator}_0"] or 0,
            floor[f"{denominator}_0"] or 0 if denominator else None,
        )
        if (result.numerator, result.denominator) != expected:
            found.append(
                f"{result.code}: engine {result.numerator}/{result.denominator}, SQL {expected}"
            )
    return found


def indicators() -> list[Any]:
    return [i for i in registry.all() if i.code.startswith("disputes.")]


def main() -> None:
    print(f"database: {connection.vendor}; cases: {CASES:,}")
    started = time.perf_counter()
    counties = build_tree()
    print(
        f"counties: {len(counties)}; units: {Unit.objects.filter(code__startswith=PREFIX).count():,}; tree built in {time.perf_counter() - started:.1f} s"
    )
    recons, suits, seconds = build_cases(counties)
    print(
        f"inserted {recons:,} 复议 + {suits:,} 诉讼 = {recons + suits:,} rows in {seconds:.1f} s ({(recons + suits) / seconds:,.0f} rows/s)"
    )
    with connection.cursor() as cursor:
        # Planner statistics, as a database in use has them (autovacuum, or SQLite's optimize);
        # and SQLite's write-ahead log folded back, which a bulk load leaves hundreds of MB long.
        for table in ("disputes_reconsideration", "disputes_lawsuit", "org_unit", "org_region"):
            cursor.execute(f"ANALYZE {table}")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    county = counties[len(counties) // 2]["region"]
    period, chosen = Period.year(YEAR), indicators()
    print(
        f"county: {county.name} ({county.code}); period: {period.label} (+ {period.previous().label} for 同比); indicators: {len(chosen)}"
    )

    def engine() -> list[IndicatorResult]:
        # A new scope each time, as a page builds one: it looks up the county's units, as the
        # floor's statement does each time.
        return evaluate_all(chosen, Scope.of_region(county), period)

    results, floor = engine(), run_floor(county, period)
    problems = disagreements(results, floor)
    print(
        "engine and SQL floor agree on every numerator and denominator"
        if not problems
        else "DISAGREE: " + "; ".join(problems)
    )
    engine_best, engine_median = _common.repeated(engine)
    floor_best, floor_median = _common.repeated(lambda: run_floor(county, period))
    print(
        f"{'engine, 15 indicators (evaluate_all)':<40} best {engine_best * 1000:8.1f} ms   median {engine_median * 1000:8.1f} ms"
    )
    print(
        f"{'SQL floor, one statement':<40} best {floor_best * 1000:8.1f} ms   median {floor_median * 1000:8.1f} ms"
    )
    print(f"ratio engine / floor (best): {engine_best / floor_best:.1f}× (target ≤ 2×)")
    profile(engine)
    for result in results:
        print(f"  {result.indicator.name:<16} {result.value}")
    by_unit(county, period, chosen)


def by_unit(county: Region, period: Period, chosen: list[Any]) -> None:
    """The 15 indicators for every unit: of one county, then of the whole province at once
    (`evaluate_all_by_unit`, one grouped statement per model), next to one
    `evaluate_by_unit` call per indicator; checks them against `evaluate_all` for each of the
    county's units."""
    mine = list(Unit.objects.filter(region__path__startswith=county.path))
    province = list(Unit.objects.filter(code__startswith=PREFIX))
    together = evaluate_all_by_unit(chosen, mine, period)
    wrong = [
        f"{unit.code} {r.code}"
        for unit in mine
        for r in evaluate_all(chosen, Scope.of_unit(unit), period)
        if (r.numerator, r.denominator)
        != (together[r.code][unit.pk].numerator, together[r.code][unit.pk].denominator)
    ]
    print(
        f"by unit: agrees with evaluate_all for each of the county's {len(mine)} units"
        if not wrong
        else "by unit DISAGREES: " + "; ".join(wrong[:5])
    )
    for label, units in (
        (f"{len(mine)} units of the county", mine),
        (f"{len(province):,} units of the province", province),
    ):
        best, _ = _common.repeated(
            lambda units=units: evaluate_all_by_unit(chosen, units, period), 3
        )
        one_by_one, _ = _common.repeated(
            lambda units=units: [evaluate_by_unit(i, units, period) for i in chosen], 3
        )
        print(
            f"by unit, {label}: evaluate_all_by_unit best {best * 1000:8.1f} ms; "
            f"evaluate_by_unit × {len(chosen)} best {one_by_one * 1000:8.1f} ms"
        )


def profile(engine: Callable[[], object]) -> None:
    """Where the engine's time goes: its queries by table, and the slowest three."""
    with CaptureQueriesContext(connection) as queries:
        engine()
    timings = sorted(((float(q["time"]), q["sql"]) for q in queries.captured_queries), reverse=True)
    print(
        f"engine queries: {len(timings)}, {sum(t for t, _ in timings) * 1000:.0f} ms in the database:"
    )
    for table in ("disputes_reconsideration", "disputes_lawsuit"):
        mine = [t for t, sql in timings if f'FROM "{table}"' in sql]
        print(f"  on {table}: {len(mine)} queries, {sum(mine) * 1000:.0f} ms")
    for seconds, sql in timings[:3]:
        print(f"  {seconds * 1000:7.1f} ms  …{sql[sql.index(' FROM ') :][:260]}…")


def cleanup() -> None:
    """Remove what the bench created from a database it was given."""
    Lawsuit.objects.filter(case_number__startswith=PREFIX).delete()
    Reconsideration.objects.filter(case_number__startswith=PREFIX).delete()
    Unit.objects.filter(code__startswith=PREFIX).delete()
    _common.delete_tree(ROOT_CODE)


if __name__ == "__main__":
    _common.run(ENV, main, cleanup, root_code=ROOT_CODE, unit_prefix=PREFIX)
