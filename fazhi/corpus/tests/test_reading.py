"""Files in, text out: web pages, text in any Chinese encoding, Word, text PDFs; and refusals."""

from __future__ import annotations

import os

import pytest

from fazhi.corpus.reading import DocumentError, fix_radicals, read_document, reflow
from fazhi.corpus.tests.fixtures import (
    GBK_REPORT,
    QINGHE_HTML,
    YUNXI,
    blank_pdf_bytes,
    docx_bytes,
    pdf_bytes,
)


def test_a_gbk_text_file_is_read_correctly():
    document = read_document(GBK_REPORT.encode("gbk"), "柳林县.txt")

    assert document.kind == "txt"
    assert document.encoding == "gb18030"
    assert "全年新收行政复议案件96件" in document.text


def test_a_short_gbk_file_is_not_mistaken_for_utf_16():
    document = read_document("行政诉讼败诉率3.2%".encode("gbk"), "short.txt")

    assert document.text == "行政诉讼败诉率3.2%"


def test_utf8_with_a_bom_and_big5_are_read():
    assert read_document("\ufeff報告".encode() + "內容".encode(), "a.txt").text.startswith("報告")
    assert (
        "臨海市人民政府關於"
        in read_document("臨海市人民政府關於法治政府建設".encode("big5"), "b.txt").text
    )


def test_a_web_page_is_read_by_its_content_even_when_named_txt():
    document = read_document(QINGHE_HTML.encode(), "saved.txt")

    assert document.kind == "html"
    assert document.hints.title == "青禾市司法局2022年法治政府建设年度报告"
    assert str(document.hints.published) == "2023-03-15"
    assert document.hints.source == "青禾市司法局"
    assert "var visits" not in document.text and "color:red" not in document.text


def test_a_gbk_web_page_declaring_gb2312_is_read():
    page = QINGHE_HTML.replace('charset="utf-8"', 'charset="gb2312"').encode("gbk")

    assert "全年收到行政复议申请214件" in read_document(page, "page.html").text


def test_a_word_file_gives_its_paragraphs_and_tables():
    data = docx_bytes(YUNXI, table_rows=[["指标", "数值"], ["行政诉讼败诉率", "4.6%"]])

    document = read_document(data, "云溪县.docx")

    assert document.kind == "docx"
    assert "全县行政复议新收案件１５６件" in document.text
    assert "行政诉讼败诉率 4.6%" in document.text


def test_a_text_pdf_gives_its_text():
    data = pdf_bytes(
        ["石桥县2022年度法治政府建设情况报告", "全年新收行政复议案件128件，审结121件。"]
    )

    document = read_document(data, "石桥县.pdf")

    assert document.kind == "pdf"
    assert "全年新收行政复议案件128件" in document.text


def test_pdf_radicals_become_ideographs_and_wrapped_lines_join():
    assert fix_radicals("⾏政复议⼀审县⻓") == "行政复议一审县长"
    wrapped = "全年新收行政复议案件一百二十八件审结一百二十一件纠错率六个百分点调撤率\n38.8%。\n— 2 —\n二、存在的不足"
    assert reflow(wrapped + "\n短行").split("\n")[0].endswith("调撤率38.8%。")
    assert "— 2 —" not in reflow(wrapped)


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "empty.txt", "文件为空"),
        (b"   \n\n ", "blank.html", "文件为空"),
        (os.urandom(4096), "random.bin", "不是可识别的文档"),
        (b"\x89PNG\r\n\x1a\n" + os.urandom(200), "scan.png", "图片文件"),
        (b"\xd0\xcf\x11\xe0" + os.urandom(200), "old.doc", ".doc"),
        (b"PK\x03\x04" + os.urandom(300), "broken.docx", "Word"),
    ],
)
def test_unreadable_files_get_a_clear_chinese_message_naming_them(data, name, words):
    with pytest.raises(DocumentError) as caught:
        read_document(data, name)

    assert words in caught.value.message
    if data.strip():
        assert name in caught.value.message


def test_a_scanned_pdf_without_text_is_refused_with_the_reason():
    with pytest.raises(DocumentError) as caught:
        read_document(blank_pdf_bytes(pages=3), "扫描件.pdf")

    assert "扫描件" in caught.value.message and "共 3 页" in caught.value.message
    assert "文字识别" in caught.value.message


def test_a_zip_that_is_not_a_word_file_is_refused():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")

    with pytest.raises(DocumentError, match="不是 Word 文档"):
        read_document(out.getvalue(), "bundle.zip")
