"""Files in, text out: plain text, web pages, Word (.docx) and text PDFs.

The kind is told by the bytes, not the file name (a saved web page is often called .txt). Text
is decoded as UTF-8 when it is UTF-8, else by charset-normalizer among the Chinese encodings
(GBK/GB18030, Big5), which reads a short GBK file correctly where an open guess does not. What
cannot be read raises `DocumentError` with a Chinese message naming the file and the reason.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from bs4.element import Tag
from charset_normalizer import from_bytes

from fazhi.core.exceptions import ApplicationError
from fazhi.core.text import display_width
from fazhi.corpus.cleaning import Hints, has_body, parse_date
from fazhi.rectify.uploads import is_docx, max_bytes

# The files the corpus reads, by suffix: what a folder ingest picks up and the upload accepts.
SUFFIXES = (".txt", ".htm", ".html", ".shtml", ".docx", ".pdf")
CHINESE_ENCODINGS = ["gb18030", "big5"]
BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
HTML_RE = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|meta|div|p|table|span|br)\b", re.I)
CHARSET_RE = re.compile(rb"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
PAGE_NUMBER_RE = re.compile(r"^[-—－\s]*\d{1,4}[-—－\s]*$|^第\s*\d+\s*页")
SENTENCE_END = tuple("。！？：；”’」』）)!?:;")
HEADING_START_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[.．、](?!\d))"
)
BLOCK_TAGS = ["p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table"]
BLOCK_TAGS += ["section", "article", "blockquote", "pre", "dd", "dt", "ul", "ol"]
CELL_TAGS = ("td", "th")
# PDF fonts often map glyphs to Kangxi radicals (⾏ U+2F8F for 行) or to simplified radicals
# (⻓ U+2ED3 for 长): NFKC folds the first; the second have no decomposition, hence this table.
SIMPLIFIED_RADICALS = str.maketrans(
    "⻅⻆⻈⻉⻋⻐⻓⻔⻙⻚⻛⻜⻠⻢⻥⻦⻧⻨⻩⻬⻮⻰⻳⺰",
    "见角讠贝车钅长门韦页风飞饣马鱼鸟卤麦黄齐齿龙龟纟",
)
KANGXI_RE = re.compile(r"[\u2f00-\u2fdf]")
DROP_TAGS = ("script", "style", "noscript", "iframe", "svg", "form", "button", "select", "input")
# A page that declares GB2312 or GBK often holds characters beyond them: read it as GB18030.
CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}


class DocumentError(ApplicationError):
    """A file that cannot be read as a report; the message says which and why, in Chinese."""


@dataclass
class Document:
    text: str
    kind: str  # txt, html, docx, pdf
    encoding: str = ""
    hints: Hints = field(default_factory=Hints)


def read_document(data: bytes, filename: str) -> Document:
    """The text of a report file, or DocumentError with the reason."""
    name = filename or "（未命名文件）"
    if not data.strip():
        raise DocumentError(f"文件为空：{name}")
    if len(data) > max_bytes():
        size = len(data) // 1024 // 1024
        raise DocumentError(f"文件过大：{name}（{size} MB，上限 {max_mb()} MB）")
    if data.startswith(b"%PDF-"):
        return _read_pdf(data, name)
    if data.startswith(b"PK\x03\x04"):
        return _read_docx(data, name)
    if data.startswith(OLE_MAGIC):
        raise DocumentError(
            f"{name} 是旧版 Office 文件（.doc），无法读取：请另存为 .docx 或 PDF 后再导入"
        )
    if data.startswith(IMAGE_MAGIC):
        raise DocumentError(f"{name} 是图片文件，没有可读取的文字：请先做文字识别（OCR）")
    text, encoding = decode(data, name)
    if HTML_RE.search(data[:4096]) or filename.lower().endswith((".htm", ".html", ".shtml")):
        return _read_html(text, encoding)
    return Document(text=text, kind="txt", encoding=encoding)


def max_mb() -> int:
    """The upload limit in MB: the platform's (`settings.FAZHI_UPLOAD_MAX_MB`)."""
    return max_bytes() // 1024 // 1024


# --- text and encodings --------------------------------------------------------------------


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text and the encoding it was in; DocumentError for a binary file."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"), encoding, name)
    if b"\x00" in data[:8192]:
        raise _binary(name)
    declared = _declared_charset(data)
    for encoding in filter(None, ("utf-8", declared)):
        try:
            return _checked(data.decode(encoding), encoding, name)
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(data, cp_isolation=CHINESE_ENCODINGS).best() or from_bytes(data).best()
    if best is None:
        raise _binary(name)
    return _checked(str(best), best.encoding, name)


def _declared_charset(data: bytes) -> str:
    match = CHARSET_RE.search(data[:4096])
    if not match:
        return ""
    charset = match.group(1).decode("ascii").lower()
    return CHARSET_ALIASES.get(charset, charset)


def _checked(text: str, encoding: str, name: str) -> tuple[str, str]:
    """Refuse text that is mostly control characters: a binary file decoded by force."""
    if len(CONTROL_RE.findall(text[:20000])) > max(3, len(text[:20000]) // 100):
        raise _binary(name)
    return text, encoding.replace("_", "-")


def _binary(name: str) -> DocumentError:
    return DocumentError(
        f"{name} 不是可识别的文档（二进制文件）：请导入网页、文本、Word（.docx）或 PDF 文件"
    )


# --- web pages -----------------------------------------------------------------------------


def _read_html(text: str, encoding: str) -> Document:
    soup = BeautifulSoup(text, "lxml")
    hints = _html_hints(soup)
    for tag in soup(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    for tag in soup.find_all(CELL_TAGS):
        tag.insert_after(" ")
    body = soup.body or soup
    return Document(text=body.get_text(), kind="html", encoding=encoding, hints=hints)


def _html_hints(soup: BeautifulSoup) -> Hints:
    """Title, date and source from the <meta> tags government CMSs fill in, when present."""
    metas = {
        str(tag.get("name") or tag.get("property") or ""): str(tag.get("content") or "").strip()
        for tag in soup.find_all("meta")
        if isinstance(tag, Tag)
    }
    title = metas.get("ArticleTitle", "")
    published = parse_date(metas.get("PubDate", "") or metas.get("pubdate", ""))
    return Hints(title=title, published=published, source=metas.get("ContentSource", ""))


# --- Word ----------------------------------------------------------------------------------


def _read_docx(data: bytes, name: str) -> Document:
    import docx
    from docx.table import Table

    broken = DocumentError(f"{name} 已损坏或不是有效的 Word 文档（.docx）")
    if not is_docx(io.BytesIO(data)):
        if zipfile.is_zipfile(io.BytesIO(data)):
            raise DocumentError(f"{name} 是压缩文件而不是 Word 文档（.docx），无法读取")
        raise broken
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise broken from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(" ".join(cell.text.strip() for cell in row.cells) for row in block.rows)
        else:
            lines.append(block.text)
    return Document(text="\n".join(lines), kind="docx")


# --- PDF -----------------------------------------------------------------------------------


def _read_pdf(data: bytes, name: str) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(f"{name} 是加密的 PDF，无法读取：请导入未加密的文件")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise DocumentError(f"{name} 已损坏或不是有效的 PDF 文件") from exc
    text = reflow(fix_radicals("\n".join(pages)))
    if not has_body(text):
        raise DocumentError(
            f"{name} 是扫描件 PDF（共 {len(pages)} 页），没有可提取的文字："
            "请先做文字识别（OCR），或导入网页、Word 版本"
        )
    return Document(text=text, kind="pdf")


def fix_radicals(text: str) -> str:
    """Radicals a PDF font put where ideographs belong, back to the ideographs (⾏政 → 行政)."""
    text = KANGXI_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return text.translate(SIMPLIFIED_RADICALS)


def reflow(text: str) -> str:
    """Join the lines a PDF broke inside a paragraph; drop page numbers.

    A line nearly as wide as the page that does not end a sentence continues on the next line,
    unless the next line starts a numbered heading.
    """
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line and not PAGE_NUMBER_RE.match(line)]
    if not lines:
        return ""
    widths = [display_width(line) for line in lines]
    width = sorted(widths)[int(len(lines) * 0.9)]
    merged: list[str] = []
    previous_width = 0
    for line, line_width in zip(lines, widths, strict=True):
        previous = merged[-1] if merged else ""
        # A heading wraps only when it fills the line; body text wraps a little short of it.
        needed = width - 2 if HEADING_START_RE.match(previous) else width * 0.75
        wrapped = previous_width >= needed and not previous.endswith(SENTENCE_END)
        previous_width = line_width
        if wrapped and not HEADING_START_RE.match(line):
            merged[-1] = previous + line
        else:
            merged.append(line)
    return "\n".join(merged)
