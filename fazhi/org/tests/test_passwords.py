"""Password rules (等保 L3-CES1-01, SECURITY.md §6 row 1) and hashing (argon2)."""

from __future__ import annotations

import random
import re
import string

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import (
    CommonPasswordValidator,
    get_default_password_validators,
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.urls import reverse

import fazhi.settings as base_settings
from conftest import PASSWORD
from fazhi.org.models import User
from fazhi.org.passwords import WEAK_PASSWORDS

ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _errors(password: str, user: User | None = None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


@pytest.mark.parametrize(
    "password",
    [
        PASSWORD,
        "Qingshi#2026z",
        "abcd1234!?",  # lower, digit, special: three classes are enough
        "ZHENGFU-2026",  # upper, special, digit
        "法治政府建设2026a",  # non-ASCII characters count as special
        "correct horse battery staple 2026 " * 2,  # ASVS 6.2.9: 64 characters and more
        "Aa1!" + "x" * 124,
    ],
)
def test_acceptable_passwords_pass(password):
    assert _errors(password) == []


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("", "密码长度不足：至少 8 位，当前 0 位。"),
        ("Ab1!xyz", "密码长度不足：至少 8 位，当前 7 位。"),
        ("abcdefgh12", "密码须包含大写字母、小写字母、数字、特殊字符中的至少 3 类。"),
        ("ABCDEFGH!!", "密码须包含大写字母、小写字母、数字、特殊字符中的至少 3 类。"),
        ("9087654321", "密码只包含数字。"),
        ("Password1", "这个密码太常见了。"),
        ("Admin@123", "这个密码太常见了。"),
        ("P@ssw0rd", "这个密码太常见了。"),
    ],
)
def test_weak_passwords_are_refused_with_a_chinese_message(password, expected):
    assert expected in _errors(password)


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("zhang.san1", "密码不能与用户名相同或为用户名的倒序。"),
        ("ZHANG.SAN1", "密码不能与用户名相同或为用户名的倒序。"),
        ("1nas.gnahz", "密码不能与用户名相同或为用户名的倒序。"),
        ("Zhang.San1!", "密码跟 用户名 太相似了。"),
    ],
)
def test_password_may_not_be_the_username_or_its_reverse(password, expected):
    user = User(username="zhang.san1", full_name="张三")

    assert expected in _errors(password, user)


def test_every_validator_message_and_help_text_is_chinese():
    samples = ["", "abc", "12345678", "password", "zhang.san1", "1nas.gnahz", "Admin@123"]
    user = User(username="zhang.san1")
    messages = {m for p in samples for m in _errors(p, user)}
    messages |= set(password_validators_help_texts())

    assert messages
    for message in messages:
        assert CJK.search(message), message


def test_the_configured_validators_cover_the_dengbao_rules():
    names = {type(v).__name__ for v in get_default_password_validators()}

    assert {
        "MinimumLengthValidator",
        "CharacterClassValidator",
        "NotUsernameValidator",
        "CommonPasswordValidator",
        "WeakPasswordValidator",
        "UserAttributeSimilarityValidator",
    } <= names


def test_weak_password_list_holds_only_passwords_that_pass_the_class_rule():
    # Otherwise the entry is dead weight: the class rule already refuses it.
    for weak in WEAK_PASSWORDS:
        assert weak == weak.lower()
        variants = {weak, weak.capitalize()}
        assert any(len(set(_classes(v))) >= 3 for v in variants), weak


def _classes(password: str) -> list[str]:
    found = []
    for c in password:
        if c in string.ascii_uppercase:
            found.append("upper")
        elif c in string.ascii_lowercase:
            found.append("lower")
        elif c in string.digits:
            found.append("digit")
        else:
            found.append("special")
    return found


def _reference_accepts(password: str, common: set[str]) -> bool:
    """The 等保 rule restated independently of the validators."""
    if len(password) < 8 or len(set(_classes(password))) < 3:
        return False
    if password.isdigit():
        return False
    lowered = password.lower().strip()
    return lowered not in common and lowered not in WEAK_PASSWORDS


def test_validators_agree_with_the_reference_rule_on_random_passwords():
    rng = random.Random(20261121)
    alphabet = string.ascii_letters + string.digits + "!@#-_ 法治"
    common = CommonPasswordValidator().passwords
    for _ in range(400):
        password = "".join(rng.choice(alphabet) for _ in range(rng.randint(4, 14)))
        assert (_errors(password) == []) == _reference_accepts(password, common), password


# --- hashing -------------------------------------------------------------------------------


def test_production_settings_hash_with_argon2_first():
    # fazhi.settings, not the test settings (which use MD5 to keep the suite fast).
    assert base_settings.PASSWORD_HASHERS[0] == ARGON2


def test_an_argon2_hash_verifies(settings):
    settings.PASSWORD_HASHERS = base_settings.PASSWORD_HASHERS

    encoded = make_password("Qingshi#2026z", hasher="argon2")

    assert encoded.startswith("argon2$argon2id$")
    assert check_password("Qingshi#2026z", encoded)
    assert not check_password("Qingshi#2026Z", encoded)


def test_an_older_hash_is_upgraded_to_argon2_at_sign_in(client, county_admin, settings):
    settings.PASSWORD_HASHERS = base_settings.PASSWORD_HASHERS
    county_admin.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    county_admin.save()

    response = client.post(reverse("login"), {"username": "county_admin", "password": PASSWORD})

    assert response.status_code == 302
    county_admin.refresh_from_db()
    assert county_admin.password.startswith("argon2$")
