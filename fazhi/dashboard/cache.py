"""Brief caching of the dashboard's figures, safe against changed records.

The figures of a scope and period are the same for everyone who may see that scope (they are
totals; the records behind them are listed through `visible_to` on every request), so one
computation serves every leader looking at the same county. Entries live `TTL` seconds under a
*generation* token: any save or delete of a model an indicator counts (or of a target, manual
value, assessment run, region or unit) replaces the token, so the next request computes afresh.

What the token cannot see, the TTL bounds: writes that send no signal (`bulk_create`,
`QuerySet.update()`, the demo seeder, raw SQL) and writes in another process while the cache is
per process (Django's default LocMemCache: each gunicorn worker has its own; give CACHES a
shared backend such as Redis to share the token too). A figure is thus at most `TTL` seconds
old, never stale for longer. The token is random, not a counter: a token evicted from the
cache starts a new generation rather than reviving old entries.

This is caching, not domain logic: the signal receivers change nothing but the token.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import cache as memoize
from typing import Any, TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")
TTL = 60
GENERATION_KEY = "dashboard:generation"
# Besides the models an indicator counts: what decides a figure's target, colour and ranking.
ALWAYS_WATCHED = ("org.Region", "org.Unit")
WATCHED_APPS = ("indicators",)


def generation() -> str:
    token = cache.get(GENERATION_KEY)
    if token is None:
        token = secrets.token_hex(6)
        # Another process may have set one meanwhile: keep whichever is there.
        if not cache.add(GENERATION_KEY, token, timeout=None):
            token = cache.get(GENERATION_KEY) or token
    return str(token)


def invalidate() -> None:
    """Start a new generation: every cached figure is computed afresh on its next request."""
    cache.set(GENERATION_KEY, secrets.token_hex(6), timeout=None)


def cached(key: str, compute: Callable[[], T], *, ttl: int = TTL) -> T:
    """`compute()`'s result, kept `ttl` seconds under `key` in the current generation."""
    full_key = f"dashboard:{generation()}:{key}"
    found = cache.get(full_key)
    if found is None:
        found = compute()
        cache.set(full_key, found, ttl)
    return found


@memoize
def watched_models() -> frozenset[type[Any]]:
    """The models whose rows change a figure (read once the registry is complete)."""
    from fazhi.indicators import registry

    models: set[type[Any]] = {apps.get_model(label) for label in ALWAYS_WATCHED}
    for label in WATCHED_APPS:
        models |= set(apps.get_app_config(label).get_models())
    for indicator in registry.all():
        for key in [None, *(v.key for v in indicator.variants)]:
            # Every measure counted, bases included (a base decides whether a count is 0).
            models |= {m.model for m in indicator.counted(key)}
    return frozenset(models)


def _changed(sender: Any, **_kwargs: Any) -> None:
    if sender not in watched_models():
        return
    invalidate()
    # Again after the commit: a request that read the old rows between the save and the commit
    # may have cached them under the token set just now.
    transaction.on_commit(invalidate)


def connect_invalidation() -> None:
    post_save.connect(_changed, dispatch_uid="dashboard-cache-save")
    post_delete.connect(_changed, dispatch_uid="dashboard-cache-delete")
