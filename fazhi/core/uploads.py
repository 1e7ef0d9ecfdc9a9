"""Uploaded files: checked by content, stored under MEDIA_ROOT, served only after a scope check.

A file is what its bytes say, not what its name or the browser claims: a PDF starts with
`%PDF-`, a .docx is a zip holding `word/document.xml`, a JPEG starts FF D8 FF, a PNG with its
8-byte signature. The size limit is `settings.FAZHI_UPLOAD_MAX_MB` (default 20). Files are kept
under random names below MEDIA_ROOT and never get a public URL: a view finds the record through
`get_visible_or_404` first and then streams it with `file_response`.

Lives in `core` so that every module storing files (rectify, review, indicators' evidence of
manual values, later 督察 and 评查) checks them the same way; `fazhi.rectify.uploads` re-exports
it for the code written before it moved.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse
from django.utils import timezone

from fazhi.core.exceptions import ApplicationError

DEFAULT_MAX_MB = 20


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str
    extensions: tuple[str, ...]
    content_type: str


PDF = FileKind("pdf", "PDF", (".pdf",), "application/pdf")
DOCX = FileKind(
    "docx",
    "Word（.docx）",
    (".docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
JPEG = FileKind("jpg", "JPEG 图片", (".jpg", ".jpeg"), "image/jpeg")
PNG = FileKind("png", "PNG 图片", (".png",), "image/png")
DOCUMENTS = (PDF, DOCX)
EVIDENCE = (PDF, DOCX, JPEG, PNG)


def max_bytes() -> int:
    return int(getattr(settings, "FAZHI_UPLOAD_MAX_MB", DEFAULT_MAX_MB)) * 1024 * 1024


def sniff(head: bytes, data: Any) -> FileKind | None:
    """The kind the content shows, whatever the file is called."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04") and is_docx(data):
        return DOCX
    return None


def is_docx(data: Any) -> bool:
    """Whether the seekable `data` is a zip holding `word/document.xml` (left at position 0)."""
    try:
        data.seek(0)
        with zipfile.ZipFile(data) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        data.seek(0)


_is_docx = is_docx  # the earlier private name, still imported elsewhere


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks: its bytes, kind, original name, size and digest."""

    content: bytes
    kind: FileKind
    name: str
    size: int
    sha256: str


def check_upload(
    upload: UploadedFile | None, *, what: str, allowed: Iterable[FileKind] = DOCUMENTS
) -> CheckedFile:
    """The upload checked by size and content; an ApplicationError naming `what` otherwise."""
    allowed = tuple(allowed)
    kinds = "、".join(kind.label for kind in allowed)
    if upload is None:
        raise ApplicationError(f"请选择{what}的文件（{kinds}）")
    name = PurePath(upload.name or "未命名").name[:200]
    limit = max_bytes()
    if upload.size is None or upload.size > limit:
        raise ApplicationError(
            f"{what}“{name}”大小为 {_mb(upload.size or 0)}，超过上限 {_mb(limit)}，请压缩或拆分后上传"
        )
    if upload.size == 0:
        raise ApplicationError(f"{what}“{name}”是空文件")
    content = b"".join(upload.chunks())
    return check_bytes(content, name=name, what=what, allowed=allowed)


def check_bytes(
    content: bytes, *, name: str, what: str, allowed: Iterable[FileKind] = DOCUMENTS
) -> CheckedFile:
    allowed = tuple(allowed)
    kinds = "、".join(kind.label for kind in allowed)
    kind = sniff(content[:16], io.BytesIO(content))
    if kind not in allowed:
        shown = f"（内容为 {kind.label}）" if kind else ""
        raise ApplicationError(
            f"{what}“{name}”不是有效的 {kinds} 文件{shown}：文件内容与其类型不符，请上传原始文件"
        )
    suffix = PurePath(name).suffix.lower()
    if suffix not in kind.extensions:
        raise ApplicationError(
            f"{what}“{name}”的扩展名与内容不符：内容是 {kind.label}，扩展名应为 {kind.extensions[0]}"
        )
    digest = hashlib.sha256(content).hexdigest()
    return CheckedFile(content=content, kind=kind, name=name, size=len(content), sha256=digest)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


_stored: ContextVar[list[str] | None] = ContextVar("fazhi_stored_files", default=None)


def store(checked: CheckedFile, *, folder: str) -> str:
    """Save under MEDIA_ROOT/<folder>/<year>/<random>.<ext>; return the storage name.

    Call it inside `atomic_with_files()`: if that block fails, the file is removed again, so a
    refused or failed write leaves nothing behind.
    """
    year = timezone.localdate().year
    name = f"{folder}/{year}/{uuid.uuid4().hex}{checked.kind.extensions[0]}"
    saved = default_storage.save(name, ContentFile(checked.content))
    collector = _stored.get()
    if collector is not None:
        collector.append(saved)
    return saved


@contextmanager
def atomic_with_files() -> Iterator[None]:
    """`transaction.atomic()`, and the files stored inside it are deleted if it fails."""
    collector: list[str] = []
    token = _stored.set(collector)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for name in collector:
            default_storage.delete(name)
        raise
    finally:
        _stored.reset(token)


def delete_later(name: str) -> None:
    """Remove a stored file once the transaction that dropped its record has committed."""
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


def file_response(*, name: str, original_name: str, content_type: str) -> FileResponse:
    """Stream a stored file as a download (the caller has checked the user may see it)."""
    handle = default_storage.open(name, "rb")
    return FileResponse(
        handle, as_attachment=True, filename=original_name, content_type=content_type
    )
