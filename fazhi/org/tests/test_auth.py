"""Sign-in, lockout, forced password change, idle timeout and logout (SECURITY.md §6 rows 4, 5, 8,
10; 等保 L3-CES1-01/02, ASVS 6.4.1, 7.2.4, 7.3.1, 7.4.1–7.4.3)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes import signals as axes_signals
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth.signals import user_login_failed
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from fazhi.core.audit import Event
from fazhi.core.models import AuditCategory, AuditEvent
from fazhi.org.forms import INACTIVE, INVALID_LOGIN
from fazhi.org.tests.factories import UserFactory
from fazhi.org.views import lockout_message

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
NEW_PASSWORD = "Qingshi#2026z"


def _login(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def _security_events() -> list[str]:
    return list(
        AuditEvent.objects.filter(category=AuditCategory.SECURITY)
        .order_by("pk")
        .values_list("event", flat=True)
    )


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _session_cookie(client: Client) -> str:
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


# --- sign in -------------------------------------------------------------------------------


def test_correct_password_signs_in_and_records_login_success(client, county_admin):
    response = _login(client, "county_admin", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("core:inbox")
    assert _signed_in(client)
    assert _security_events() == [Event.LOGIN_SUCCESS]


def test_wrong_password_and_unknown_user_get_the_same_generic_message(client, county_admin):
    wrong = _login(client, "county_admin", "Wrong#pass1")
    unknown = _login(client, "nobody_here", PASSWORD)

    for response in (wrong, unknown):
        assert response.status_code == 200
        assert INVALID_LOGIN in response.content.decode()
        assert INACTIVE not in response.content.decode()
    assert not _signed_in(client)
    assert _security_events() == [Event.LOGIN_FAILURE, Event.LOGIN_FAILURE]


def test_disabled_account_with_correct_password_is_told_it_is_disabled(client, county_admin):
    county_admin.is_active = False
    county_admin.save()

    response = _login(client, "county_admin", PASSWORD)

    assert response.status_code == 200
    assert "该账号已停用，请联系系统管理员" in response.content.decode()
    assert not _signed_in(client)
    failure = AuditEvent.objects.get()
    assert (failure.event, failure.success, failure.actor_name) == (
        Event.LOGIN_FAILURE,
        False,
        "county_admin",
    )


def test_disabled_account_with_wrong_password_gets_only_the_generic_message(client, county_admin):
    county_admin.is_active = False
    county_admin.save()

    body = _login(client, "county_admin", "Wrong#pass1").content.decode()

    assert INVALID_LOGIN in body
    assert INACTIVE not in body


def test_disabling_a_signed_in_user_ends_their_session(client, county_admin):
    _login(client, "county_admin", PASSWORD)
    assert client.get("/").status_code == 200

    county_admin.is_active = False
    county_admin.save()
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_in_chinese_and_states_the_policy(client):
    body = client.get(reverse("login")).content.decode()

    assert "用户名" in body and "密码" in body
    assert "连续 5 次密码错误将锁定账号 30 分钟" in body


# --- lockout (5 failures → 30 minutes) ---------------------------------------------------------


def test_five_failures_lock_the_account_for_thirty_minutes(client, county_admin):
    with time_machine.travel(START, tick=False) as traveller:
        responses = [_login(client, "county_admin", f"Wrong#pass{i}") for i in range(5)]
        assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]

        traveller.shift(dt.timedelta(minutes=10))
        refused = _login(client, "county_admin", PASSWORD)
        assert refused.status_code == 429
        assert lockout_message() in refused.content.decode()
        assert "已锁定 30 分钟" in refused.content.decode()
        assert not _signed_in(client)

        # Counted from the fifth failure; the refused attempt did not extend the lock.
        traveller.shift(dt.timedelta(minutes=19))
        assert _login(client, "county_admin", PASSWORD).status_code == 429

        traveller.shift(dt.timedelta(minutes=2))
        accepted = _login(client, "county_admin", PASSWORD)
        assert accepted.status_code == 302
        assert _signed_in(client)

    assert not AccessAttempt.objects.filter(username="county_admin").exists()
    assert _security_events() == [Event.LOGIN_FAILURE] * 5 + [Event.LOCKOUT, Event.LOGIN_SUCCESS]


def test_lock_produces_five_failure_rows_and_one_lockout_row(client, county_admin):
    with time_machine.travel(START, tick=False):
        for i in range(5):
            _login(client, "county_admin", f"Wrong#pass{i}")
        _login(client, "county_admin", PASSWORD)

    events = AuditEvent.objects.filter(category=AuditCategory.SECURITY).order_by("pk")
    assert [e.event for e in events] == [Event.LOGIN_FAILURE] * 5 + [Event.LOCKOUT]
    assert all(not e.success and e.actor_name == "county_admin" for e in events)
    assert all(PASSWORD not in e.message for e in events)


@pytest.fixture
def axes_receiver_last():
    """Reconnect axes' failure receiver after ours, the opposite of the installed order."""
    saved = list(user_login_failed.receivers)
    user_login_failed.disconnect(axes_signals.handle_user_login_failed)
    user_login_failed.connect(axes_signals.handle_user_login_failed)
    yield
    with user_login_failed.lock:
        user_login_failed.receivers = saved
        user_login_failed.sender_receivers_cache.clear()


def test_audit_rows_do_not_depend_on_the_order_of_signal_receivers(
    client, county_admin, axes_receiver_last
):
    for i in range(5):
        _login(client, "county_admin", f"Wrong#pass{i}")
    assert _login(client, "county_admin", PASSWORD).status_code == 429

    assert _security_events() == [Event.LOGIN_FAILURE] * 5 + [Event.LOCKOUT]


def test_lock_is_per_username_and_spares_other_accounts(client, county_admin, reviewer):
    for i in range(5):
        _login(client, "county_admin", f"Wrong#pass{i}")

    other = Client()
    response = _login(other, "reviewer", PASSWORD)

    assert response.status_code == 302
    assert _signed_in(other)


def test_spelling_variants_of_a_username_share_one_lock(client, county_admin):
    # The form strips and NFKC-normalises the username before authenticating; axes must count
    # the normalised name, or each variant would get five more guesses.
    variants = [
        "county_admin ",
        " county_admin",
        "ｃｏｕｎｔｙ_admin",
        "county_admin\t",
        "county_admin",
    ]
    for i, username in enumerate(variants):
        _login(client, username, f"Wrong#pass{i}")

    assert _login(client, "county_admin", PASSWORD).status_code == 429
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"county_admin"}


def test_unknown_username_locks_like_a_real_one(client):
    responses = [_login(client, "nobody_here", f"Wrong#pass{i}") for i in range(5)]

    assert responses[-1].status_code == 429
    assert _security_events() == [Event.LOGIN_FAILURE] * 5 + [Event.LOCKOUT]


def test_success_before_the_limit_resets_the_failure_count(client, county_admin):
    for i in range(4):
        _login(client, "county_admin", f"Wrong#pass{i}")
    _login(client, "county_admin", PASSWORD)
    client.post(reverse("logout"))

    responses = [_login(client, "county_admin", f"Again#pass{i}") for i in range(4)]

    assert all(r.status_code == 200 for r in responses)


# --- per-address throttle (SECURITY.md §6 row 6) ----------------------------------------------

SPRAYER, OFFICE = "10.0.0.66", "10.0.0.7"


def _login_from(client: Client, address: str, username: str, password: str):
    data = {"username": username, "password": password}
    return client.post(reverse("login"), data, REMOTE_ADDR=address)


def test_spraying_from_one_address_is_throttled_without_locking_any_account(
    client, county_admin, settings
):
    assert settings.FAZHI_LOGIN_IP_LIMIT == 30
    usernames = ["county_admin", *(f"sprayed_{i}" for i in range(30))]
    with time_machine.travel(START, tick=False):
        tries = [_login_from(client, SPRAYER, name, "Spring#2026") for name in usernames]

        refused = _login_from(client, SPRAYER, "county_admin", PASSWORD)
        refused_again = _login_from(client, SPRAYER, "sprayed_99", "Spring#2026")
        attempts = dict(AccessAttempt.objects.values_list("username", "failures_since_start"))
        office = Client()
        elsewhere = _login_from(office, OFFICE, "county_admin", PASSWORD)
        office_signed_in = _signed_in(office)
        sprayer_signed_in = _signed_in(client)

    assert [r.status_code for r in tries] == [200] * 31
    assert refused.status_code == refused_again.status_code == 429
    assert "该地址登录失败次数过多，请 15 分钟后再试" in refused.content.decode()
    assert not sprayer_signed_in
    # No account is locked: one failure per username, far below axes' five; the refused
    # attempts reached neither axes nor the password check.
    assert attempts == dict.fromkeys(usernames, 1)
    assert elsewhere.status_code == 302 and office_signed_in
    throttled = AuditEvent.objects.filter(event=Event.LOGIN_FAILURE, ip=SPRAYER, success=False)
    assert throttled.count() == 31 + 1  # each failure, then one line for the throttle
    assert "暂停受理该地址的登录" in throttled.order_by("pk").last().message


def test_the_address_may_try_again_when_the_window_has_passed(client, county_admin, settings):
    settings.FAZHI_LOGIN_IP_LIMIT = 2
    with time_machine.travel(START, tick=False):
        for name in ("a1", "a2", "a3"):
            _login_from(client, SPRAYER, name, "Spring#2026")
        assert _login_from(client, SPRAYER, "county_admin", PASSWORD).status_code == 429
    with time_machine.travel(START + dt.timedelta(minutes=16), tick=False):
        response = _login_from(client, SPRAYER, "county_admin", PASSWORD)

    assert response.status_code == 302


# --- password change ---------------------------------------------------------------------------


def test_password_change_clears_the_forced_flag_and_keeps_the_session(client, county_admin):
    county_admin.must_change_password = True
    county_admin.save()

    with time_machine.travel(START, tick=False):
        _login(client, "county_admin", PASSWORD)
        response = client.post(
            reverse("password-change"),
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
            follow=True,
        )
        assert _signed_in(client)
        assert client.get("/").status_code == 200

    assert response.redirect_chain[-1][0] == reverse("core:inbox")
    assert "密码已修改" in response.content.decode()
    county_admin.refresh_from_db()
    assert not county_admin.must_change_password
    assert county_admin.password_changed_at == START
    assert county_admin.check_password(NEW_PASSWORD)
    change = AuditEvent.objects.get(event=Event.PASSWORD_CHANGE)
    assert change.actor_id == county_admin.pk and change.success


def test_password_change_ends_the_users_other_sessions(county_admin):
    here, elsewhere = Client(), Client()
    _login(here, "county_admin", PASSWORD)
    _login(elsewhere, "county_admin", PASSWORD)

    here.post(
        reverse("password-change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert here.get("/").status_code == 200
    assert elsewhere.get("/")["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("Ab1!x", "密码长度不足：至少 8 位"),
        ("Admin@123", "太常见"),
        ("abcdefgh12", "至少 3 类"),
        ("county_admin", "用户名"),
        ("nimda_ytnuoc", "倒序"),
        ("Password1", "太常见"),
        ("12345678", "只包含数字"),
    ],
)
def test_password_change_refuses_weak_passwords_in_chinese(
    client, county_admin, new_password, message
):
    _login(client, "county_admin", PASSWORD)

    response = client.post(
        reverse("password-change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert any(message in e for e in response.context["form"].errors["new_password1"])
    county_admin.refresh_from_db()
    assert county_admin.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(event=Event.PASSWORD_CHANGE).exists()


@pytest.mark.parametrize(
    ("old", "new1", "new2", "message"),
    [
        ("Wrong#pass1", NEW_PASSWORD, NEW_PASSWORD, "原密码不正确"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "两次输入的新密码不一致"),
        (PASSWORD, PASSWORD, PASSWORD, "新密码不能与原密码相同"),
    ],
)
def test_password_change_form_errors_name_the_problem(
    client, county_admin, old, new1, new2, message
):
    _login(client, "county_admin", PASSWORD)

    response = client.post(
        reverse("password-change"),
        {"old_password": old, "new_password1": new1, "new_password2": new2},
    )

    assert message in response.content.decode()
    county_admin.refresh_from_db()
    assert county_admin.check_password(PASSWORD)


# --- forced change at first login and after a reset ------------------------------------------


@pytest.mark.parametrize("path", ["/", "/org/", "/indicators/", "/admin/", "/no-such-page/"])
def test_forced_user_is_sent_to_the_change_page_from_every_page(client, tree, path):
    user = UserFactory(
        username="new_user", unit=tree["units"]["justice"], must_change_password=True
    )
    client.force_login(user)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('password-change')}?forced=1"


def test_forced_user_reaches_the_change_page_logout_and_static_files(client, tree):
    user = UserFactory(
        username="new_user", unit=tree["units"]["justice"], must_change_password=True
    )
    client.force_login(user)

    page = client.get(f"{reverse('password-change')}?forced=1")
    assert page.status_code == 200
    assert "须先设置新密码" in page.content.decode()
    assert client.get(f"{django_settings.STATIC_URL}css/fazhi.css").status_code != 302
    assert client.post(reverse("logout")).status_code == 302
    assert not _signed_in(client)


def test_forced_user_is_free_after_changing_the_password(client, tree):
    user = UserFactory(
        username="new_user", unit=tree["units"]["justice"], must_change_password=True
    )
    _login(client, "new_user", PASSWORD)
    assert client.get("/").status_code == 302

    client.post(
        reverse("password-change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert client.get("/").status_code == 200
    user.refresh_from_db()
    assert not user.must_change_password


def test_htmx_request_of_a_forced_user_navigates_to_the_change_page(client, tree):
    user = UserFactory(
        username="new_user", unit=tree["units"]["justice"], must_change_password=True
    )
    client.force_login(user)

    response = client.get("/", headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == f"{reverse('password-change')}?forced=1"


def _demo_user(tree, *, demo_account: bool):
    user = UserFactory(
        username="demo_user", unit=tree["units"]["justice"], must_change_password=True
    )
    user.demo_account = demo_account
    user.save()
    return user


def test_demo_account_keeps_its_printed_password_in_demo_mode(client, tree, settings):
    settings.FAZHI_DEMO_MODE = True
    client.force_login(_demo_user(tree, demo_account=True))

    assert client.get("/").status_code == 200


def test_demo_account_must_change_its_password_outside_demo_mode(client, tree, settings):
    settings.FAZHI_DEMO_MODE = False
    client.force_login(_demo_user(tree, demo_account=True))

    assert client.get("/")["Location"].startswith(reverse("password-change"))


def test_demo_account_reset_by_an_administrator_is_forced_even_in_demo_mode(client, tree, settings):
    settings.FAZHI_DEMO_MODE = True
    # What an administrator's reset leaves behind: a new password to change, no demo exemption.
    client.force_login(_demo_user(tree, demo_account=False))

    assert client.get("/")["Location"].startswith(reverse("password-change"))


def test_ordinary_account_is_forced_in_demo_mode(client, tree, settings):
    settings.FAZHI_DEMO_MODE = True
    user = UserFactory(
        username="new_user", unit=tree["units"]["justice"], must_change_password=True
    )
    client.force_login(user)

    assert client.get("/").status_code == 302


# --- sessions: idle timeout, rotation, logout ------------------------------------------------


def test_idle_session_ends_thirty_minutes_after_the_last_request(client, county_admin):
    with time_machine.travel(START, tick=False) as traveller:
        _login(client, "county_admin", PASSWORD)
        key = client.session.session_key

        traveller.shift(dt.timedelta(minutes=29))
        assert client.get("/").status_code == 200  # activity slides the expiry

        traveller.shift(dt.timedelta(minutes=29))
        assert client.get("/").status_code == 200

        traveller.shift(dt.timedelta(minutes=31))
        response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    # The row expired 30 minutes after the last request and can no longer be loaded;
    # `clearsessions` removes such rows.
    assert Session.objects.get(session_key=key).expire_date == START + dt.timedelta(minutes=88)


def test_session_expiry_is_the_configured_idle_timeout(client, county_admin):
    with time_machine.travel(START, tick=False):
        _login(client, "county_admin", PASSWORD)
        session = Session.objects.get(session_key=client.session.session_key)

    assert session.expire_date == START + dt.timedelta(minutes=30)
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60
    assert "fazhi.core.middleware.SlidingSessionMiddleware" in django_settings.MIDDLEWARE


def test_requests_within_the_touch_interval_do_not_rewrite_the_session(client, county_admin):
    """The expiry is pushed back at most once a minute (no write per page view), so a session
    ends at most a minute before the full idle timeout, never after it."""
    with time_machine.travel(START, tick=False) as traveller:
        _login(client, "county_admin", PASSWORD)
        key = client.session.session_key

        traveller.shift(dt.timedelta(seconds=40))
        assert client.get("/").status_code == 200
        assert Session.objects.get(session_key=key).expire_date == START + dt.timedelta(minutes=30)

        traveller.shift(dt.timedelta(seconds=30))
        assert client.get("/").status_code == 200
        touched = START + dt.timedelta(seconds=70)
        assert Session.objects.get(session_key=key).expire_date == touched + dt.timedelta(
            minutes=30
        )

        traveller.shift(dt.timedelta(minutes=29, seconds=59))
        assert client.get("/").status_code == 200
        traveller.shift(dt.timedelta(minutes=30, seconds=1))
        assert client.get("/").status_code == 302


def test_session_key_rotates_at_login(client, county_admin):
    anonymous = client.session
    anonymous["probe"] = "before login"
    anonymous.save()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = anonymous.session_key

    _login(client, "county_admin", PASSWORD)

    assert _session_cookie(client) != anonymous.session_key
    assert not Session.objects.filter(session_key=anonymous.session_key).exists()


def test_logout_is_post_only(client, county_admin):
    _login(client, "county_admin", PASSWORD)

    assert client.get(reverse("logout")).status_code == 405
    assert _signed_in(client)


def test_logout_flushes_the_session_so_the_old_cookie_is_worthless(client, county_admin):
    _login(client, "county_admin", PASSWORD)
    old_key = _session_cookie(client)

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert not Session.objects.filter(session_key=old_key).exists()

    replay = Client()
    replay.cookies[django_settings.SESSION_COOKIE_NAME] = old_key
    assert replay.get("/")["Location"].startswith(reverse("login"))
    assert _security_events() == [Event.LOGIN_SUCCESS, Event.LOGOUT]
