"""Corpus extraction: quality against the gold files, and speed on one core. Prints; asserts nothing.

    .venv/bin/python bench/bench_corpus.py

Quality (issue 8, part 7): precision, recall and F1 on canonical indicator facts, matched by
indicator and value, against ../shared/samples/gold (targets are not achieved values and are
left out, as the gold names them …目标). Also printed, for information: the same for every
figure whatever its name (matched by value and by overlapping words), and the top-level sections.
Speed: the samples repeated to 1,000 reports, read and analysed one after another in this
process (one core). Without the samples folder both use the reports written for the tests.
"""

from __future__ import annotations

import os
import sys
import time
from decimal import Decimal
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT.parent / "shared" / "samples"
REPORTS = 1000

# Reading a file asks the settings for the upload limit (settings.FAZHI_UPLOAD_MAX_MB).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings_test")
django.setup()

from fazhi.corpus.pipeline import Extraction, extract  # noqa: E402
from fazhi.corpus.tests.fixtures import (  # noqa: E402
    GBK_REPORT,
    QINGHE_HTML,
    YUNXI,
    canonical_pairs,
    gold_cases,
    score,
)


def main() -> None:
    cases = gold_cases(SAMPLES)
    if cases:
        _quality(cases)
    else:
        print(f"样例目录不存在（{SAMPLES}）：不计算 F1；速度用测试用报告测量")
    _speed([data for _, data, _ in cases] or _own_reports())


def _figures(gold: dict, extraction: Extraction) -> tuple[int, int, int]:
    """Every figure, whatever its name: same value, words overlapping the gold text."""
    used: set[int] = set()
    tp = 0
    for fact in gold["facts"]:
        start = extraction.text.find(fact["text"])
        end = start + len(fact["text"])
        value = Decimal(str(fact["value"]))
        for index, found in enumerate(extraction.facts):
            if (
                index not in used
                and found.value == value
                and found.start < end
                and found.end > start
            ):
                used.add(index)
                tp += 1
                break
    return tp, len(extraction.facts) - tp, len(gold["facts"]) - tp


def _prf(tp: int, fp: int, fn: int) -> str:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f"P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  (命中 {tp}，多出 {fp}，遗漏 {fn})"


def _quality(cases: list[tuple[str, bytes, dict]]) -> None:
    totals = [0, 0, 0]
    figures = [0, 0, 0]
    print("规范指标（按指标名和数值匹配）：")
    for stem, data, gold in cases:
        extraction = extract(data, f"{stem}.txt")
        expected = canonical_pairs(
            (f["indicator"], f["value"], f.get("target", False)) for f in gold["facts"]
        )
        found = canonical_pairs((f.indicator, f.value, f.target) for f in extraction.facts)
        counts = score(expected, found)
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        figures = [a + b for a, b in zip(figures, _figures(gold, extraction), strict=True)]
        top = [h.number + h.heading for h in extraction.headings if h.level == 1]
        sections = "一致" if top == gold["sections"] else f"不一致：{top}"
        print(f"  {stem}  {_prf(*counts)}  一级标题{sections}")
    print(f"  合计  {_prf(*totals)}")
    print(f"全部数字（按数值和原文位置匹配，仅供参考）：{_prf(*figures)}")


def _speed(reports: list[bytes]) -> None:
    batch = [reports[i % len(reports)] for i in range(REPORTS)]
    extract(batch[0], "warm-up.txt")  # the division codes load once per process
    started, cpu = time.perf_counter(), time.process_time()
    facts = sum(len(extract(data, "report.txt").facts) for data in batch)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    # CPU time of this one process: what one core does, whatever else the machine runs.
    print(
        f"速度：{REPORTS} 份报告（{len(reports)} 份报告轮流重复），单核 CPU {cpu:.1f} 秒"
        f"（墙钟 {seconds:.1f} 秒），{REPORTS / cpu:.0f} 份/秒，共 {facts} 个数字（目标 ≥ 50 份/秒）"
    )


def _own_reports() -> list[bytes]:
    return [YUNXI.encode(), QINGHE_HTML.encode(), GBK_REPORT.encode("gbk")]


if __name__ == "__main__":
    main()
