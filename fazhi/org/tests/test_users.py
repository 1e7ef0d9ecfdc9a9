"""People and roles: scoped lists, and the separation of the three administrator roles."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from fazhi.core.exceptions import ApplicationError
from fazhi.core.models import AuditEvent
from fazhi.org import services
from fazhi.org.models import User
from fazhi.org.passwords import character_classes
from fazhi.org.roles import Role
from fazhi.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def _url(name, user=None):
    return reverse(f"org:{name}", kwargs={"username": user.username} if user else None)


def _denied(user):
    return AuditEvent.objects.filter(event="access_denied", actor=user, success=False)


# --- the list -------------------------------------------------------------------------------


def test_a_township_clerk_sees_only_its_own_units_people(
    client, tree, township_clerk, other_township_clerk, county_admin
):
    colleague = UserFactory(username="qs_colleague", unit=tree["units"]["qingshi"])

    response = _login(client, township_clerk).get(_url("user-list"))

    names = {u.username for u in response.context["page_obj"].object_list}
    assert names == {"township_clerk", colleague.username}
    assert client.get(_url("user-detail", other_township_clerk)).status_code == 404
    assert client.get(_url("user-detail", county_admin)).status_code == 404


def test_county_staff_see_the_county_and_not_the_peer_county(
    client, tree, leader, township_clerk, outsider
):
    response = _login(client, leader).get(_url("user-list"))

    names = {u.username for u in response.context["page_obj"].object_list}
    assert {"leader", "township_clerk"} <= names
    assert "outsider" not in names
    assert client.get(_url("user-detail", outsider)).status_code == 404


def test_the_account_administrators_see_every_account(
    client, tree, sysadmin, secadmin, outsider, township_clerk
):
    for admin in (sysadmin, secadmin):
        response = _login(Client(), admin).get(_url("user-list"))
        names = {u.username for u in response.context["page_obj"].object_list}
        assert {"outsider", "township_clerk"} <= names


def test_the_list_shows_roles_status_and_masked_phones(client, tree, county_admin, reviewer):
    reviewer.phone = "13912345678"
    reviewer.is_active = False
    reviewer.save()

    html = _login(client, county_admin).get(_url("user-list")).content.decode()

    assert "139****5678" in html and "13912345678" not in html
    assert "法审员" in html and "停用" in html


def test_the_list_filters_by_role_and_status(client, tree, county_admin, reviewer, leader):
    _login(client, county_admin)

    by_role = client.get(_url("user-list"), {"role": Role.REVIEWER})
    by_status = client.get(_url("user-list"), {"status": "inactive"})

    assert [u.username for u in by_role.context["page_obj"].object_list] == ["reviewer"]
    assert list(by_status.context["page_obj"].object_list) == []


# --- accounts (系统管理员) --------------------------------------------------------------------


def test_the_system_administrator_creates_an_account_and_sees_its_password_once(
    client, tree, sysadmin
):
    _login(client, sysadmin)
    data = {
        "username": "zhangsan",
        "full_name": "张三",
        "unit": "U-GAJ",
        "position": "科员",
        "phone": "13800001111",
    }

    response = client.post(_url("user-create"), data)

    assert response.status_code == 200
    password = response.context["password"]
    assert escape(password) in response.content.decode()
    assert len(character_classes(password)) == 4
    user = User.objects.get(username="zhangsan")
    assert user.check_password(password)
    assert (user.must_change_password, user.demo_account, user.unit.code) == (True, False, "U-GAJ")
    assert not user.role_set()
    created = AuditEvent.objects.get(event="create", object_type="org.user")
    assert "password" not in created.changes
    assert created.changes["phone"] == [None, "138****1111"]
    assert password not in str(created.changes) and password not in created.message
    assert escape(password) not in client.get(_url("user-detail", user)).content.decode()


def test_a_duplicate_or_reserved_username_is_refused_on_the_form(client, tree, sysadmin, leader):
    _login(client, sysadmin)
    base = {"full_name": "某", "unit": "U-GAJ"}

    taken = client.post(_url("user-create"), {**base, "username": "LEADER"})
    reserved = client.post(_url("user-create"), {**base, "username": "new"})
    bad_phone = client.post(_url("user-create"), {**base, "username": "x1", "phone": "12345"})

    assert "该用户名已被使用" in taken.content.decode()
    assert "该用户名为系统保留" in reserved.content.decode()
    assert "请输入 11 位手机号或带区号的固定电话" in bad_phone.content.decode()
    assert not User.objects.filter(username__in=["x1", "new"]).exists()


def test_disabling_an_account_ends_its_sessions_and_is_audited(client, tree, sysadmin, reviewer):
    victim = _login(Client(), reviewer)
    assert victim.get(reverse("org:tree")).status_code == 200
    assert Session.objects.count() == 1

    response = _login(client, sysadmin).post(_url("user-disable", reviewer))

    assert response.status_code == 302
    reviewer.refresh_from_db()
    assert not reviewer.is_active
    assert victim.get(reverse("org:tree")).status_code == 302  # signed out
    events = AuditEvent.objects.filter(object_id=str(reviewer.pk))
    assert set(events.values_list("event", flat=True)) == {"update", "account_disable"}
    assert events.get(event="update").changes == {"is_active": [True, False]}

    client.post(_url("user-enable", reviewer))
    reviewer.refresh_from_db()
    assert reviewer.is_active
    assert AuditEvent.objects.filter(event="account_enable", object_id=str(reviewer.pk)).exists()


def test_a_password_reset_is_shown_once_forces_a_change_and_ends_the_demo_password(
    client, tree, sysadmin, reviewer
):
    User.objects.filter(pk=reviewer.pk).update(demo_account=True, must_change_password=False)
    victim = _login(Client(), reviewer)
    victim.get(reverse("org:tree"))

    response = _login(client, sysadmin).post(_url("user-reset-password", reviewer))

    password = response.context["password"]
    reviewer.refresh_from_db()
    assert reviewer.check_password(password)
    assert (reviewer.must_change_password, reviewer.demo_account) == (True, False)
    assert victim.get(reverse("org:tree")).status_code == 302
    reset = AuditEvent.objects.get(event="password_reset")
    assert reset.actor_id == sysadmin.pk and password not in reset.message
    change = AuditEvent.objects.get(event="update", object_type="org.user")
    assert change.changes["password"] == ["（不记录）", "（已重置）"]
    assert change.changes["demo_account"] == [True, False]


def test_the_system_administrator_may_not_disable_or_reset_an_administrator_or_itself(
    client, tree, sysadmin, secadmin, auditor
):
    _login(client, sysadmin)

    for target in (secadmin, auditor, sysadmin):
        client.post(_url("user-disable", target))
        client.post(_url("user-reset-password", target))
        target.refresh_from_db()
        assert target.is_active and target.check_password("Passw0rd!x")
    assert _denied(sysadmin).count() == 6


# --- roles (安全管理员) -----------------------------------------------------------------------


def test_the_security_administrator_assigns_business_roles_with_an_audit_trail(
    client, tree, secadmin, township_clerk
):
    response = _login(client, secadmin).post(
        _url("user-roles", township_clerk), {"roles": [Role.CLERK, Role.LEADER]}
    )

    assert response.status_code == 302
    township_clerk.forget_roles()
    assert township_clerk.role_set() == {Role.CLERK, Role.LEADER}
    event = AuditEvent.objects.get(event="role_change")
    assert event.actor_id == secadmin.pk
    assert event.message == "township_clerk：单位填报员 → 单位填报员、领导"
    change = AuditEvent.objects.get(event="update", object_type="org.user")
    assert change.changes == {"roles": ["单位填报员", "单位填报员、领导"]}


def test_the_role_form_offers_business_roles_only(client, tree, secadmin, township_clerk):
    response = _login(client, secadmin).get(_url("user-roles", township_clerk))

    offered = {value for value, _ in response.context["form"].fields["roles"].choices}
    assert offered == {"county_admin", "reviewer", "clerk", "leader"}
    posted = client.post(_url("user-roles", township_clerk), {"roles": [Role.AUDITOR]})
    assert posted.status_code == 400
    township_clerk.forget_roles()
    assert township_clerk.role_set() == {Role.CLERK}


def test_the_security_administrator_may_not_change_its_own_or_an_administrators_roles(
    client, tree, secadmin, sysadmin
):
    _login(client, secadmin)

    own = client.post(_url("user-roles", secadmin), {"roles": [Role.LEADER]})
    admin = client.post(_url("user-roles", sysadmin), {"roles": []})

    assert "不能修改自己的角色" in own.content.decode()
    assert "不能分配或撤销系统管理员、安全管理员、审计管理员角色" in admin.content.decode()
    secadmin.forget_roles()
    sysadmin.forget_roles()
    assert secadmin.role_set() == {Role.SECADMIN} and sysadmin.role_set() == {Role.SYSADMIN}
    assert _denied(secadmin).count() == 2


@pytest.mark.parametrize(
    "roles",
    [{Role.AUDITOR}, {Role.SYSADMIN}, {Role.SECADMIN, Role.AUDITOR}, {Role.SYSADMIN, Role.CLERK}],
)
def test_the_service_never_grants_an_administrator_role(tree, secadmin, township_clerk, roles):
    with pytest.raises(ApplicationError):
        services.user_set_roles(actor=secadmin, user=township_clerk, roles=roles)
    township_clerk.forget_roles()
    assert township_clerk.role_set() == {Role.CLERK}


def test_administrator_roles_are_exclusive_and_not_combined_with_business_roles():
    from fazhi.org.roles import check_role_combination

    check_role_combination({Role.COUNTY_ADMIN, Role.REVIEWER})
    for roles in ({Role.SYSADMIN, Role.AUDITOR}, {Role.SECADMIN, Role.LEADER}):
        with pytest.raises(ApplicationError):
            check_role_combination(roles)


# --- 三权分立 on the pages: the wrong administrator gets 403, and it is audited --------------


@pytest.mark.parametrize(
    ("persona", "name", "method"),
    [
        ("secadmin", "user-disable", "post"),
        ("secadmin", "user-enable", "post"),
        ("secadmin", "user-reset-password", "post"),
        ("auditor", "user-disable", "post"),
        ("sysadmin", "user-roles", "get"),
        ("sysadmin", "user-roles", "post"),
        ("auditor", "user-roles", "get"),
        ("county_admin", "user-roles", "get"),
        ("county_admin", "user-disable", "post"),
    ],
)
def test_the_wrong_administrator_gets_403_and_the_refusal_is_audited(
    client, tree, request, township_clerk, persona, name, method
):
    user = request.getfixturevalue(persona)
    _login(client, user)

    response = getattr(client, method)(_url(name, township_clerk), {"roles": [Role.LEADER]})

    assert response.status_code == 403
    assert _denied(user).count() == 1
    township_clerk.refresh_from_db()
    township_clerk.forget_roles()
    assert township_clerk.is_active and township_clerk.role_set() == {Role.CLERK}


@pytest.mark.parametrize("persona", ["secadmin", "auditor", "county_admin"])
def test_only_the_system_administrator_creates_accounts(client, tree, request, persona):
    user = request.getfixturevalue(persona)
    _login(client, user)

    response = client.post(
        _url("user-create"), {"username": "x", "full_name": "x", "unit": "U-GAJ"}
    )

    assert response.status_code == 403
    assert not User.objects.filter(username="x").exists()
    assert _denied(user).count() == 1


def test_the_pages_offer_only_the_actions_of_the_role(client, tree, sysadmin, secadmin, reviewer):
    as_sys = _login(Client(), sysadmin).get(_url("user-detail", reviewer)).content.decode()
    as_sec = _login(Client(), secadmin).get(_url("user-detail", reviewer)).content.decode()

    assert "停用账号" in as_sys and "重置密码" in as_sys and "分配角色" not in as_sys
    assert "分配角色" in as_sec and "停用账号" not in as_sec and "重置密码" not in as_sec


def test_no_account_actions_are_offered_on_administrator_accounts_or_ones_own(
    tree, sysadmin, secadmin, auditor
):
    for viewer, target in ((sysadmin, auditor), (sysadmin, sysadmin), (secadmin, secadmin)):
        html = _login(Client(), viewer).get(_url("user-detail", target)).content.decode()
        assert "停用账号" not in html and "重置密码" not in html and "分配角色" not in html


def test_a_password_reset_lifts_a_login_lockout(tree, sysadmin, reviewer):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username="reviewer",
        ip_address="127.0.0.1",
        user_agent="t",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/login/",
        failures_since_start=5,
    )

    services.user_reset_password(actor=sysadmin, user=reviewer)

    assert not AccessAttempt.objects.filter(username="reviewer").exists()
    assert AuditEvent.objects.get(event="password_reset").message.endswith("解除登录锁定")


# --- personal data in the audit trail -------------------------------------------------------


def test_the_audit_trail_never_holds_a_full_phone_or_a_password_hash(tree, sysadmin, secadmin):
    phone = "13912348765"
    user, initial = services.user_create(
        actor=sysadmin,
        username="wang_qs",
        full_name="王青石",
        unit=tree["units"]["qingshi"],
        phone=phone,
    )
    reset = services.user_reset_password(actor=sysadmin, user=user)
    services.user_set_active(actor=sysadmin, user=user, active=False)
    services.user_set_active(actor=sysadmin, user=user, active=True)
    services.user_set_roles(actor=secadmin, user=user, roles=[Role.CLERK])
    user.refresh_from_db()

    rows = AuditEvent.objects.filter(object_type="org.user", object_id=str(user.pk))
    assert rows.filter(event="create").get().changes["phone"] == [None, "139****8765"]
    stored = " ".join(f"{r.changes} {r.message} {r.object_repr}" for r in rows)
    for secret in (phone, user.password, user.password.split("$")[-1], initial, reset):
        assert secret not in stored
    assert not any("password" in r.changes and "$" in str(r.changes) for r in rows)
