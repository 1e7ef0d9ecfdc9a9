"""The shared sample reports (../shared/samples, beside the repository): skipped without them.

The real measure of extraction is `make bench` (bench/bench_corpus.py); these tests hold the
floor: the samples' canonical facts at F1 ≥ 0.9, their top-level sections, their metadata.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from fazhi.corpus.canonical import CANONICAL
from fazhi.corpus.pipeline import extract
from fazhi.corpus.tests.fixtures import shared_samples

SAMPLES = shared_samples()
pytestmark = pytest.mark.skipif(
    not (SAMPLES / "gold").is_dir(), reason=f"共享样例目录不存在：{SAMPLES}"
)


def _cases():
    if not (SAMPLES / "gold").is_dir():
        return []
    return sorted(p.stem for p in (SAMPLES / "gold").glob("*.json"))


def _load(stem):
    gold = json.loads((SAMPLES / "gold" / f"{stem}.json").read_text("utf-8"))
    data = (SAMPLES / "reports" / f"{stem}.txt").read_bytes()
    return gold, extract(data, f"{stem}.txt")


def _canonical(pairs):
    return [
        (name, Decimal(str(value)))
        for name, value, target in pairs
        if name in CANONICAL and not target
    ]


@pytest.mark.parametrize("stem", _cases())
def test_a_sample_gives_its_metadata_and_top_level_sections(stem):
    gold, extraction = _load(stem)

    assert extraction.metadata.region == gold["region"]
    assert extraction.metadata.year == gold["year"]
    assert extraction.metadata.level == gold["level"]
    top = [h.number + h.heading for h in extraction.headings if h.level == 1]
    assert top == gold["sections"]


def test_canonical_facts_of_the_samples_score_at_least_0_9():
    tp = fp = fn = 0
    for stem in _cases():
        gold, extraction = _load(stem)
        expected = _canonical(
            (f["indicator"], f["value"], f.get("target", False)) for f in gold["facts"]
        )
        found = _canonical((f.indicator, f.value, f.target) for f in extraction.facts)
        for pair in found:
            if pair in expected:
                expected.remove(pair)
                tp += 1
            else:
                fp += 1
        fn += len(expected)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert 2 * precision * recall / (precision + recall) >= 0.9


@pytest.mark.parametrize("stem", _cases())
def test_every_gold_text_is_in_the_clean_text(stem):
    gold, extraction = _load(stem)

    missing = [f["text"] for f in gold["facts"] if f["text"] not in extraction.text]
    assert missing == []
