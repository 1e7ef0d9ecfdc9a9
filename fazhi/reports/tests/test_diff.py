"""The readable comparison of two versions."""

from fazhi.reports import diff


def test_paragraphs_added_removed_and_changed_are_told_apart():
    old = "第一段。\n第二段旧文字。\n第三段。"
    new = "第一段。\n第二段新文字。\n第四段。\n第五段。"
    kinds = [line.kind for line in diff.compare(old, new)]
    assert kinds[0] == "same" and "changed" in kinds
    counts = diff.summary(diff.compare(old, new))
    assert counts["added"] > 0 and counts["removed"] > 0


def test_a_changed_paragraph_shows_only_the_characters_that_differ():
    runs = diff.inline("调撤率达61.01%，居全市第一", "调撤率达60.00%，居全市第二")
    assert [(r.kind, r.text) for r in runs] == [
        ("same", "调撤率达"),
        ("removed", "61.01%"),
        ("added", "60.00%"),
        ("same", "，居全市第"),
        ("removed", "一"),
        ("added", "二"),
    ]
