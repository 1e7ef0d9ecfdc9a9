"""Typed readers for settings that come from the environment.

They fail at start-up on malformed values, so a typo in a deployment is a clear error, not a
silently different system (healthchecks' envbool).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, "") or default


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise ImproperlyConfigured(f"环境变量 {name}={raw!r} 不是布尔值（应为 1/0、true/false）")


def env_int(name: str, *, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        value = default
    else:
        try:
            value = int(raw)
        except ValueError:
            raise ImproperlyConfigured(f"环境变量 {name}={raw!r} 不是整数") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"环境变量 {name}={value} 小于允许的最小值 {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name, "")
    if not raw.strip():
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, *, generate_into: Path) -> str:
    """Read NAME, or the file named by NAME_FILE, or a key generated once into `generate_into`.

    The generated key lives under var/ (git-ignored), so a development checkout gets a stable,
    strong key without anyone committing one.
    """
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text(encoding="utf-8").strip()
    if value := os.environ.get(name):
        return value
    if generate_into.exists():
        return generate_into.read_text(encoding="utf-8").strip()
    generate_into.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    generate_into.write_text(key, encoding="utf-8")
    generate_into.chmod(0o600)
    return key
