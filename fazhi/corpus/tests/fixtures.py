"""Report texts and files written for these tests (no sample text is copied here).

云溪县 and 青禾市 are invented places; their figures are invented too, in the phrasings real
reports use: full-width punctuation and digits, 同比, 从…降至…, 其中, ranks, targets.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings

from fazhi.corpus.canonical import CANONICAL

YUNXI = """云溪县人民政府关于云溪县2023年度法治政府建设情况的报告
2023年，云溪县以习近平法治思想为指引，扎实推进法治政府建设。现将有关情况报告如下。
一、2023年推进法治政府建设的主要举措和成效
（一）依法行政制度体系不断健全。
1．全年作出重大行政决策9项，重大行政决策目录化管理率100%。县政府常务会议学法12次。
2．开展合法性审查386件，审查行政规范性文件28件、备案26件，规范性文件备案审查率100%。
（二）行政争议化解成效明显。
全县行政复议新收案件１５６件，同比增长12.5%，审结149件，纠错率8.72%，调撤率41.6%。一审行政诉讼案件收案87件，行政诉讼败诉率从2022年的9.1%降至4.6%，调撤率达35.63%，居全市第二。行政机关负责人出庭应诉率98.5%。复议诉讼收案比为1.79:1。
（三）基层依法治理扎实推进。
各级调解组织受理矛盾纠纷5,320件，调解成功率99.1%，其中疑难复杂纠纷412件、调解成功率97.3%。排查矛盾纠纷6200余件，化解矛盾纠纷5980件，化解率96.45%。
（四）执法规范化水平持续提升。
梳理“首违不罚”事项清单135项，执法人员持证率达96%，涉企行政检查压减32.4%，罚没款3.54亿元，服务群众超万人次。实施“三大行动”和10项重点措施，1个项目入选全省最佳实践。
二、存在的不足和原因
一是基层法治力量薄弱；二是执法监督手段较少。
三、党政主要负责人履行推进法治建设第一责任人职责情况
县政府主要负责人带头述法，全年专题研究法治建设4次。
四、2024年工作安排
（一）力保行政诉讼调撤率50%以上，市考核指标败诉率5%以下。
五、其他需要报告的情况
无。
云溪县人民政府
2024年2月6日"""

# A department's report as its web page shows it: furniture, an 索引号 table, the title thrice.
QINGHE_HTML = """<!doctype html>
<html><head><meta charset="utf-8">
<meta name="ArticleTitle" content="青禾市司法局2022年法治政府建设年度报告">
<meta name="PubDate" content="2023-03-15 10:00">
<meta name="ContentSource" content="青禾市司法局">
<title>青禾市司法局2022年法治政府建设年度报告_青禾市人民政府门户网站</title>
<script>var visits = 1;</script><style>.x{color:red}</style></head>
<body>
<div class="top"><a href="#">进入老年模式</a> <a href="#">退出老年模式</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="#">政务公开</a> &gt; <a href="#">法治政府建设</a></div>
<table class="xxgk">
<tr><td>索引号：</td><td>QH-SFJ/2023-00012</td><td>公开方式：</td><td>主动公开</td></tr>
<tr><td>发布机构：</td><td>青禾市司法局</td><td>成文日期：</td><td>2023-03-10</td></tr>
</table>
<h1>青禾市司法局2022年法治政府建设年度报告</h1>
<div class="info">发布日期：2023-03-15　浏览次数：<span>128</span>　字号：大 中 小</div>
<div class="article">
<p>青禾市司法局2022年法治政府建设年度报告</p>
<p>2022年，市司法局在市委、市政府领导下，全面履行法治政府建设职责。</p>
<p>一、主要举措和成效</p>
<p>（一）行政复议主渠道作用更加明显。全年收到行政复议申请214件，审结207件，其中调解和解结案63件，调撤率30.43%。</p>
<p>（二）公共法律服务更加便民。办理法律援助案件1860件，挽回经济损失2300余万元。</p>
<p>二、存在的不足</p>
<p>复议人员力量与案件增长不相适应。</p>
<p>三、下一步工作打算</p>
<p>持续深化行政复议体制改革。</p>
</div>
<div class="share">分享到：</div>
<div class="tools">【打印本页】【关闭窗口】</div>
</body></html>"""

# A report whose opening paragraphs carry no figures at all.
NO_FIGURES = """石门县2022年度法治政府建设情况报告
2022年，石门县坚持依法行政，法治政府建设稳步推进。
一、主要举措和成效
全县深化“放管服”改革，推进严格规范公正文明执法，营造良好法治环境。
二、存在的不足和原因
基层执法力量有待加强。"""

GBK_REPORT = """柳林县2023年度法治政府建设情况报告
2023年，柳林县扎实推进法治政府建设，成效明显。
一、主要举措和成效
全年新收行政复议案件96件，行政诉讼败诉率3.2%，调解成功率98.8%。"""


def shared_samples() -> Path:
    """Where the shared sample reports live: beside the repository (absent elsewhere)."""
    return Path(settings.BASE_DIR).parent / "shared" / "samples"


def gold_cases(samples: Path | None = None) -> list[tuple[str, bytes, dict[str, Any]]]:
    """Each sample report with its gold file, as (stem, the report's bytes, the gold), by stem;
    none without the samples folder."""
    samples = samples or shared_samples()
    gold_dir = samples / "gold"
    if not gold_dir.is_dir():
        return []
    return [
        (
            path.stem,
            (samples / "reports" / f"{path.stem}.txt").read_bytes(),
            json.loads(path.read_text("utf-8")),
        )
        for path in sorted(gold_dir.glob("*.json"))
    ]


def canonical_pairs(facts: Iterable[tuple[str, object, bool]]) -> list[tuple[str, Decimal]]:
    """(indicator, value) of the achieved figures with a canonical name (targets left out)."""
    return [
        (name, Decimal(str(value)))
        for name, value, target in facts
        if name in CANONICAL and not target
    ]


def score(expected: list[Any], found: list[Any]) -> tuple[int, int, int]:
    """True positives, false positives, false negatives: each expected item matches once."""
    remaining = list(expected)
    tp = 0
    for item in found:
        if item in remaining:
            remaining.remove(item)
            tp += 1
    return tp, len(found) - tp, len(remaining)


def docx_bytes(text: str, *, table_rows: list[list[str]] | None = None) -> bytes:
    """A Word file of `text` (one paragraph a line) and, optionally, a table after it."""
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    if table_rows:
        table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for row, values in zip(table.rows, table_rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page text PDF of `lines` in the standard Chinese font STSong-Light (not embedded:
    every PDF reader knows the Adobe-GB1 fonts), the text as UTF-16 codes (UniGB-UCS2-H)."""
    ops = ["BT", "/F1 12 Tf", "14 TL", "50 780 Td"]
    ops += [f"<{line.encode('utf-16-be').hex().upper()}> Tj T*" for line in lines]
    content = "\n".join([*ops, "ET"]).encode("ascii")
    font = b"/Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
    cid = (
        b"/Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R"
    )
    descriptor = (
        b"/Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93"
    )
    page = (
        b"/Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R"
    )
    stream = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< " + page + b" >>",
        b"<< " + font + b" /DescendantFonts [6 0 R] >>",
        stream,
        b"<< " + cid + b" >>",
        b"<< " + descriptor + b" >>",
    ]
    return _pdf_file(bodies)


def blank_pdf_bytes(pages: int = 2) -> bytes:
    """A PDF with pages and no text at all: what a scanner produces, as far as text goes."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_file(bodies: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        xref,
    )
    return bytes(out)
