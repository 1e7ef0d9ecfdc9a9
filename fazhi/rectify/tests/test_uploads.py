"""Uploads are checked by their bytes and size, stored under MEDIA_ROOT, removed on failure."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core.exceptions import ApplicationError
from fazhi.rectify import uploads
from fazhi.review.tests.factories import PDF_BYTES, docx_bytes


def _file(name, content):
    return SimpleUploadedFile(name, content)


def test_a_real_pdf_and_a_real_docx_pass():
    assert uploads.check_upload(_file("a.pdf", PDF_BYTES), what="送审稿").kind == uploads.PDF
    assert uploads.check_upload(_file("b.docx", docx_bytes()), what="送审稿").kind == uploads.DOCX


def test_a_file_named_pdf_that_is_not_one_is_refused_naming_it():
    with pytest.raises(
        ApplicationError, match=r"送审稿“合同.pdf”不是有效的 PDF、Word（.docx） 文件"
    ):
        uploads.check_upload(_file("合同.pdf", b"<html>not a pdf</html>"), what="送审稿")


def test_a_zip_without_word_document_xml_is_not_a_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(ApplicationError, match="不是有效的"):
        uploads.check_upload(_file("伪造.docx", buffer.getvalue()), what="送审稿")


def test_a_pdf_named_docx_is_refused_for_its_extension():
    with pytest.raises(ApplicationError, match=r"扩展名与内容不符：内容是 PDF，扩展名应为 .pdf"):
        uploads.check_upload(_file("合同.docx", PDF_BYTES), what="送审稿")


def test_an_image_is_allowed_as_evidence_but_not_as_a_draft():
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 20
    assert (
        uploads.check_upload(_file("现场.png", png), what="佐证", allowed=uploads.EVIDENCE).kind
        == uploads.PNG
    )
    with pytest.raises(ApplicationError, match="内容为 PNG 图片"):
        uploads.check_upload(_file("现场.png", png), what="送审稿")


def test_an_oversized_file_is_refused_with_the_limit(settings):
    settings.FAZHI_UPLOAD_MAX_MB = 1
    big = PDF_BYTES + b"0" * (1024 * 1024)
    with pytest.raises(ApplicationError, match=r"送审稿“大.pdf”大小为 1.0 MB，超过上限 1.0 MB"):
        uploads.check_upload(_file("大.pdf", big), what="送审稿")


def test_the_default_limit_is_20_mb():
    assert uploads.max_bytes() == 20 * 1024 * 1024


def test_an_empty_or_missing_file_is_refused():
    with pytest.raises(ApplicationError, match="请选择送审稿的文件"):
        uploads.check_upload(None, what="送审稿")
    with pytest.raises(ApplicationError, match="是空文件"):
        uploads.check_upload(_file("空.pdf", b""), what="送审稿")


@pytest.mark.django_db
def test_a_file_stored_in_a_failed_transaction_is_removed():
    checked = uploads.check_bytes(PDF_BYTES, name="a.pdf", what="x")
    stored = []
    with pytest.raises(RuntimeError), uploads.atomic_with_files():
        stored.append(uploads.store(checked, folder="test"))
        raise RuntimeError("boom")
    assert not default_storage.exists(stored[0])


@pytest.mark.django_db
def test_files_are_kept_under_media_root_with_random_names():
    checked = uploads.check_bytes(PDF_BYTES, name="合同.pdf", what="x")
    with uploads.atomic_with_files():
        name = uploads.store(checked, folder="review")
    path = Path(default_storage.path(name))
    assert path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert "合同" not in path.name and path.suffix == ".pdf"
