"""Walks every URL pattern of the project (ARCHITECTURE: no view may forget `visible_to`).

1. Signed out, every page except the allowlisted ones sends the visitor to the login page.
2. Every page that names a record, asked for a record of another county by the peer county's
   administrator or of another township by a township clerk, answers 404 (or 403 where the
   page itself needs a permission the user lacks) — never 200 and never 500.

A new URL keyword must be added to `SAMPLE_VALUES`, so that each issue's views join this walk.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.testapp.models import SampleCase

pytestmark = pytest.mark.django_db

PUBLIC = {"login", "review:public-documents"}  # 现行有效规范性文件目录 is public
SKIP_NAMESPACES = {"admin"}  # Django's admin has its own login and is tested separately.


def _patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in SKIP_NAMESPACES:
                continue
            yield from _patterns(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def _kwargs_of(pattern: URLPattern) -> list[str]:
    return list(pattern.pattern.regex.groupindex)


def _sample_values(tree, victim_unit):
    """Values naming records of `victim_unit`'s side, by URL keyword."""
    case = SampleCase.objects.create(title="他县案件", unit=victim_unit, received_on="2026-03-02")
    from fazhi.core.models import AuditEvent
    from fazhi.org.tests.factories import UserFactory

    victim_user = UserFactory(username="victim_user", unit=victim_unit)
    from fazhi.core import audit

    event = audit.record_security(event=audit.Event.LOGIN_SUCCESS, user=victim_user)
    return {
        "code": victim_unit.code,
        "unit_code": victim_unit.code,
        "region_code": victim_unit.region.code,
        "username": victim_user.username,
        "pk": event.pk if AuditEvent.objects.filter(pk=event.pk).exists() else case.pk,
        "event_id": event.pk,
        "case_id": case.pk,
        "year": 2026,
        "month": 10,
        "day_id": 1,
        "date": "2026-10-01",
        # The corpus (他地报告库) is public material, not scoped by unit: no report belongs to
        # another county, so its pages are walked with an id that names no report (404).
        "report_id": 999999,
        # 一屏掌控 (issue 6): the scope is in the path (region_code / unit_code); these name the
        # figure and the table within it.
        "indicator": "testapp.loss_rate",
        "part": "numerator",
        "table": "all",
        **_dispute_cases(tree, victim_unit),
        **_review_records(victim_unit),
        **_decision_records(victim_unit),
        **_report_records(victim_unit),
        **_indicator_records(victim_unit),
    }


def _indicator_records(victim_unit):
    """An assessment run, a scheme and a manual value of `victim_unit`'s region (run_id …)."""
    from fazhi.indicators.tests.factories import url_samples

    return url_samples(victim_unit)


def _report_records(victim_unit):
    """A 年度报告 of `victim_unit` with a section, a contribution and an attachment."""
    from fazhi.reports.tests.factories import url_samples

    return url_samples(victim_unit)


def _review_records(victim_unit):
    """合法性审查, 规范性文件 and 整改 records of `victim_unit` (matter_id, doc_id, issue_id …)."""
    from fazhi.review.tests.factories import url_samples

    return url_samples(victim_unit)


def _decision_records(victim_unit):
    """重大行政决策 records of `victim_unit` (decision_id, material_id, record_id …)."""
    from fazhi.decisions.tests.factories import url_samples

    return url_samples(victim_unit)


def _dispute_cases(tree, victim_unit):
    """A 复议 and a 诉讼 case of `victim_unit` alone (respondent, handling body, defendant)."""
    from fazhi.disputes.tests.factories import lawsuit, recon

    units = {"respondent": victim_unit, "handling_unit": victim_unit, "organ": victim_unit}
    case = recon(tree, **units)
    return {
        "recon_id": case.pk,
        "lawsuit_id": lawsuit(tree, defendant=victim_unit).pk,
        "transition": "accept",
        # 争议化解 pages: /risk/<kind>/<dispute_id>/…, /notices/<notice_id>/docx/
        "kind": "recon",
        "dispute_id": case.pk,
        "notice_id": _risk_notice(case, victim_unit).pk,
    }


def _risk_notice(case, victim_unit):
    from fazhi.disputes.models import RiskNotice
    from fazhi.org.tests.factories import UserFactory

    author = UserFactory(username="notice_author", unit=victim_unit)
    return RiskNotice.objects.create(
        reconsideration=case,
        number=f"败诉风险提示〔2026〕{case.pk}号",
        to_unit=victim_unit,
        issued_on="2026-03-02",
        risks="风险",
        suggestions="建议",
        author=author,
    )


def _reverse(name, pattern, values):
    kwargs = {}
    for key in _kwargs_of(pattern):
        assert key in values, f"URL {name} 的参数 {key} 未在 SAMPLE_VALUES 中给出：请在本测试中补充"
        kwargs[key] = values[key]
    return reverse(name, kwargs=kwargs)


def test_every_page_but_login_requires_signing_in(client, tree):
    values = _sample_values(tree, tree["units"]["police"])
    for name, pattern in _patterns():
        if name in PUBLIC:
            continue
        url = _reverse(name, pattern, values)
        response = client.get(url)
        assert response.status_code in (302, 405), f"{url} ({name}) answered {response.status_code}"
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login")), f"{url} ({name})"


@pytest.mark.parametrize(
    ("persona", "victim"),
    [("outsider", "police"), ("township_clerk", "baisha"), ("township_clerk", "police")],
)
def test_records_of_other_units_answer_404_on_every_page(client, tree, request, persona, victim):
    user = request.getfixturevalue(persona)
    values = _sample_values(tree, tree["units"][victim])
    client.force_login(user)
    for name, pattern in _patterns():
        if (
            name in PUBLIC
            or not _kwargs_of(pattern)
            or set(_kwargs_of(pattern)) <= {"year", "month"}
        ):
            continue
        url = _reverse(name, pattern, values)
        status = client.get(url).status_code
        assert status in (403, 404, 405), f"{persona} 访问 {url} ({name}) 得到 {status}"
