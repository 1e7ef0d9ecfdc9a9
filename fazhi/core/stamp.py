"""In-process caches of rarely changed configuration, kept fresh across several app processes.

The holiday calendar and the deadline-rule overrides change a few times a year but every due date
reads them, so each process keeps them in memory. Every edit of either also writes a new random
token to one row (ConfigStamp) in the edit's own transaction. A computation reads that token
(one primary-key query) and uses a cached value only if it was loaded under the same token. So:
- an edit committed by any process is seen by every process at its next computation;
- a value is never trusted past an edit, whatever the clocks of the processes say;
- an edit that is rolled back leaves nothing behind (its token is never seen again).

`with batch():` reads the token once for many computations (the 待办与预警 inbox reads it once for
all its items); outside a batch each public calendar or deadline function reads it once per call
(`@fresh`). The token is read before the data it guards, so data loaded under a token is never
older than the token.

Edits made behind the services' back (SQL, `loaddata`) must call `bump()` too, or the processes
keep what they hold until one of the services next changes the token.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.db import connection

from fazhi.core.models import ConfigStamp

# One token for the calendar and the overrides: a due date needs both, for one query.
KEY = "deadlines"
_READ_SQL = f'SELECT "token" FROM "{ConfigStamp._meta.db_table}" WHERE "key" = %s'  # noqa: S608

P = ParamSpec("P")
R = TypeVar("R")
V = TypeVar("V")

_entries: dict[Hashable, tuple[str, Any]] = {}
_batch_token: ContextVar[str | None] = ContextVar("fazhi_config_token", default=None)


def read() -> str:
    """The current token ("" before the first edit)."""
    # Plain SQL on the primary key: this runs once per computation, and building the ORM
    # query would cost more than running it.
    with connection.cursor() as cursor:
        cursor.execute(_READ_SQL, [KEY])
        row = cursor.fetchone()
    return str(row[0]) if row else ""


@contextmanager
def batch() -> Iterator[None]:
    """Read the token once for every computation inside (nested batches reuse the outer one)."""
    if _batch_token.get() is not None:
        yield
        return
    reset = _batch_token.set(read())
    try:
        yield
    finally:
        _batch_token.reset(reset)


def fresh(func: Callable[P, R]) -> Callable[P, R]:
    """Run `func` inside a batch: one token read per outermost call."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if _batch_token.get() is not None:
            return func(*args, **kwargs)
        with batch():
            return func(*args, **kwargs)

    return wrapper


def cached(key: Hashable, load: Callable[[], V]) -> V:
    """The value stored under `key` if it was loaded under the current token, else `load()`."""
    token = _batch_token.get()
    if token is None:
        token = read()
    hit = _entries.get(key)
    if hit is not None and hit[0] == token:
        return hit[1]
    value = load()
    _entries[key] = (token, value)
    return value


def bump() -> None:
    """Mark the configuration changed. Call inside the edit's transaction, after its data writes
    and before its audit row (every service takes its locks in that order)."""
    token = uuid.uuid4().hex
    if not ConfigStamp.objects.filter(key=KEY).update(token=token):
        ConfigStamp.objects.update_or_create(key=KEY, defaults={"token": token})
    clear()
    # The rest of an enclosing batch reads the token again at each computation: this edit may
    # yet be rolled back, and the computations after that must not see it.
    _batch_token.set(None)


def clear() -> None:
    """Forget every cached value in this process (the next computation reloads)."""
    _entries.clear()
