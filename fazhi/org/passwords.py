"""Password rules of 等保2.0 L3-CES1-01 (GB/T 28448-2019): at least three of four character
classes, and not the username (or the username reversed); length (≥ 8) and the common-password
check are Django's own validators, configured in settings. Also the user's own password change.

等保 asks for complexity rules, which OWASP ASVS 5.0 V6.2.5 advises against; 等保 is the legal
obligation, so the rules are on (docs: SECURITY.md §0).
"""

from __future__ import annotations

import string
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core import audit

CLASSES = {
    "大写字母": set(string.ascii_uppercase),
    "小写字母": set(string.ascii_lowercase),
    "数字": set(string.digits),
}


def character_classes(password: str) -> set[str]:
    """The classes present; anything that is not an ASCII letter or digit counts as special."""
    found = {name for name, chars in CLASSES.items() if any(c in chars for c in password)}
    if any(not c.isalnum() or not c.isascii() for c in password):
        found.add("特殊字符")
    return found


# Weak passwords that pass the class rule yet are the first ones tried against Chinese systems
# (default and "compliant" passwords seen in 等保 测评 and vendor manuals); Django's 20,000-entry
# common list misses most of them. Compared case-insensitively.
WEAK_PASSWORDS = frozenset(
    {
        "admin@123", "admin@1234", "admin@12345", "admin123!", "admin123@", "admin!@#",
        "abc@123", "abc@1234", "abc@12345", "abc123!@#", "aa123456!", "aa@123456",
        "qwe@123", "qwe@1234", "qwer@1234", "qwer1234!", "qwe123!@#", "asd@1234",
        "1qaz@wsx", "1qaz!qaz", "1qaz2wsx!", "!qaz2wsx", "1qaz@wsx3edc", "zaq1@wsx",
        "p@ssw0rd", "p@ssw0rd1", "p@ssword1", "passw0rd!", "password@1", "password@123",
        "root@123", "test@123", "test@1234", "user@123", "welcome@1", "huawei@123",
        "sangfor@123", "h3c@12345", "ruijie@123", "china@123", "china@2024", "china@2025",
        "china@2026", "admin@2024", "admin@2025", "admin@2026",
    }
)  # fmt: skip


class MinimumLengthValidator:
    """等保 L3-CES1-01: at least 8 characters (Django's own message is not translated)."""

    def __init__(self, min_length: int = 8) -> None:
        self.min_length = min_length

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                f"密码长度不足：至少 {self.min_length} 位，当前 {len(password)} 位。",
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return f"至少 {self.min_length} 位。"


class WeakPasswordValidator:
    def validate(self, password: str, user: Any = None) -> None:
        if password.lower().strip() in WEAK_PASSWORDS:
            raise ValidationError("这个密码太常见了。", code="password_too_common")

    def get_help_text(self) -> str:
        return "不能是常见的弱口令。"


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if len(character_classes(password)) < self.min_classes:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、特殊字符中的至少 {self.min_classes} 类。",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return f"至少包含大写字母、小写字母、数字、特殊字符中的 {self.min_classes} 类。"


class NotUsernameValidator:
    def validate(self, password: str, user: Any = None) -> None:
        username = (getattr(user, "username", "") or "").lower()
        if username and password.lower() in {username, username[::-1]}:
            raise ValidationError(
                "密码不能与用户名相同或为用户名的倒序。", code="password_is_username"
            )

    def get_help_text(self) -> str:
        return "不能与用户名相同或为用户名的倒序。"


@transaction.atomic
def change_own_password(*, actor: Any, new_password: str) -> None:
    """Set the signed-in user's new password (already validated by the form), end the forced
    change (等保 R-AUTH-04) and record the event; the caller keeps the session alive."""
    actor.set_password(new_password)
    actor.must_change_password = False
    actor.password_changed_at = timezone.now()
    actor.save(update_fields=["password", "must_change_password", "password_changed_at"])
    audit.record_security(event=audit.Event.PASSWORD_CHANGE, user=actor, message="修改本人密码")
