"""Roles → permissions, and 三权分立 (SECURITY.md §1.2, §6 row 17; 等保 L3-CES1-08)."""

from __future__ import annotations

import itertools

import pytest

from fazhi.core.exceptions import ApplicationError
from fazhi.core.permissions import Perm, has_perm
from fazhi.org.roles import (
    ADMIN_ROLES,
    BUSINESS_ROLES,
    ROLE_PERMS,
    SEPARATION_MESSAGE,
    Role,
    check_role_combination,
    perms_of,
)
from fazhi.org.tests.factories import UserFactory

P = Perm
# The table restated by hand: a change to ROLE_PERMS must be made twice, on purpose.
EXPECTED: dict[Role, set[Perm]] = {
    Role.SYSADMIN: {P.MANAGE_USERS, P.EDIT_CALENDAR, P.USE_ADMIN, P.VIEW_ORG, P.MANAGE_ORG},
    Role.SECADMIN: {P.ASSIGN_ROLES, P.SECURITY_SETTINGS, P.VIEW_ORG},
    Role.AUDITOR: {P.VIEW_AUDIT},
    Role.COUNTY_ADMIN: {
        P.VIEW_BUSINESS,
        P.EDIT_BUSINESS,
        P.VIEW_ORG,
        P.MANAGE_ORG,
        P.VIEW_PERSONAL_DATA,
        P.REVIEW_LEGALITY,
        P.MANAGE_REVIEW_CATALOG,
        P.VERIFY_RECTIFICATION,
        P.MANAGE_ASSESSMENT,
    },
    Role.REVIEWER: {
        P.VIEW_BUSINESS,
        P.EDIT_BUSINESS,
        P.VIEW_ORG,
        P.VIEW_PERSONAL_DATA,
        P.REVIEW_LEGALITY,
        P.VERIFY_RECTIFICATION,
    },
    Role.CLERK: {P.VIEW_BUSINESS, P.EDIT_BUSINESS, P.VIEW_ORG},
    Role.LEADER: {P.VIEW_BUSINESS, P.VIEW_ORG},
}


def test_the_seven_roles_keep_their_names():
    assert {(r.value, r.label) for r in Role} == {
        ("sysadmin", "系统管理员"),
        ("secadmin", "安全管理员"),
        ("auditor", "审计管理员"),
        ("county_admin", "县级管理员"),
        ("reviewer", "法审员"),
        ("clerk", "单位填报员"),
        ("leader", "领导"),
    }
    assert set(ROLE_PERMS) == set(Role)


@pytest.mark.parametrize(("role", "perm"), list(itertools.product(list(Role), list(Perm))), ids=str)
def test_role_permission_matrix(role, perm):
    assert (perm in ROLE_PERMS[role]) == (perm in EXPECTED[role])


def test_system_administrator_cannot_read_audit_nor_assign_roles():
    perms = perms_of({Role.SYSADMIN})

    assert P.VIEW_AUDIT not in perms
    assert P.ASSIGN_ROLES not in perms
    assert P.SECURITY_SETTINGS not in perms


def test_security_administrator_cannot_manage_users_nor_read_audit():
    perms = perms_of({Role.SECADMIN})

    assert P.MANAGE_USERS not in perms
    assert P.VIEW_AUDIT not in perms
    assert P.USE_ADMIN not in perms


def test_audit_administrator_can_only_read_the_audit_log():
    assert perms_of({Role.AUDITOR}) == {P.VIEW_AUDIT}


def test_only_the_audit_administrator_reads_the_audit_log():
    assert {role for role in Role if P.VIEW_AUDIT in ROLE_PERMS[role]} == {Role.AUDITOR}


@pytest.mark.parametrize("role", sorted(ADMIN_ROLES))
def test_no_administrator_role_sees_business_or_personal_data(role):
    perms = ROLE_PERMS[Role(role)]

    assert not perms & {P.VIEW_BUSINESS, P.EDIT_BUSINESS, P.VIEW_PERSONAL_DATA}


@pytest.mark.parametrize("role", sorted(BUSINESS_ROLES))
def test_no_business_role_holds_an_administrator_power(role):
    perms = ROLE_PERMS[Role(role)]

    assert not perms & {P.MANAGE_USERS, P.ASSIGN_ROLES, P.SECURITY_SETTINGS, P.VIEW_AUDIT}
    assert P.VIEW_BUSINESS in perms


@pytest.mark.django_db
def test_personas_hold_exactly_their_roles_permissions(sysadmin, secadmin, auditor, leader):
    for user, role in [
        (sysadmin, Role.SYSADMIN),
        (secadmin, Role.SECADMIN),
        (auditor, Role.AUDITOR),
        (leader, Role.LEADER),
    ]:
        assert {perm for perm in Perm if has_perm(user, perm)} == EXPECTED[role]


@pytest.mark.django_db
def test_a_disabled_user_holds_no_permission(tree, county_admin):
    county_admin.is_active = False

    assert not any(has_perm(county_admin, perm) for perm in Perm)


@pytest.mark.django_db
def test_a_user_without_roles_holds_no_permission(tree):
    user = UserFactory(username="no_roles", unit=tree["units"]["justice"])

    assert not any(has_perm(user, perm) for perm in Perm)


# --- check_role_combination --------------------------------------------------------------------


@pytest.mark.parametrize("pair", list(itertools.combinations(sorted(ADMIN_ROLES), 2)))
def test_two_administrator_roles_cannot_be_combined(pair):
    with pytest.raises(ApplicationError) as caught:
        check_role_combination(pair)

    assert caught.value.message == "系统管理员、安全管理员、审计管理员不能由同一账号兼任"


def test_all_three_administrator_roles_cannot_be_combined():
    with pytest.raises(ApplicationError, match=SEPARATION_MESSAGE):
        check_role_combination(ADMIN_ROLES)


@pytest.mark.parametrize(
    ("admin", "business"), list(itertools.product(sorted(ADMIN_ROLES), sorted(BUSINESS_ROLES)))
)
def test_an_administrator_role_cannot_be_combined_with_a_business_role(admin, business):
    with pytest.raises(ApplicationError) as caught:
        check_role_combination([admin, business])

    message = caught.value.message
    assert message.startswith(SEPARATION_MESSAGE)
    assert Role(admin).label in message and Role(business).label in message


@pytest.mark.parametrize(
    "roles",
    [
        [],
        [Role.SYSADMIN],
        [Role.SECADMIN],
        [Role.AUDITOR],
        ["county_admin"],
        [Role.COUNTY_ADMIN, Role.REVIEWER],
        [Role.CLERK, Role.LEADER],
        list(BUSINESS_ROLES),
    ],
)
def test_allowed_role_combinations_pass(roles):
    check_role_combination(roles)


def test_an_unknown_role_is_refused():
    with pytest.raises(ApplicationError, match="未知角色：superuser"):
        check_role_combination([Role.CLERK, "superuser"])


REVIEW_PERMS = {P.REVIEW_LEGALITY, P.MANAGE_REVIEW_CATALOG, P.VERIFY_RECTIFICATION}


def test_only_reviewers_and_county_administrators_review_and_verify_rectification():
    reviewing = {role for role in Role if P.REVIEW_LEGALITY in ROLE_PERMS[role]}
    verifying = {role for role in Role if P.VERIFY_RECTIFICATION in ROLE_PERMS[role]}

    assert reviewing == {Role.REVIEWER, Role.COUNTY_ADMIN}
    assert verifying == {Role.REVIEWER, Role.COUNTY_ADMIN}


def test_only_county_administrators_maintain_the_review_catalog():
    assert {role for role in Role if P.MANAGE_REVIEW_CATALOG in ROLE_PERMS[role]} == {
        Role.COUNTY_ADMIN
    }


@pytest.mark.parametrize("role", sorted(ADMIN_ROLES))
def test_no_administrator_role_holds_a_review_or_rectification_power(role):
    assert not ROLE_PERMS[Role(role)] & REVIEW_PERMS
