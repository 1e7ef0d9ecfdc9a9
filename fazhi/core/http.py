"""HTTP responses every app builds the same way."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """`content` as a download named `filename` (non-ASCII names encoded per RFC 6266), never
    shown inline: a stored file is never rendered by the browser in the application's origin."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response
