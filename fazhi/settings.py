"""The one settings file. Every deployment-specific value comes from the environment.

Production differs only in environment values: DEBUG=0, HTTPS=1, SECRET_KEY, ALLOWED_HOSTS and a
PostgreSQL DATABASE_URL (see `fazhi/settings_production.py` and `.env.example`).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from fazhi.env import env_bool, env_int, env_list, env_secret, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(env_str("FAZHI_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_secret("SECRET_KEY", generate_into=VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
HTTPS = env_bool("HTTPS", default=False)

# fazhi's own switches.
FAZHI_DEMO_MODE = env_bool("FAZHI_DEMO", default=False)
# 临期: a due item with this many working days or fewer left is shown as due soon.
FAZHI_DUE_SOON_WORKING_DAYS = env_int("FAZHI_DUE_SOON_WORKING_DAYS", default=3, minimum=0)
# 网络安全法 第二十一条(三): network logs are kept at least six months, which can be 184 days;
# SECURITY.md R-AUD-04 asks for at least 190.
FAZHI_AUDIT_RETENTION_DAYS = env_int("FAZHI_AUDIT_RETENTION_DAYS", default=365, minimum=190)
# Reverse proxies in front of fazhi that append to X-Forwarded-For (0: use REMOTE_ADDR).
FAZHI_TRUSTED_PROXIES = env_int("FAZHI_TRUSTED_PROXIES", default=0, minimum=0)
# 等保2.0 L3-CES1-02: idle sessions end after at most 30 minutes.
FAZHI_IDLE_TIMEOUT_MINUTES = env_int("FAZHI_IDLE_TIMEOUT_MINUTES", default=30, minimum=1)
if FAZHI_IDLE_TIMEOUT_MINUTES > 30:
    raise ImproperlyConfigured("FAZHI_IDLE_TIMEOUT_MINUTES 不得超过 30（等保三级要求）")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "django_htmx",
    "fazhi.core",
    "fazhi.org",
    "fazhi.indicators",
    "fazhi.rectify",
    "fazhi.disputes",
    "fazhi.review",
    "fazhi.corpus",
    "fazhi.decisions",
    "fazhi.reports",
    "fazhi.dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fazhi.core.middleware.SlidingSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "fazhi.core.middleware.RequestContextMiddleware",
    "fazhi.org.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "fazhi.core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
    # Leaders land on 一屏掌控 after signing in (issue 6); everyone else on the inbox.
    "fazhi.dashboard.middleware.LeaderLandingMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.core.context_processors.shell",
            ],
        },
    },
]


SUPPORTED_DATABASE_ENGINES = ("django.db.backends.sqlite3", "django.db.backends.postgresql")


def _database(url: str) -> dict[str, object]:
    try:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError:
        # The URL may hold a password: the message names the expected shapes, not the value.
        raise ImproperlyConfigured(
            "环境变量 DATABASE_URL 无法识别，应为 sqlite:////绝对路径.sqlite3 "
            "或 postgres://用户:密码@主机:端口/库名"
        ) from None
    if config["ENGINE"] not in SUPPORTED_DATABASE_ENGINES:
        raise ImproperlyConfigured("环境变量 DATABASE_URL 只支持 SQLite 与 PostgreSQL")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Concurrent writers queue instead of failing ("database is locked"): WAL lets readers
        # run beside one writer, IMMEDIATE takes the write lock at BEGIN, timeout waits for it.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
        }
        config["CONN_MAX_AGE"] = 0
    return config


DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'fazhi.sqlite3'}")
DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"

# Passwords: argon2 first; 等保 L3-CES1-01 complexity (≥8 characters, 3 of 4 classes).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "fazhi.org.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "fazhi.org.passwords.WeakPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "fazhi.org.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "fazhi.org.passwords.NotUsernameValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Lets a disabled account be told "已停用" after a correct password, instead of a
    # misleading "wrong password"; the login form refuses it all the same, and the backend
    # ends the open sessions of a disabled account.
    "fazhi.org.backends.LoginBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:inbox"
LOGOUT_REDIRECT_URL = "login"

# 等保 L3-CES1-02: 5 failed logins lock the username for 30 minutes, then it clears itself.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# The lock lasts 30 minutes from the fifth failure: attempts while locked neither extend it
# (an attacker could otherwise keep a victim locked out for good) nor count as failures.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "fazhi.org.views.lockout"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# The lock is per username (等保); axes' advice to lock by address as well would let an attacker
# lock out a whole office, so it is silenced. Spraying from one address is throttled instead, by
# the login view (fazhi/org/throttle.py), which locks no account.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# SECURITY.md §0 "Login lockout", §6 row 6 (ASVS 6.1.1): more than this many failed logins from
# one address within the window → HTTP 429 for that address until the window ends. The counts
# live in Django's cache; the default LocMemCache counts per process, so a deployment with
# several workers may set CACHES to a shared cache (see fazhi/org/throttle.py).
FAZHI_LOGIN_IP_LIMIT = env_int("FAZHI_LOGIN_IP_LIMIT", default=30, minimum=1)
FAZHI_LOGIN_IP_WINDOW_MINUTES = env_int("FAZHI_LOGIN_IP_WINDOW_MINUTES", default=15, minimum=1)

SESSION_COOKIE_AGE = FAZHI_IDLE_TIMEOUT_MINUTES * 60
# Sliding expiry: the timeout counts from the last request, refreshed by
# fazhi.core.middleware.SlidingSessionMiddleware at most once per FAZHI_SESSION_TOUCH_SECONDS (a
# session then ends up to that much early, never late) instead of a write on every request. The
# interval is at most a tenth of the timeout.
SESSION_SAVE_EVERY_REQUEST = False
FAZHI_SESSION_TOUCH_SECONDS = min(
    env_int("FAZHI_SESSION_TOUCH_SECONDS", default=60, minimum=1), SESSION_COOKIE_AGE // 10
)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"fazhi": {"level": env_str("FAZHI_LOG_LEVEL", "INFO")}},
}
