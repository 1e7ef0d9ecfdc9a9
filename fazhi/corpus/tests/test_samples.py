"""The shared sample reports (../shared/samples, beside the repository): skipped without them.

The real measure of extraction is `make bench` (bench/bench_corpus.py); these tests hold the
floor: the samples' canonical facts at F1 ≥ 0.9, their top-level sections, their metadata.
"""

from __future__ import annotations

import pytest

from fazhi.corpus.pipeline import extract
from fazhi.corpus.tests.fixtures import canonical_pairs, gold_cases, score, shared_samples

SAMPLES = shared_samples()
CASES = gold_cases(SAMPLES)
pytestmark = pytest.mark.skipif(
    not (SAMPLES / "gold").is_dir(), reason=f"共享样例目录不存在：{SAMPLES}"
)


def _load(case):
    stem, data, gold = case
    return gold, extract(data, f"{stem}.txt")


@pytest.mark.parametrize("case", CASES, ids=[stem for stem, _, _ in CASES])
def test_a_sample_gives_its_metadata_and_top_level_sections(case):
    gold, extraction = _load(case)

    assert extraction.metadata.region == gold["region"]
    assert extraction.metadata.year == gold["year"]
    assert extraction.metadata.level == gold["level"]
    top = [h.number + h.heading for h in extraction.headings if h.level == 1]
    assert top == gold["sections"]


def test_canonical_facts_of_the_samples_score_at_least_0_9():
    tp = fp = fn = 0
    for case in CASES:
        gold, extraction = _load(case)
        expected = canonical_pairs(
            (f["indicator"], f["value"], f.get("target", False)) for f in gold["facts"]
        )
        found = canonical_pairs((f.indicator, f.value, f.target) for f in extraction.facts)
        counts = score(expected, found)
        tp, fp, fn = tp + counts[0], fp + counts[1], fn + counts[2]
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert 2 * precision * recall / (precision + recall) >= 0.9


@pytest.mark.parametrize("case", CASES, ids=[stem for stem, _, _ in CASES])
def test_every_gold_text_is_in_the_clean_text(case):
    gold, extraction = _load(case)

    missing = [f["text"] for f in gold["facts"] if f["text"] not in extraction.text]
    assert missing == []
