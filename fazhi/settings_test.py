"""Test settings: the real settings plus a test-only app and a fast password hasher."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("FAZHI_VAR_DIR", tempfile.mkdtemp(prefix="fazhi-test-var-"))

from fazhi.settings import *  # noqa: F403
from fazhi.settings import INSTALLED_APPS, PASSWORD_HASHERS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]
# Argon2 is the production hasher (tested in org.tests); MD5 keeps thousands of logins fast.
PRODUCTION_PASSWORD_HASHERS = PASSWORD_HASHERS
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
