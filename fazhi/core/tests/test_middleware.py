"""The client address the audit trail records: REMOTE_ADDR, or X-Forwarded-For behind the
configured number of trusted reverse proxies (FAZHI_TRUSTED_PROXIES)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from fazhi.core.middleware import client_ip
from fazhi.core.models import AuditEvent
from fazhi.org.tests.factories import PASSWORD


def _ip(forwarded: str | None, remote: str = "10.0.0.1") -> str | None:
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **headers))


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no trusted proxy: the header is anyone's to write
        (1, None, "10.0.0.1"),
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "1.1.1.1, 203.0.113.9", "203.0.113.9"),  # the client's own entry is not believed
        (2, "1.1.1.1, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, " 203.0.113.9 ,10.0.0.2 ", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.1"),  # fewer entries than proxies
        (1, "unknown", "10.0.0.1"),  # not an address
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip_counts_trusted_proxies_from_the_right(settings, proxies, forwarded, expected):
    settings.FAZHI_TRUSTED_PROXIES = proxies

    assert _ip(forwarded) == expected


def test_client_ip_is_none_without_a_usable_address(settings):
    settings.FAZHI_TRUSTED_PROXIES = 0

    assert _ip(None, remote="") is None
    assert _ip(None, remote="not-an-address") is None


@pytest.mark.django_db
def test_the_audit_trail_records_the_address_the_trusted_proxy_saw(client, settings, county_admin):
    settings.FAZHI_TRUSTED_PROXIES = 1

    client.post(
        "/login/",
        {"username": "county_admin", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9",
    )

    event = AuditEvent.objects.get(event="login_success")
    assert event.ip == "203.0.113.9"
