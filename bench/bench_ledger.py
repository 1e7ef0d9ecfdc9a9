"""Ledger import: a 100,000-row 行政复议 台账 through fazhi, then the same file through
django-import-export (the peer). Prints rows per second and the ratio; asserts nothing.

    .venv/bin/python bench/bench_ledger.py                 # a temporary SQLite file
    DATABASE_URL=postgres://… .venv/bin/python bench/bench_ledger.py
    BENCH_LEDGER_ROWS=20000 .venv/bin/python bench/bench_ledger.py

The ledger is as messy as county ledgers are: dates written four ways or as date cells,
full-width digits in case numbers, unit names with or without the county or in short form,
outcome wordings that vary. The peer is configured as its documentation advises for speed
(use_bulk, skip_diff, CachedInstanceLoader) and, since its own widgets cannot read such cells,
reads them with fazhi's cell parsers; what is compared is the import machinery. The peer stores
the cases and their applicants as fazhi does, but does less: no consistency checks, no due
dates, no error list by row and column. On a given DATABASE_URL
the rows it creates are deleted at the end (kept with BENCH_KEEP=1).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import _common

ENV = _common.setup("ledger")
ROOT_CODE = "950000000000"  # a tree of its own: bench_disputes builds under 96…
PREFIX = "LEDGER-BENCH-"

import tablib  # noqa: E402
from django.db import connection  # noqa: E402
from import_export import fields, resources, widgets  # noqa: E402
from import_export.instance_loaders import CachedInstanceLoader  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from fazhi.disputes import ledger_values as values  # noqa: E402
from fazhi.disputes.ledger import import_ledger  # noqa: E402
from fazhi.disputes.ledger_plan import recon_status  # noqa: E402
from fazhi.disputes.ledger_units import RegionContext  # noqa: E402
from fazhi.disputes.models import Applicant, Reconsideration  # noqa: E402
from fazhi.org.models import Region, RegionLevel, Unit, UnitKind  # noqa: E402

ROWS = int(os.environ.get("BENCH_LEDGER_ROWS", "100000"))
COUNTY = "基准县"
DEPARTMENTS = [
    ("GAJ", "公安局", "公安局"),
    ("SCJG", "市场监督管理局", "市场监管局"),
    ("RSJ", "人力资源和社会保障局", "人社局"),
    ("ZRZY", "自然资源和规划局", "自然资源局"),
    ("ZFJ", "综合行政执法局", "综合执法局"),
    ("ZJJ", "住房和城乡建设局", "住建局"),
    ("JTJ", "交通运输局", "交通运输局"),
    ("WJJ", "卫生健康局", "卫健局"),
]
HEADERS = ["序号", "案号", "申请人", "被申请人", "行为类别", "领域", "收到申请日期", "受理日期",
           "结案日期", "结案方式", "是否听证"]  # fmt: skip
OUTCOMES = ["决定维持", "维持原行政行为", "维持", "驳回", "驳回复议请求", "撤销原行政行为", "确认违法",
            "责令履行法定职责", "和解后撤回终止", "申请人撤回申请，终止审理", "调解结案", "其他终止"]  # fmt: skip
ACTS = [
    "行政处罚",
    "行政强制",
    "行政许可",
    "政府信息公开",
    "不履行法定职责",
    "举报投诉处理",
    "行政确认",
]
FIELDS = [
    "公安",
    "市场监管",
    "人社",
    "自然资源",
    "综合执法",
    "房屋征收拆迁",
    "土地征收",
    "拆违控违",
]
SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱何郭林罗"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


# --- data ------------------------------------------------------------------------------------


def build_county() -> Region:
    region = _common.region
    province = region(ROOT_CODE, "基准省", RegionLevel.PROVINCE, None)
    city = region("950100000000", "基准市", RegionLevel.CITY, province)
    county = region("950121000000", COUNTY, RegionLevel.COUNTY, city)
    units = [
        Unit(
            code=f"{PREFIX}GOV", name=f"{COUNTY}人民政府", kind=UnitKind.GOVERNMENT, region=county
        ),
        Unit(code=f"{PREFIX}SFJ", name=f"{COUNTY}司法局", kind=UnitKind.DEPARTMENT, region=county),
        Unit(code=f"{PREFIX}FY", name=f"{COUNTY}人民法院", kind=UnitKind.COURT, region=county),
    ]
    units += [
        Unit(code=f"{PREFIX}{code}", name=f"{COUNTY}{name}", short_name=short,
             kind=UnitKind.DEPARTMENT, region=county)
        for code, name, short in DEPARTMENTS
    ]  # fmt: skip
    Unit.objects.bulk_create(units)
    return county


def _date_cell(day: dt.date, style: int) -> Any:
    forms = (
        day,
        f"{day:%Y-%m-%d}",
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}.{day.month}.{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
    )
    return forms[style % len(forms)]


def ledger_row(n: int, rng: random.Random) -> list[Any]:
    received = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))
    accepted = received + dt.timedelta(days=rng.randrange(1, 6))
    closed = accepted + dt.timedelta(days=rng.randrange(10, 60))
    _code, name, short = rng.choice(DEPARTMENTS)
    unit = rng.choice([f"{COUNTY}{name}", f"县{name}", name, short, f"{short} "])
    number = f"基复〔{received.year}〕{n}号"
    if n % 3 == 0:
        number = number.translate(FULL_WIDTH)
    done = rng.random() < 0.9
    return [
        n,
        number,
        rng.choice(SURNAMES) + "某" * rng.randint(1, 2),
        unit,
        rng.choice(ACTS),
        rng.choice(FIELDS),
        _date_cell(received, n),
        _date_cell(accepted, n + 1),
        _date_cell(closed, n + 2) if done else "",
        rng.choice(OUTCOMES) if done else "",
        "否",
    ]


def write_ledger(path: Path) -> float:
    started = time.perf_counter()
    rng = random.Random(20221231)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("行政复议")
    sheet.append(["基准县行政复议案件台账"])
    sheet.append(HEADERS)
    for n in range(1, ROWS + 1):
        sheet.append(ledger_row(n, rng))
    book.save(path)
    return time.perf_counter() - started


# --- the peer: django-import-export ------------------------------------------------------------


class CellWidget(widgets.Widget):
    """A DIE widget reading a cell with one of fazhi's parsers."""

    def __init__(self, parse: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.parse = parse

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        return self.parse(value)


def peer_resource(context: RegionContext) -> type[resources.ModelResource]:
    def read_unit(name: Any) -> Unit:
        return context.units.resolve(values.compact(name))

    def read_number(raw: Any) -> str:
        return values.case_number(raw, court=False)

    def read_field(name: Any) -> Any:
        return context.fields.resolve(values.text(name))

    def read_outcome(raw: Any) -> str:
        return values.RECON_OUTCOMES.parse(raw) if values.text(raw) else ""

    def column(attribute: str, header: str, parse: Any) -> fields.Field:
        return fields.Field(attribute=attribute, column_name=header, widget=CellWidget(parse))

    class LedgerResource(resources.ModelResource):
        case_number = column("case_number", "案号", read_number)
        respondent = column("respondent", "被申请人", read_unit)
        act_type = column("act_type", "行为类别", values.ACT_TYPES.parse)
        field = column("field", "领域", read_field)
        received_on = column("received_on", "收到申请日期", values.date)
        accepted_on = column("accepted_on", "受理日期", values.date)
        closed_on = column("closed_on", "结案日期", values.date)
        outcome = column("outcome", "结案方式", read_outcome)
        hearing_held = column("hearing_held", "是否听证", values.yes_no)

        class Meta:
            model = Reconsideration
            import_id_fields = ("case_number",)
            fields = ("case_number", "respondent", "act_type", "field", "received_on",
                      "accepted_on", "closed_on", "outcome", "hearing_held")  # fmt: skip
            use_bulk = True
            batch_size = 1000
            skip_diff = True
            instance_loader_class = CachedInstanceLoader

        def before_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
            instance.organ = context.government
            instance.handling_unit = context.justice
            instance.status = recon_status(instance)
            instance.derive()

        def after_import(self, dataset: Any, result: Any, **kwargs: Any) -> None:
            """The 申请人 column, as a ModelResource user adds child rows: in bulk, at the end."""
            numbers = [read_number(cell) for cell in dataset["案号"]]
            ids: dict[str, int] = {}
            for start in range(0, len(numbers), 900):
                chunk = numbers[start : start + 900]
                found = Reconsideration.objects.filter(case_number__in=chunk)
                ids.update(found.values_list("case_number", "id"))
            applicants = [
                Applicant(case_id=ids[number], name=name)
                for number, cell in zip(numbers, dataset["申请人"], strict=True)
                for name in values.names(cell)
            ]
            Applicant.objects.bulk_create(applicants, batch_size=1000)

    return LedgerResource


@dataclass
class Timing:
    """Wall-clock and this process's CPU seconds (the CPU figure holds on a busy machine; on
    PostgreSQL it leaves out the server's work, for both tools alike)."""

    wall: float
    cpu: float

    def line(self, label: str, note: str = "") -> str:
        return (
            f"{label:<22} {self.wall:7.1f} s {ROWS / self.wall:9,.0f} rows/s   "
            f"cpu {self.cpu:7.1f} s {ROWS / self.cpu:9,.0f} rows/s  {note}"
        )


def timed(work: Callable[[], Any]) -> tuple[Timing, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    outcome = work()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu), outcome


def peer_import(path: Path, context: RegionContext) -> Any:
    with path.open("rb") as handle:
        body = tablib.Dataset().load(handle, format="xlsx", skip_lines=1)  # the title row
    del body["序号"]
    return peer_resource(context)().import_data(body, dry_run=False, use_transactions=True)


def fazhi_import(path: Path, county: Region) -> Any:
    return import_ledger(
        kind="reconsideration", data=path.read_bytes(), region=county, actor=None, dry_run=False,
        filename=path.name,
    )  # fmt: skip


def main() -> None:
    print(f"database: {connection.vendor}; ledger rows: {ROWS:,}")
    county = build_county()
    path = Path(ENV.var_dir) / "行政复议台账-基准.xlsx"
    seconds = write_ledger(path)
    print(f"writing the ledger took {seconds:.1f} s ({path.stat().st_size / 1e6:.1f} MB)")
    ours, result = timed(lambda: fazhi_import(path, county))
    if not result.ok:
        print("fazhi import refused the ledger:", *[str(e) for e in result.errors[:10]], sep="\n")
        return
    print(ours.line("fazhi import", f"({result.summary()})"))
    again, result = timed(lambda: fazhi_import(path, county))
    print(again.line("fazhi re-import", f"({result.summary()})"))
    Reconsideration.objects.filter(case_number__startswith="基复").delete()
    context = RegionContext.load(county)
    peer, outcome = timed(lambda: peer_import(path, context))
    stored = Reconsideration.objects.filter(case_number__startswith="基复").count()
    applicants = Applicant.objects.filter(case__case_number__startswith="基复").count()
    clean = not outcome.has_errors() and not outcome.has_validation_errors()
    note = f"(stored {stored:,} cases, {applicants:,} applicants{'' if clean else '; errors'})"
    print(peer.line("django-import-export", note))
    print(
        f"ratio fazhi / peer:     {peer.wall / ours.wall:7.1f} x wall-clock, "
        f"{peer.cpu / ours.cpu:.1f} x cpu  (target ≥ 5 x)"
    )


def cleanup() -> None:
    """Remove what the bench created from a database it was given."""
    Reconsideration.objects.filter(respondent__code__startswith=PREFIX).delete()
    Unit.objects.filter(code__startswith=PREFIX).delete()
    _common.delete_tree(ROOT_CODE)


if __name__ == "__main__":
    _common.run(ENV, main, cleanup, root_code=ROOT_CODE, unit_prefix=PREFIX)
