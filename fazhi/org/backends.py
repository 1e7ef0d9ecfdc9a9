"""The password backend: a disabled account is told so at sign-in, and never keeps a session."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import AllowAllUsersModelBackend


class LoginBackend(AllowAllUsersModelBackend):
    """Authenticates disabled accounts too, so that the login form can answer "已停用" after a
    correct password (and only then: a wrong password gets the generic message), while the login
    form itself refuses them. `get_user` drops a disabled account from its open sessions at once
    (ASVS 7.4.2), which the plain AllowAllUsersModelBackend would keep signed in.
    """

    def get_user(self, user_id: Any) -> Any:
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None
