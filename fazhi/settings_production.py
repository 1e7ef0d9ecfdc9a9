"""Production: the same settings, with safe defaults for the values that must differ.

Use `DJANGO_SETTINGS_MODULE=fazhi.settings_production` behind an HTTPS reverse proxy, and give
SECRET_KEY (or SECRET_KEY_FILE), ALLOWED_HOSTS and a PostgreSQL DATABASE_URL in the environment.
"""

from __future__ import annotations

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("HTTPS", "1")

from fazhi.settings import *  # noqa: F403
