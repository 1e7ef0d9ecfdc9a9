"""Security headers, cookie flags, CSRF and error pages (SECURITY.md §3, §6 rows 30–32, 34;
in-process replacements for ZAP's passive rules)."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path, reverse

import fazhi
import fazhi.urls
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

SECRET_IN_ERROR = "SELECT secret_sauce FROM org_user -- /srv/fazhi/settings.py"


@login_not_required
def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(SECRET_IN_ERROR)


# This module doubles as a URLconf (pytest.mark.urls) that adds a view which fails.
urlpatterns = [path("boom/", _boom), *fazhi.urls.urlpatterns]
handler403 = fazhi.urls.handler403
handler404 = fazhi.urls.handler404
handler500 = fazhi.urls.handler500


def _csp(response: HttpResponse) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    parts = (part.strip().partition(" ") for part in policy.split(";") if part.strip())
    return {name: value for name, _, value in parts}


def _assert_baseline_headers(response: HttpResponse) -> None:
    csp = _csp(response)
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"  # no 'unsafe-inline': no inline scripts anywhere
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def _signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_login_page_carries_the_security_headers_and_is_not_cached(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    _assert_baseline_headers(response)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url_name", ["core:inbox", "password-change"])
def test_signed_in_pages_carry_the_security_headers_and_no_store(county_admin, url_name):
    response = _signed_in_client(county_admin).get(reverse(url_name))

    assert response.status_code == 200
    _assert_baseline_headers(response)
    assert response["Cache-Control"] == "no-store"


def test_lockout_page_carries_the_security_headers(client, county_admin):
    for i in range(5):
        response = client.post(
            reverse("login"), {"username": "county_admin", "password": f"Wrong#pass{i}"}
        )

    assert response.status_code == 429
    assert "已锁定" in response.content.decode()
    _assert_baseline_headers(response)


def test_not_found_page_is_chinese_with_headers(county_admin):
    response = _signed_in_client(county_admin).get("/no-such-page/")

    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    _assert_baseline_headers(response)
    assert response["Cache-Control"] == "no-store"


@pytest.mark.urls(__name__)
def test_server_error_page_leaks_nothing(county_admin):
    client = _signed_in_client(county_admin)
    client.raise_request_exception = False

    response = client.get("/boom/")

    body = response.content.decode()
    assert response.status_code == 500
    assert "系统出错" in body
    for leak in ("Traceback", "RuntimeError", "secret_sauce", "SELECT", "settings.py", "/srv/"):
        assert leak not in body
    _assert_baseline_headers(response)


# --- CSRF ----------------------------------------------------------------------------------


def test_login_without_csrf_token_is_refused(county_admin):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("login"), {"username": "county_admin", "password": PASSWORD})

    assert response.status_code == 403
    assert "CSRF 校验未通过" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_with_the_pages_csrf_token_is_accepted(county_admin):
    client = Client(enforce_csrf_checks=True)
    token = client.get(reverse("login")).context["csrf_token"]

    response = client.post(
        reverse("login"),
        {"username": "county_admin", "password": PASSWORD, "csrfmiddlewaretoken": str(token)},
    )

    assert response.status_code == 302


def test_password_change_without_csrf_token_is_refused(county_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(county_admin)

    response = client.post(
        reverse("password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Qingshi#2026z",
            "new_password2": "Qingshi#2026z",
        },
    )

    assert response.status_code == 403
    county_admin.refresh_from_db()
    assert county_admin.check_password(PASSWORD)


def test_logout_without_csrf_token_is_refused(county_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(county_admin)

    assert client.post(reverse("logout")).status_code == 403
    assert "_auth_user_id" in client.session


def test_no_view_is_exempt_from_csrf():
    package = Path(fazhi.__file__).parent
    offenders = [
        str(source.relative_to(package))
        for source in package.rglob("*.py")
        if "tests" not in source.parts and "csrf_exempt" in source.read_text(encoding="utf-8")
    ]

    assert offenders == []


# --- HTTPS deployment: HSTS and cookie flags -------------------------------------------------


@pytest.fixture
def https_settings(settings, monkeypatch, tmp_path):
    """The values fazhi.settings computes with HTTPS=1, applied to the running test settings."""
    monkeypatch.setenv("HTTPS", "1")
    monkeypatch.setenv("FAZHI_VAR_DIR", str(tmp_path))
    computed = runpy.run_path(str(Path(fazhi.__file__).parent / "settings.py"))
    names = [n for n in computed if n.startswith(("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_"))]
    for name in names:
        setattr(settings, name, computed[name])
    return computed


def test_https_responses_carry_hsts_for_a_year_with_subdomains(https_settings):
    response = Client().get(reverse("login"), secure=True)

    hsts = response["Strict-Transport-Security"]
    max_age = int(hsts.split("max-age=")[1].split(";")[0])
    assert max_age >= 31536000
    assert "includeSubDomains" in hsts


def test_plain_http_is_redirected_to_https(https_settings):
    response = Client().get(reverse("login"))

    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_session_and_csrf_cookies_carry_the_secure_flags(https_settings, county_admin):
    client = Client()
    page = client.get(reverse("login"), secure=True)
    response = client.post(
        reverse("login"), {"username": "county_admin", "password": PASSWORD}, secure=True
    )

    assert response.status_code == 302
    session = response.cookies["__Host-sessionid"]
    csrf = page.cookies["__Host-csrftoken"]
    for cookie in (session, csrf):
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
        assert cookie["path"] == "/"
        assert not cookie["domain"]  # the __Host- prefix forbids a Domain attribute
    assert not session["max-age"]  # ends with the browser; the server ends it after idling
