"""The canonical names the corpus shares with the indicators the project computes."""

from __future__ import annotations

from fazhi.corpus.canonical import COMPUTED_NAMES
from fazhi.indicators import registry


def test_every_name_computed_by_the_project_is_a_registered_indicator():
    registered = {indicator.name for indicator in registry.all()}

    assert [name for name in COMPUTED_NAMES if name not in registered] == []
