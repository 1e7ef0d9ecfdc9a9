"""Sample cases in the `tree` county, with known figures for 2022, 2023 and 2024.

示例县 2023 (closed_on in 2023): J1 J2 J3 (示例县司法局), Q1 (青石镇), V1 (青石村), B1 (白沙镇)
= 6 closed, of which J2 J3 V1 lost → 50.00%. 2022: J0 J00 Q0 = 3 closed, J0 lost → 33.33%.
Received in 2023: J1 J2 J3 J4 J5 Q1 V1 = 7; in 2022: J0 J00 Q0 B1 = 4.
The peer county 临溪县 has P1 P2, both lost in 2023, which must never count for 示例县.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.testapp.models import SampleCase

D = dt.date

ROWS = [
    # title, unit key, received_on, closed_on, lost
    ("J1", "justice", D(2023, 2, 1), D(2023, 3, 1), False),
    ("J2", "justice", D(2023, 5, 1), D(2023, 6, 15), True),
    ("J3", "justice", D(2023, 11, 1), D(2023, 12, 31), True),
    ("J4", "justice", D(2023, 12, 1), D(2024, 1, 1), True),
    ("J5", "justice", D(2023, 12, 20), None, False),
    ("Q1", "qingshi", D(2023, 1, 1), D(2023, 4, 1), False),
    ("V1", "village", D(2023, 3, 1), D(2023, 9, 1), True),
    ("B1", "baisha", D(2022, 12, 31), D(2023, 1, 1), False),
    ("P1", "peer_justice", D(2023, 2, 1), D(2023, 3, 1), True),
    ("P2", "peer_justice", D(2023, 4, 1), D(2023, 5, 1), True),
    ("J0", "justice", D(2022, 1, 10), D(2022, 5, 1), True),
    ("J00", "justice", D(2022, 2, 1), D(2022, 6, 1), False),
    ("Q0", "qingshi", D(2022, 3, 1), D(2022, 7, 1), False),
]


@pytest.fixture
def cases(tree):
    units = tree["units"]
    created = {}
    for title, unit, received_on, closed_on, lost in ROWS:
        created[title] = SampleCase.objects.create(
            title=title, unit=units[unit], received_on=received_on, closed_on=closed_on, lost=lost
        )
    return created
