"""Per-address throttle of failed sign-ins (SECURITY.md §0 "Login lockout", §6 row 6; ASVS 6.1.1).

django-axes locks a username after 5 failures (等保 L3-CES1-02). Spraying one password over many
usernames from one address never reaches that lock, and locking by address as well would let an
attacker lock out a whole office behind one NAT address. So failures are also counted per
address: more than FAZHI_LOGIN_IP_LIMIT within FAZHI_LOGIN_IP_WINDOW_MINUTES, and that address is
refused (HTTP 429) until the window ends. No account is locked by this throttle.

The window starts at an address's first counted failure and does not move (a fixed window, as
`cache.add` + `cache.incr` give it atomically); refused attempts are not counted, so they do not
extend it. The counts live in Django's cache. The default cache, LocMemCache, is per process:
with several worker processes each keeps its own count (an address gets up to the limit times the
number of workers). A production deployment may set CACHES to a shared cache (Redis, Memcached,
or Django's database cache) so that every worker counts together.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

_PREFIX = "fazhi:login-ip"


def window_seconds() -> int:
    return int(settings.FAZHI_LOGIN_IP_WINDOW_MINUTES) * 60


def _key(ip: str | None) -> str:
    # No REMOTE_ADDR cannot happen behind a WSGI server; such requests share one count.
    return f"{_PREFIX}:{ip or '-'}"


def failures(ip: str | None) -> int:
    return int(cache.get(_key(ip), 0))


def is_throttled(ip: str | None) -> bool:
    """More than the allowed failures from `ip` in the current window."""
    return failures(ip) > settings.FAZHI_LOGIN_IP_LIMIT


def count_failure(ip: str | None) -> int:
    """Count one failed sign-in from `ip`; returns the count in the current window."""
    key = _key(ip)
    cache.add(key, 0, timeout=window_seconds())  # opens the window; a no-op while it is open
    try:
        return cache.incr(key)
    except ValueError:  # the window closed between add and incr
        cache.set(key, 1, timeout=window_seconds())
        return 1


def first_refusal(ip: str | None) -> bool:
    """True once per window for a throttled address: the refusal worth an audit line.

    Each refused attempt is not audited: an attacker could otherwise fill the audit trail at
    will. The failures that led to the throttle are audited one by one (LOGIN_FAILURE).
    """
    return cache.add(f"{_key(ip)}:reported", True, timeout=window_seconds())
