"""Region.county(): the county a township or village is in."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_village_and_a_township_are_in_their_county_and_a_city_in_none(tree):
    regions = tree["regions"]
    assert regions["village"].county() == regions["county"]
    assert regions["qingshi"].county() == regions["county"]
    assert regions["county"].county() == regions["county"]
    assert regions["city"].county() is None
