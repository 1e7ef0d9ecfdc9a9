"""The demo's published reports: the peer counties 临溪县 and 青山县 report on each full year.

The texts are written here, with figures drawn from the step's seeded generator at the scale
county reports show, and go through the real pipeline (furniture, outline, facts) as any
scraped page would; the comparison page then has peers to set 示例县 beside. 青山县's reports
leave out the 第一责任人 part, so the outline check has something to flag.
"""

from __future__ import annotations

import datetime as dt
from random import Random

from fazhi.core.demo import DemoContext, register_demo_step
from fazhi.corpus.pipeline import extract_document
from fazhi.corpus.reading import Document
from fazhi.corpus.services import store
from fazhi.org.demo import PEER_COUNTY_CODES

STEP_NAME = "他地报告库"


def seed_corpus(ctx: DemoContext) -> dict[str, int]:
    """One report per peer county and full demo year, stored through the pipeline."""
    reports = facts = 0
    for code in PEER_COUNTY_CODES:
        county = ctx.region(code)
        for year in ctx.years[:-1]:
            text = report_text(
                county.name, year, ctx.rng(code, year), leader_part=code != PEER_COUNTY_CODES[-1]
            )
            extraction = extract_document(Document(text=text, kind="txt", encoding="utf-8"))
            data = text.encode("utf-8")
            store(extraction, data=data, filename=f"{county.name}{year}年度法治政府建设报告.txt")
            reports += 1
            facts += len(extraction.facts)
    return {"他地报告": reports, "报告数字": facts}


def _pct(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.2f}" if whole else "0"


def report_text(county: str, year: int, rng: Random, *, leader_part: bool = True) -> str:
    """A county's annual report as its web page shows it, furniture and all."""
    published = dt.date(year + 1, 2, rng.randint(5, 26))
    return "\n".join(
        [
            f"{county}人民政府关于{county}{year}年度法治政府建设情况的报告",
            f"发布时间：{published:%Y-%m-%d} 09:30　访问次数：　信息来源：{county}人民政府办公室",
            f"{year}年，{county}坚持以习近平法治思想为指导，深入推进法治政府建设，各项工作取得新进展。现将有关情况报告如下。",
            f"一、{year}年推进法治政府建设的主要举措和成效",
            *_results(rng),
            f"二、{year}年法治政府建设存在的不足和原因",
            "一是基层法治力量仍较薄弱，乡镇（街道）合法性审查人员不足；二是行政执法规范化水平有待提升，个别领域执法不够精细。",
            *(_leaders(county) if leader_part else []),
            f"{'四' if leader_part else '三'}、{year + 1}年推进法治政府建设的主要安排",
            f"（一）深化行政争议实质性化解，力争行政诉讼败诉率控制在{rng.choice([3, 4, 5])}%以下。",
            "（二）推进基层合法性审查全覆盖，持续提升行政执法质量。",
            f"{county}人民政府",
            f"{published.year}年{published.month}月{published.day}日",
            "打印本页 关闭窗口",
        ]
    )


def _results(rng: Random) -> list[str]:
    review_in = rng.randint(90, 260)
    review_closed = review_in - rng.randint(-8, 15)
    corrected = rng.randint(4, 24)
    mediated = rng.randint(review_closed // 4, review_closed // 2)
    lawsuits = rng.randint(45, 130)
    lost = rng.randint(1, max(2, lawsuits // 15))
    settled = rng.randint(lawsuits // 4, lawsuits // 2)
    disputes = rng.randint(2800, 9000)
    return [
        "（一）健全依法决策机制。",
        f"全年作出重大行政决策{rng.randint(6, 18)}项，县政府常务会议学法{rng.randint(8, 14)}次。"
        f"开展合法性审查{rng.randint(180, 420)}件，审查行政规范性文件{rng.randint(12, 40)}件、备案{rng.randint(10, 35)}件。",
        "（二）深化行政执法改革。",
        f"梳理“首违不罚”事项清单{rng.randint(80, 220)}项，执法人员持证率达{rng.randint(900, 990) / 10}%，"
        f"涉企行政检查压减{rng.randint(150, 400) / 10}%。",
        "（三）推进行政争议实质性化解。",
        f"全年新收行政复议案件{review_in}件，审结{review_closed}件，纠错{corrected}件，"
        f"纠错率{_pct(corrected, review_closed)}%，调撤率{_pct(mediated, review_closed)}%。"
        f"一审行政诉讼案件新收{lawsuits}件，行政诉讼败诉率{_pct(lost, lawsuits)}%，"
        f"调撤率{_pct(settled, lawsuits)}%，行政机关负责人出庭应诉率{rng.choice(['100', '98.6', '99.2'])}%。"
        f"行政复议收案数与一审行政诉讼收案数比值{review_in / lawsuits:.2f}。",
        "（四）夯实基层治理法治基础。",
        f"各级人民调解组织共受理矛盾纠纷{disputes}件，调解成功率{rng.randint(970, 999) / 10}%。",
    ]


def _leaders(county: str) -> list[str]:
    return [
        "三、党政主要负责人履行推进法治建设第一责任人职责情况",
        f"{county}县委、县政府主要负责人带头学习习近平法治思想，专题听取法治政府建设工作汇报，"
        "及时研究解决法治建设重大问题。",
    ]


register_demo_step(STEP_NAME, 60, seed_corpus)
