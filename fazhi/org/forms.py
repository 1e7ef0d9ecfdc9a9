"""Sign-in and password forms (auth only; the user-management forms live in forms_admin.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms

from fazhi.core import audit
from fazhi.org import passwords

INVALID_LOGIN = "用户名或密码错误"
INACTIVE = "该账号已停用，请联系系统管理员"


class LoginForm(auth_forms.AuthenticationForm):
    """One generic answer for an unknown user and a wrong password (no account enumeration);
    "已停用" only after the correct password of a disabled account."""

    error_messages = {"invalid_login": INVALID_LOGIN, "inactive": INACTIVE}

    username = auth_forms.UsernameField(
        label="用户名", widget=forms.TextInput(attrs={"autofocus": True})
    )
    password = forms.CharField(label="密码", strip=False, widget=forms.PasswordInput)

    def get_invalid_login_error(self) -> forms.ValidationError:
        return forms.ValidationError(INVALID_LOGIN, code="invalid_login")

    def confirm_login_allowed(self, user: Any) -> None:
        if not user.is_active:
            audit.record_security(
                event=audit.Event.LOGIN_FAILURE,
                success=False,
                username=user.get_username(),
                message="账号已停用",
            )
            raise forms.ValidationError(INACTIVE, code="inactive")


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """The user's own password change; validators (settings) give the rules and Chinese messages."""

    error_messages = {
        "password_mismatch": "两次输入的新密码不一致",
        "password_incorrect": "原密码不正确，请重新输入",
        "password_unchanged": "新密码不能与原密码相同",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "原密码"
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "确认新密码"
        for field in self.fields.values():
            field.help_text = ""

    def validate_password_for_user(self, user: Any, password_field_name: str = "") -> None:
        # The rules' messages belong under "新密码", not under its confirmation.
        super().validate_password_for_user(user, "new_password1")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        new = cleaned.get("new_password1")
        if new and new == cleaned.get("old_password"):
            self.add_error(
                "new_password1",
                forms.ValidationError(
                    self.error_messages["password_unchanged"], code="password_unchanged"
                ),
            )
        return cleaned

    def save(self, commit: bool = True) -> Any:
        passwords.change_own_password(
            actor=self.user, new_password=self.cleaned_data["new_password1"]
        )
        return self.user
