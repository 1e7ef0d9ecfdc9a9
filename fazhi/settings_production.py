"""Production: the same settings, with safe defaults for the values that must differ.

Use `DJANGO_SETTINGS_MODULE=fazhi.settings_production` behind an HTTPS reverse proxy, and give
SECRET_KEY (or SECRET_KEY_FILE), ALLOWED_HOSTS and a PostgreSQL DATABASE_URL in the environment.
`python manage.py check --deploy --fail-level WARNING` reports nothing on these settings (tested
in fazhi/core/tests/test_settings.py).
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("HTTPS", "1")

from fazhi.settings import *  # noqa: F403
from fazhi.settings import DEBUG, FAZHI_DEMO_MODE

if DEBUG:
    # A debug page shows settings and tracebacks to anyone (ASVS 13.4.2, 16.5.1).
    raise ImproperlyConfigured("生产配置不允许 DEBUG=1")
if FAZHI_DEMO_MODE:
    # Demo accounts keep their printed passwords in demo mode (等保 R-AUTH-04, R-ACL-06).
    raise ImproperlyConfigured("生产配置不允许演示模式 FAZHI_DEMO=1")
if not (os.environ.get("SECRET_KEY") or os.environ.get("SECRET_KEY_FILE")):
    # Several app processes must share one key; a key generated per machine would not be.
    raise ImproperlyConfigured("生产配置须在环境变量中给出 SECRET_KEY 或 SECRET_KEY_FILE")
