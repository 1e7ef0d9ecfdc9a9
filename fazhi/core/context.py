"""Per-request facts (source address, request id) that the audit trail records.

Services take an `actor` but never the request; the middleware puts the rest here so that an
audit line written deep in a service still says where the request came from.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str | None = None
    request_id: str = ""


_current: ContextVar[RequestContext] = ContextVar(
    "fazhi_request",
    default=RequestContext(),  # noqa: B039  (frozen dataclass: immutable)
)


def current() -> RequestContext:
    return _current.get()


def set_current(context: RequestContext) -> object:
    return _current.set(context)


def reset(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
