"""Password rules of 等保2.0 L3-CES1-01: at least three of four character classes, and not the
username (or the username reversed). Length and common-password checks are Django's own."""

from __future__ import annotations

import string
from typing import Any

from django.core.exceptions import ValidationError

CLASSES = {
    "大写字母": set(string.ascii_uppercase),
    "小写字母": set(string.ascii_lowercase),
    "数字": set(string.digits),
}


def character_classes(password: str) -> set[str]:
    found = {name for name, chars in CLASSES.items() if any(c in chars for c in password)}
    if any(not c.isalnum() or not c.isascii() for c in password):
        found.add("特殊字符")
    return found


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
