"""Web-page furniture out, report text in: what a scraped government page leaves around a report.

Government sites wrap a report in the same furniture: 老年模式 switches, 打印本页 / 关闭窗口,
分享到, 访问次数, 信息来源 lines, 当前位置 navigation paths, 索引号 blocks, the title printed two or
three times. A line is dropped only when it is furniture through and through; the publication
date and the source the page states are kept as metadata. Body lines are kept verbatim (only
trimmed), so every phrase of the clean text is a phrase of the page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from fazhi.corpus.numbers import SCAN

# Labels of the metadata block government CMSs print above an article.
META_KEYS = (
    "索引号",
    "公开方式",
    "公开范围",
    "公开时限",
    "成文日期",
    "发文日期",
    "生成日期",
    "发布日期",
    "发布时间",
    "更新时间",
    "发布单位",
    "发布机构",
    "发文机关",
    "发文字号",
    "所属机构",
    "主题分类",
    "组配分类",
    "体裁分类",
    "信息分类",
    "统一编码",
    "有效性",
    "文号",
    "时效",
    "信息来源",
    "文章来源",
    "来源",
    "访问次数",
    "浏览次数",
    "阅读次数",
    "点击数",
    "点击量",
    "责任编辑",
    "作者",
    "编辑",
    "字号",
    "日期",
    "时间",
)
_META_KEY = "|".join(META_KEYS)
META_RE = re.compile(rf"(?<!\S)({_META_KEY})\s*[:：]\s*")
DATE_KEYS = ("发布日期", "发布时间", "日期", "时间", "更新时间", "成文日期", "发文日期", "生成日期")
SOURCE_KEYS = ("信息来源", "文章来源", "来源", "发布机构", "发布单位")

# Furniture words; a line made of nothing else (and punctuation) is dropped.
FURNITURE_RE = re.compile(
    r"进入老年模式|退出老年模式|老年模式|长者模式|无障碍浏览|无障碍|关怀版|打印本页|打印此页|"
    r"关闭窗口|关闭本页|保存本页|返回顶部|扫一扫在手机(?:上)?打开当前页|扫一扫|分享到|分享|收藏|"
    r"【?字体[:：]?\s*大\s*中\s*小】?|字号[:：]?\s*大\s*中\s*小|大\s*中\s*小|上一篇|下一篇|"
    r"相关链接|相关阅读|打印|关闭|微信|微博|QQ空间|默认|[【】\[\]]"
)
PUNCT_ONLY_RE = re.compile(r"^[\s\W_•·|｜/]*$")
NAV_RE = re.compile(r"^(?:当前位置|您的位置|您现在的位置|所在位置|位置)[:：]|^首页\s*[>›»]")
NAV_SEPARATORS = re.compile(r"[>›»]")
DATE_RE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
TITLE_WORDS = ("报告", "法治政府建设", "法治建设")
MAX_FURNITURE_LINE = 120
MAX_TITLE = 80
# A line besides the title with at least this many Chinese characters makes a report (a text
# PDF with fewer has no text layer worth the name: a scan).
MIN_BODY_CHARACTERS = 10


@dataclass
class Hints:
    """Metadata a reader found outside the text (an HTML page's <title> or <meta> tags)."""

    title: str = ""
    published: dt.date | None = None
    source: str = ""


@dataclass
class Cleaned:
    text: str
    title: str = ""
    published: dt.date | None = None
    source: str = ""
    meta: dict[str, str] = field(default_factory=dict)


def clean(raw: str, hints: Hints | None = None) -> Cleaned:
    """The report's text without the page around it, and what the page said about it."""
    hints = hints or Hints()
    meta: dict[str, str] = {}
    kept: list[str] = []
    for line in _lines(raw):
        if _is_furniture(line) or _take_meta(line, meta):
            continue
        kept.append(line)
    title = _title(kept, hints.title)
    body = _without_repeated_titles(kept, title)
    return Cleaned(
        text="\n".join(body),
        title=title,
        published=hints.published or _published(meta) or _signature_date(body),
        source=hints.source or _first(meta, SOURCE_KEYS),
        meta=meta,
    )


def _lines(raw: str) -> list[str]:
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    lines = (line.replace("\u3000", " ").replace("\xa0", " ").strip() for line in text.split("\n"))
    return [line.lstrip("•·").strip() for line in lines if line]


def _is_furniture(line: str) -> bool:
    if len(line) > MAX_FURNITURE_LINE:
        return False
    if NAV_RE.search(line) or (len(NAV_SEPARATORS.findall(line)) >= 2 and "。" not in line):
        return True
    return bool(PUNCT_ONLY_RE.match(FURNITURE_RE.sub("", line)))


def _take_meta(line: str, meta: dict[str, str]) -> bool:
    """Record a line of `KEY: value` pairs (one or several) and say so; else leave it."""
    if len(line) > MAX_FURNITURE_LINE or "。" in line:
        return False
    matches = list(META_RE.finditer(line))
    if not matches or line[: matches[0].start()].strip():
        return False
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(line)
        value = line[match.end() : end].strip()
        if value:
            meta.setdefault(match.group(1), value)
    return True


def _title(lines: list[str], hinted: str) -> str:
    if hinted:
        return hinted.strip()
    head = [line for line in lines[:8] if len(line) <= MAX_TITLE and "。" not in line]
    for line in head:
        if any(word in line for word in TITLE_WORDS):
            return line
    return head[0] if head else ""


def _without_repeated_titles(lines: list[str], title: str) -> list[str]:
    """The title once, at the top; the copies the page printed around it go."""
    squeezed = _squeeze(title)
    body = [line for line in lines if not squeezed or _squeeze(line) != squeezed]
    return [title, *body] if title else body


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def parse_date(text: str) -> dt.date | None:
    match = DATE_RE.search(text.translate(SCAN))
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _published(meta: dict[str, str]) -> dt.date | None:
    for key in DATE_KEYS:
        if key in meta and (day := parse_date(meta[key])):
            return day
    return None


def _signature_date(lines: list[str]) -> dt.date | None:
    """The date under the signature, when the page states no publication date."""
    for line in reversed(lines[-4:]):
        if len(line) <= 20 and (day := parse_date(line)):
            return day
    return None


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str:
    return next((meta[key] for key in keys if meta.get(key)), "")


def has_body(text: str, minimum: int = MIN_BODY_CHARACTERS) -> bool:
    """Whether any line carries at least `minimum` Chinese characters (a real paragraph)."""
    return any(len(CJK_RE.findall(line)) >= minimum for line in text.split("\n"))
