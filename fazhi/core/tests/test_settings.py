"""Settings from the environment, the production settings path, and SQLite under concurrent
writers (issue 2 parts 2, 6, 13; SECURITY.md §3.1, §5.2, §6 rows 23, 33, 45)."""

from __future__ import annotations

import contextlib
import os
import runpy
import secrets
import string
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, transaction

import fazhi.settings as base_settings
from fazhi.env import env_bool, env_int, env_list, env_secret
from fazhi.org.models import Region, RegionLevel, Unit, UnitKind
from tests.testapp.models import SampleCase

PROJECT_DIR = Path(base_settings.BASE_DIR)
SETTINGS_FILE = Path(base_settings.__file__)
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
    "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
}


@pytest.fixture
def load_settings(monkeypatch, tmp_path):
    """Run fazhi/settings.py afresh with the given environment; returns its names."""

    def load(**env: str) -> dict[str, object]:
        monkeypatch.setenv("FAZHI_VAR_DIR", str(tmp_path / "var"))
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS_FILE))

    return load


# --- DATABASE_URL ----------------------------------------------------------------------------


def test_sqlite_url_gives_a_file_database_with_wal_immediate_and_a_busy_timeout():
    config = base_settings._database("sqlite:////srv/fazhi/var/fazhi.sqlite3")

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/srv/fazhi/var/fazhi.sqlite3"
    assert config["OPTIONS"] == SQLITE_OPTIONS
    assert config["CONN_MAX_AGE"] == 0


def test_postgres_url_gives_engine_name_host_port_and_user():
    config = base_settings._database("postgres://fazhi:s3cret@db.example.gov.cn:5432/fazhi_prod")

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["HOST"], config["PORT"]) == (
        "fazhi_prod",
        "db.example.gov.cn",
        5432,
    )
    assert (config["USER"], config["PASSWORD"]) == ("fazhi", "s3cret")
    assert "transaction_mode" not in config.get("OPTIONS", {})
    assert config["CONN_MAX_AGE"] == 60


def test_postgresql_scheme_is_accepted_too():
    assert base_settings._database("postgresql://u@h:5433/n")["PORT"] == 5433


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "DATABASE_URL 无法识别"),
        ("postgres://u:pw@h:port/n", "DATABASE_URL 无法识别"),
        ("mysql://u:pw@h:3306/n", "只支持 SQLite 与 PostgreSQL"),
    ],
)
def test_malformed_or_unsupported_database_url_is_refused_without_echoing_it(url, message):
    with pytest.raises(ImproperlyConfigured, match=message) as caught:
        base_settings._database(url)

    assert "pw" not in str(caught.value)


def test_default_database_is_a_sqlite_file_under_var(load_settings, monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)

    names = load_settings()

    default = names["DATABASES"]["default"]
    assert default["NAME"] == str(tmp_path / "var" / "fazhi.sqlite3")
    assert default["OPTIONS"] == SQLITE_OPTIONS


# --- typed environment readers ----------------------------------------------------------------


@pytest.mark.parametrize("raw", ["maybe", "2", "ja", "truee"])
def test_env_bool_refuses_a_malformed_value(monkeypatch, raw):
    monkeypatch.setenv("X", raw)

    with pytest.raises(ImproperlyConfigured, match="X"):
        env_bool("X", default=False)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("Yes", True), ("on", True), ("0", False), ("off", False)],
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("X", raw)

    assert env_bool("X", default=not expected) is expected


def test_env_bool_falls_back_to_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("X", raising=False)

    assert env_bool("X", default=True) is True


def test_env_int_refuses_non_integers_and_values_below_the_minimum(monkeypatch):
    monkeypatch.setenv("X", "三十")
    with pytest.raises(ImproperlyConfigured, match="不是整数"):
        env_int("X", default=1)

    monkeypatch.setenv("X", "179")
    with pytest.raises(ImproperlyConfigured, match="最小值 180"):
        env_int("X", default=365, minimum=180)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("X", " a.example.cn, ,b.example.cn ")

    assert env_list("X", ["default"]) == ["a.example.cn", "b.example.cn"]


def test_idle_timeout_above_thirty_minutes_is_refused(load_settings):
    with pytest.raises(ImproperlyConfigured, match="不得超过 30"):
        load_settings(FAZHI_IDLE_TIMEOUT_MINUTES="31")


def test_a_shorter_idle_timeout_sets_the_session_age(load_settings):
    names = load_settings(FAZHI_IDLE_TIMEOUT_MINUTES="10")

    assert names["SESSION_COOKIE_AGE"] == 600
    # The sliding expiry is refreshed at least ten times within the timeout.
    assert names["FAZHI_SESSION_TOUCH_SECONDS"] == 60


def test_a_very_short_idle_timeout_refreshes_the_expiry_more_often(load_settings):
    names = load_settings(FAZHI_IDLE_TIMEOUT_MINUTES="5")

    assert names["FAZHI_SESSION_TOUCH_SECONDS"] == 30


@pytest.mark.parametrize("days", ["100", "180", "184", "189"])
def test_audit_retention_below_190_days_is_refused(load_settings, days):
    # 网络安全法 第二十一条(三): network logs are kept at least six months, which can be 184 days;
    # SECURITY.md R-AUD-04 asks for at least 190.
    with pytest.raises(ImproperlyConfigured, match="FAZHI_AUDIT_RETENTION_DAYS"):
        load_settings(FAZHI_AUDIT_RETENTION_DAYS=days)


def test_audit_retention_of_190_days_or_more_is_taken(load_settings, monkeypatch):
    assert load_settings(FAZHI_AUDIT_RETENTION_DAYS="190")["FAZHI_AUDIT_RETENTION_DAYS"] == 190
    monkeypatch.delenv("FAZHI_AUDIT_RETENTION_DAYS")
    assert load_settings()["FAZHI_AUDIT_RETENTION_DAYS"] == 365


def test_trusted_proxies_default_to_none_and_come_from_the_environment(load_settings, monkeypatch):
    monkeypatch.delenv("FAZHI_TRUSTED_PROXIES", raising=False)
    assert load_settings()["FAZHI_TRUSTED_PROXIES"] == 0
    assert load_settings(FAZHI_TRUSTED_PROXIES="2")["FAZHI_TRUSTED_PROXIES"] == 2
    with pytest.raises(ImproperlyConfigured, match="FAZHI_TRUSTED_PROXIES"):
        load_settings(FAZHI_TRUSTED_PROXIES="-1")


def test_development_defaults_are_safe(load_settings, monkeypatch):
    for name in ("DEBUG", "HTTPS", "FAZHI_DEMO", "ALLOWED_HOSTS"):
        monkeypatch.delenv(name, raising=False)

    names = load_settings()

    assert names["DEBUG"] is False
    assert names["FAZHI_DEMO_MODE"] is False
    assert names["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost", "[::1]"]
    assert names["LANGUAGE_CODE"] == "zh-hans"
    assert names["TIME_ZONE"] == "Asia/Shanghai"


def test_https_turns_on_hsts_redirect_and_secure_host_only_cookies(load_settings):
    names = load_settings(HTTPS="1")

    assert names["SECURE_SSL_REDIRECT"] is True
    assert names["SECURE_HSTS_SECONDS"] >= 31536000
    assert names["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert names["SESSION_COOKIE_SECURE"] is True
    assert names["CSRF_COOKIE_SECURE"] is True
    assert names["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert names["CSRF_COOKIE_NAME"] == "__Host-csrftoken"


def test_no_django_security_check_is_silenced():
    # axes.W006 is silenced on purpose: the lock is per username (SECURITY.md §0).
    assert base_settings.SILENCED_SYSTEM_CHECKS == ["axes.W006"]


# --- SECRET_KEY ------------------------------------------------------------------------------


def test_secret_key_is_generated_into_var_once_and_then_reused(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)
    target = tmp_path / "var" / "secret_key"

    first = env_secret("SECRET_KEY", generate_into=target)
    second = env_secret("SECRET_KEY", generate_into=target)

    assert first == second == target.read_text(encoding="utf-8")
    assert len(first) >= 50 and len(set(first)) >= 5
    assert target.stat().st_mode & 0o777 == 0o600


def test_secret_key_from_the_environment_or_a_file_wins(monkeypatch, tmp_path):
    target = tmp_path / "secret_key"
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert env_secret("SECRET_KEY", generate_into=target) == "from-the-environment"
    assert not target.exists()

    key_file = tmp_path / "mounted_secret"
    key_file.write_text("from-a-file\n", encoding="utf-8")
    monkeypatch.setenv("SECRET_KEY_FILE", str(key_file))
    assert env_secret("SECRET_KEY", generate_into=target) == "from-a-file"


# --- production settings ---------------------------------------------------------------------


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "HTTPS",
            "FAZHI_DEMO",
            "SECRET_KEY_FILE",
            "DATABASE_URL",
            # Set by the browser tests for Playwright's thread; never in a deployment.
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env.update(
        DJANGO_SETTINGS_MODULE="fazhi.settings_production",
        SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(60)),
        ALLOWED_HOSTS="fazhi.example.gov.cn",
        FAZHI_VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
    )
    env.update(extra)
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_deploy_check_is_clean_on_the_production_settings(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env(tmp_path)
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr
    assert not (tmp_path / "var" / "secret_key").exists()  # the given key is used


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"DEBUG": "1"}, "不允许 DEBUG=1"),
        ({"FAZHI_DEMO": "1"}, "不允许演示模式"),
        ({"SECRET_KEY": ""}, "SECRET_KEY 或 SECRET_KEY_FILE"),
    ],
)
def test_production_settings_refuse_unsafe_values(tmp_path, extra, message):
    result = _run(["-c", "import fazhi.settings_production"], _production_env(tmp_path, **extra))

    assert result.returncode != 0
    assert message in result.stderr


# --- SQLite under concurrent writers (SECURITY.md §5.2, row 45) ------------------------------

# The test database on SQLite is in memory, which threads cannot share, and on the PostgreSQL run
# it is not SQLite at all. So the test registers one more connection alias whose settings are
# exactly what `fazhi.settings._database()` makes of a file URL, and drives it through Django's
# own SQLite backend and the ORM: the real configuration (WAL, BEGIN IMMEDIATE, busy timeout)
# on a real file, on every run. Measured without these options, 8 threads gave 8-22 % "database
# is locked" errors and a plain read-modify-write lost updates (docs: ENVIRONMENT.md).
ALIAS = "sqlite_concurrency"
THREADS = 8
INCREMENTS = 50


@pytest.fixture
def sqlite_file_alias(tmp_path, django_db_blocker):
    config = base_settings._database(f"sqlite:///{tmp_path / 'concurrency.sqlite3'}")
    configured = connections.configure_settings(
        {DEFAULT_DB_ALIAS: connections.settings[DEFAULT_DB_ALIAS], ALIAS: config}
    )
    connections.settings[ALIAS] = configured[ALIAS]
    with django_db_blocker.unblock():
        with connections[ALIAS].schema_editor() as editor:
            for model in (Region, Unit, SampleCase):
                editor.create_model(model)
        try:
            yield ALIAS
        finally:
            connections[ALIAS].close()
            with contextlib.suppress(AttributeError):
                del connections[ALIAS]
            del connections.settings[ALIAS]


def _sample_case(alias: str) -> SampleCase:
    region = Region.objects.using(alias).create(
        code="990121000000", name="示例县", level=RegionLevel.COUNTY, path="/990121000000/"
    )
    unit = Unit.objects.using(alias).create(
        code="U-SFJ", name="示例县司法局", kind=UnitKind.DEPARTMENT, region=region
    )
    return SampleCase.objects.using(alias).create(
        title="并发写入", unit=unit, received_on="2026-03-02"
    )


def _increment(alias: str, pk: int, changed: list[int], errors: list[BaseException]) -> None:
    try:
        for _ in range(INCREMENTS):
            with transaction.atomic(using=alias):
                # Read, then a versioned (conditional) update: 0 rows would mean a lost race.
                seen = SampleCase.objects.using(alias).get(pk=pk).version
                rows = (
                    SampleCase.objects.using(alias)
                    .filter(pk=pk, version=seen)
                    .update(version=seen + 1)
                )
            changed.append(rows)
    except BaseException as exc:  # reported by the main thread
        errors.append(exc)
    finally:
        connections[alias].close()


def test_the_sqlite_alias_runs_with_the_projects_options(sqlite_file_alias):
    connection = connections[sqlite_file_alias]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]

    assert journal_mode == "wal"
    assert connection.transaction_mode == "IMMEDIATE"
    assert connection.settings_dict["OPTIONS"] == SQLITE_OPTIONS


def test_concurrent_sqlite_writers_queue_and_lose_no_update(sqlite_file_alias):
    case = _sample_case(sqlite_file_alias)
    changed: list[int] = []
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=_increment, args=(sqlite_file_alias, case.pk, changed, errors))
        for _ in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []  # in particular no OperationalError("database is locked")
    assert changed == [1] * (THREADS * INCREMENTS)
    case.refresh_from_db(using=sqlite_file_alias)
    assert case.version == 1 + THREADS * INCREMENTS
