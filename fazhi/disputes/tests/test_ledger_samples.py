"""The two sample 台账 of 示例县 for 2022 (/work/shared/samples/ledgers) import into the demo
county's organisation and yield, through the indicators engine, every figure of
expected-2022.json. Skipped where the shared folder is absent."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from fazhi.core.demo import DemoContext
from fazhi.disputes.enums import ReconStatus
from fazhi.disputes.ledger import import_ledger
from fazhi.disputes.models import Hearing, Lawsuit, Reconsideration
from fazhi.indicators import registry
from fazhi.indicators.engine import evaluate
from fazhi.indicators.periods import Period
from fazhi.indicators.scopes import Scope
from fazhi.org.demo import MAIN_COUNTY_CODE, seed_org
from fazhi.org.models import Region

SAMPLES = Path(settings.BASE_DIR).parent / "shared" / "samples" / "ledgers"
RECON_FILE = SAMPLES / "行政复议台账-2022.xlsx"
LAWSUIT_FILE = SAMPLES / "行政诉讼台账-2022.xlsx"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not RECON_FILE.exists(), reason="/work/shared 下没有示例台账"),
]


@pytest.fixture
def county():
    seed_org(DemoContext(today=dt.date(2026, 11, 20)))
    return Region.objects.get(code=MAIN_COUNTY_CODE)


def _import(county, kind, path, dry_run=False):
    result = import_ledger(
        kind=kind, data=path.read_bytes(), region=county, actor=None, dry_run=dry_run,
        filename=path.name,
    )  # fmt: skip
    assert result.ok, "\n".join(str(e) for e in result.errors[:30])
    return result


def _figure(county, code, variant=None):
    result = evaluate(
        registry.get(code), Scope.of_region(county), Period.year(2022), variant=variant
    )
    return result


def test_sample_ledgers_import_and_give_the_expected_2022_figures(county):
    expected = json.loads((SAMPLES / "expected-2022.json").read_text(encoding="utf-8"))
    recon = _import(county, "reconsideration", RECON_FILE)
    lawsuits = _import(county, "litigation", LAWSUIT_FILE)
    assert (recon.created, lawsuits.created) == (220, 80)

    def value(code, variant=None):
        return _figure(county, code, variant).value

    assert value("disputes.reconsideration_received") == expected["行政复议收案数"]
    assert value("disputes.reconsideration_concluded") == expected["行政复议审结数(不含不予受理)"]
    assert value("disputes.reconsideration_corrected") == expected["行政复议纠错数"]
    rate = expected["行政复议纠错率"]
    assert value("disputes.reconsideration_correction_rate") == Decimal(str(rate["over_closed"]))
    for variant in ("over_decided", "over_received"):
        got = value("disputes.reconsideration_correction_rate", variant)
        assert got == Decimal(str(rate[variant])), variant
    mediation = expected["行政复议调撤率"]
    got = value("disputes.reconsideration_mediation_rate")
    assert got == Decimal(str(mediation["over_closed"]))
    got = value("disputes.reconsideration_mediation_rate", "over_received")
    assert got == Decimal(str(mediation["over_received"]))
    assert value("disputes.litigation_received") == expected["行政诉讼收案数"]
    assert value("disputes.litigation_first_closed") == expected["一审审结数"]
    assert value("disputes.litigation_lost") == expected["败诉数"]
    assert value("disputes.litigation_loss_rate") == Decimal(str(expected["行政诉讼败诉率"]))
    assert value("disputes.litigation_mediation_rate") == Decimal(str(expected["行政诉讼调撤率"]))
    appearance = expected["行政机关负责人出庭应诉率"]["over_heard"]
    assert value("disputes.head_appearance_rate") == Decimal(str(appearance))
    ratio = value("disputes.reconsideration_litigation_ratio")
    assert ratio == Decimal(str(expected["复议诉讼收案比"]))


def test_sample_ledgers_store_normalised_numbers_statuses_and_hearings(county):
    _import(county, "reconsideration", RECON_FILE)
    _import(county, "litigation", LAWSUIT_FILE)
    first = Reconsideration.objects.get(case_number="示复〔2022〕1号")  # 示复〔２０２２〕１号
    assert first.received_on == dt.date(2022, 10, 4)  # 2022.10.4
    assert first.accepted_on == dt.date(2022, 10, 7)  # 2022年10月7日
    assert first.respondent.name == "示例县综合行政执法局"  # 综合行政执法局
    assert (first.status, first.outcome, first.hearing_held) == (ReconStatus.CLOSED, "uphold", True)
    assert first.organ.name == "示例县人民政府" and first.handling_unit.name == "示例县司法局"
    assert list(first.applicants.values_list("name", flat=True)) == ["杨某"]
    not_accepted = Reconsideration.objects.get(outcome="not_accepted")
    assert not_accepted.accepted_on is None
    fourth = Lawsuit.objects.get(case_number="（2022）浙0999行初4号")  # full-width digits
    assert fourth.defendant.name == "示例县公安局" and fourth.field.code == "police"
    assert fourth.head_appeared and fourth.first_hearing_on == dt.date(2022, 5, 13)
    hearing = Hearing.objects.get(case=fourth)
    assert (hearing.head_position, hearing.head_rank, hearing.counts) == ("局长", "principal", True)
    assert Hearing.objects.count() == 58


def test_reimporting_the_sample_ledgers_changes_nothing(county):
    _import(county, "reconsideration", RECON_FILE)
    _import(county, "litigation", LAWSUIT_FILE)
    versions = dict(Reconsideration.objects.values_list("case_number", "version"))
    again = _import(county, "reconsideration", RECON_FILE)
    lawsuits = _import(county, "litigation", LAWSUIT_FILE)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 220)
    assert (lawsuits.created, lawsuits.updated, lawsuits.unchanged) == (0, 0, 80)
    assert dict(Reconsideration.objects.values_list("case_number", "version")) == versions
    assert Reconsideration.objects.count() == 220 and Hearing.objects.count() == 58
