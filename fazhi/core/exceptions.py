"""Errors that carry a message meant for the user, in Chinese, shown as is."""

from __future__ import annotations


class ApplicationError(Exception):
    """A business rule refused the request; the message is shown to the user as is."""

    def __init__(self, message: str, *, extra: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class StaleRecordError(ApplicationError):
    """The record was changed by someone else since this copy was loaded."""

    def __init__(self) -> None:
        super().__init__("该记录已被他人修改，请刷新后重试")


class CalendarMissingError(ApplicationError):
    """A date computation needs a year whose official holiday arrangement is not entered."""

    def __init__(self, year: int) -> None:
        super().__init__(f"{year} 年节假日安排未录入", extra={"year": year})
        self.year = year


class NotAllowedError(ApplicationError):
    """The actor may not do this (a policy refusal, audited as a denied access by the pages)."""
