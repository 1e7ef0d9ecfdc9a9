"""The 规范性文件 registry: registration, recipients, 备案, 备案审查 results, status changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.exceptions import ApplicationError
from fazhi.org.models import UnitKind
from fazhi.org.tests.factories import UnitFactory
from fazhi.review.models import DocStatus, Filing, FilingResult, NormativeDocument
from fazhi.review.services import NotAllowedError
from fazhi.review.services import normative as svc

pytestmark = pytest.mark.django_db


def _register(actor, unit, **overrides):
    values = {
        "title": "示例县优化营商环境若干规定",
        "doc_number": "示政发〔2026〕3号",
        "published_on": dt.date(2026, 3, 2),
        "effective_on": dt.date(2026, 4, 1),
        "expires_on": dt.date(2031, 3, 31),
        **overrides,
    }
    return svc.register_document(actor=actor, unit=unit, **values)


@pytest.fixture
def government_clerk(tree):
    from fazhi.org.roles import Role
    from fazhi.org.tests.factories import UserFactory

    UnitFactory(
        code="U-RD",
        name="示例县人大常委会",
        kind=UnitKind.PEOPLES_CONGRESS,
        region=tree["regions"]["county"],
    )
    UnitFactory(
        code="U-CITY",
        name="示例市人民政府",
        kind=UnitKind.GOVERNMENT,
        region=tree["regions"]["city"],
    )
    return UserFactory(username="gov_clerk", unit=tree["units"]["government"], roles=[Role.CLERK])


def test_a_government_document_is_filed_with_the_congress_and_the_government_above(
    government_clerk,
):
    document = _register(government_clerk, government_clerk.unit)
    filings = {f.recipient_name: f for f in document.filings.all()}
    assert set(filings) == {"示例县人大常委会", "示例市人民政府"}
    assert document.filing_due_on == dt.date(2026, 4, 1)  # 30 日 after 3-02


def test_a_department_files_with_its_own_government_and_a_township_with_the_county(
    tree, police_clerk, township_clerk
):
    police = _register(police_clerk, police_clerk.unit)
    township = _register(township_clerk, township_clerk.unit, doc_number="青政发〔2026〕1号")
    assert [f.recipient_name for f in police.filings.all()] == ["示例县人民政府"]
    assert [f.recipient_name for f in township.filings.all()] == ["示例县人民政府"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"effective_on": dt.date(2026, 3, 1)}, "实施日期 2026-03-01 早于发布日期 2026-03-02"),
        ({"expires_on": dt.date(2026, 4, 1)}, "有效期截止日 2026-04-01 应晚于实施日期 2026-04-01"),
        (
            {"published_on": dt.date(2026, 12, 1), "effective_on": dt.date(2026, 12, 1)},
            "发布日期 2026-12-01 晚于今天",
        ),
        ({"doc_number": " "}, "请填写文号"),
    ],
)
def test_bad_registration_is_refused_and_stores_nothing(police_clerk, overrides, message):
    with pytest.raises(ApplicationError, match=message):
        _register(police_clerk, police_clerk.unit, **overrides)
    assert not NormativeDocument.objects.exists() and not Filing.objects.exists()


def test_a_duplicate_number_is_refused(police_clerk):
    _register(police_clerk, police_clerk.unit)
    with pytest.raises(ApplicationError, match="文号“示政发〔2026〕3号”已由示例县公安局登记"):
        _register(police_clerk, police_clerk.unit)


def test_a_clerk_cannot_register_for_another_unit(police_clerk, tree):
    with pytest.raises(NotAllowedError):
        _register(police_clerk, tree["units"]["qingshi"])


def test_a_filing_dated_before_publication_is_refused_and_changes_nothing(police_clerk):
    filing = _register(police_clerk, police_clerk.unit).filings.get()
    with pytest.raises(ApplicationError, match="报备日期 2026-03-01 早于文件发布日期 2026-03-02"):
        svc.record_filing(
            filing=filing,
            actor=police_clerk,
            filed_on=dt.date(2026, 3, 1),
            expected_version=filing.version,
        )
    filing.refresh_from_db()
    assert filing.filed_on is None and filing.version == 1


def test_filing_on_time_and_late_marks_the_document(police_clerk, government_clerk):
    document = _register(government_clerk, government_clerk.unit)
    congress, city = document.filings.order_by("recipient")
    svc.record_filing(
        filing=congress,
        actor=government_clerk,
        filed_on=dt.date(2026, 3, 20),
        expected_version=congress.version,
    )
    document.refresh_from_db()
    assert document.filed_on is None  # one recipient still to go
    svc.record_filing(
        filing=city,
        actor=government_clerk,
        filed_on=dt.date(2026, 4, 3),
        expected_version=city.version,
    )
    document.refresh_from_db()
    assert (document.filed_on, document.filed_timely) == (dt.date(2026, 4, 3), False)


def test_a_correction_result_needs_its_reasons(police_clerk, reviewer):
    filing = _register(police_clerk, police_clerk.unit).filings.get()
    filing = svc.record_filing(
        filing=filing,
        actor=police_clerk,
        filed_on=dt.date(2026, 3, 10),
        expected_version=filing.version,
    )
    with pytest.raises(ApplicationError, match="纠错须写明存在的问题和纠正要求"):
        svc.record_filing_result(
            filing=filing,
            actor=reviewer,
            result=FilingResult.CORRECTED,
            result_on=dt.date(2026, 3, 20),
            note="",
            expected_version=filing.version,
        )
    with pytest.raises(NotAllowedError):
        svc.record_filing_result(
            filing=filing,
            actor=police_clerk,
            result=FilingResult.PASSED,
            result_on=dt.date(2026, 3, 20),
            note="",
            expected_version=filing.version,
        )
    filing = svc.record_filing_result(
        filing=filing,
        actor=reviewer,
        result=FilingResult.CORRECTED,
        result_on=dt.date(2026, 3, 20),
        note="第五条设定罚款无上位法依据",
        expected_version=filing.version,
    )
    assert filing.result == FilingResult.CORRECTED


def test_a_result_before_filing_is_refused(police_clerk, reviewer):
    filing = _register(police_clerk, police_clerk.unit).filings.get()
    with pytest.raises(ApplicationError, match="尚未向示例县人民政府报备"):
        svc.record_filing_result(
            filing=filing,
            actor=reviewer,
            result=FilingResult.PASSED,
            result_on=dt.date(2026, 3, 20),
            note="",
            expected_version=filing.version,
        )


def test_the_maker_repeals_a_document_and_it_leaves_the_public_list(client, police_clerk):
    document = _register(police_clerk, police_clerk.unit)
    assert document.title in client.get(reverse("review:public-documents")).content.decode()
    with pytest.raises(ApplicationError, match="变更日期（2026-03-01）不能早于发布日期 2026-03-02"):
        svc.change_status(
            document=document,
            actor=police_clerk,
            status=DocStatus.REPEALED,
            changed_on=dt.date(2026, 3, 1),
            note="",
            expected_version=document.version,
        )
    svc.change_status(
        document=document,
        actor=police_clerk,
        status=DocStatus.REPEALED,
        changed_on=dt.date(2026, 10, 1),
        note="被新规定替代",
        expected_version=document.version,
    )
    assert document.title not in client.get(reverse("review:public-documents")).content.decode()


def test_the_registry_pages_work(client, police_clerk, reviewer):
    document = _register(police_clerk, police_clerk.unit)
    filing = document.filings.get()
    client.force_login(police_clerk)
    assert "示政发〔2026〕3号" in client.get(reverse("review:normdocs")).content.decode()
    assert client.get(reverse("review:normdoc-create")).status_code == 200
    response = client.post(
        reverse("review:filing-record", args=[filing.pk]),
        {"version": filing.version, "filed_on": "2026-03-01"},
        follow=True,
    )
    assert "报备日期 2026-03-01 早于文件发布日期 2026-03-02" in response.content.decode()
    response = client.post(
        reverse("review:filing-record", args=[filing.pk]),
        {"version": filing.version, "filed_on": "2026-03-10"},
        follow=True,
    )
    assert "已登记向示例县人民政府报备" in response.content.decode()
    client.force_login(reviewer)
    html = client.get(document.get_absolute_url()).content.decode()
    assert 'data-testid="result-form-government"' in html


def test_registering_through_the_form(client, police_clerk):
    client.force_login(police_clerk)
    data = {
        "unit": police_clerk.unit.pk,
        "title": "警务公开办法",
        "doc_number": "示公发〔2026〕1号",
        "published_on": "2026-05-06",
        "effective_on": "2026-05-06",
        "expires_on": "",
    }
    response = client.post(reverse("review:normdoc-create"), data)
    document = NormativeDocument.objects.get(doc_number="示公发〔2026〕1号")
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    bad = client.post(
        reverse("review:normdoc-create"),
        {**data, "doc_number": "示公发〔2026〕2号", "effective_on": "2026-05-01"},
    )
    assert (
        bad.status_code == 400
        and "实施日期 2026-05-01 早于发布日期 2026-05-06" in bad.content.decode()
    )
