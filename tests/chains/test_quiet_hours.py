from datetime import datetime, time, timezone

import pytest

from saleor_retention.chains.quiet_hours import quiet_until, shopper_zone

NIGHT = (time(21), time(8))


@pytest.mark.parametrize("countries, zone", [
    (("RU",), "Europe/Moscow"), (("US",), "America/New_York"), (("PL",), "Europe/Warsaw"),
    (("", "DE"), "Europe/Berlin"), (("XX",), "Asia/Tokyo"), ((), "Asia/Tokyo"),
])
def test_the_shoppers_zone_comes_from_the_first_known_country(countries, zone):
    assert shopper_zone(countries, "Asia/Tokyo").key == zone


@pytest.mark.parametrize("utc, expected", [
    (datetime(2026, 11, 16, 12, 0), None),                          # 15:00 in Moscow
    (datetime(2026, 11, 16, 18, 30), datetime(2026, 11, 17, 5, 0)),  # 21:30 → 08:00 next day
    (datetime(2026, 11, 17, 2, 0), datetime(2026, 11, 17, 5, 0)),    # 05:00 → 08:00 same day
    (datetime(2026, 11, 17, 5, 0), None),                           # 08:00 sharp: open
])
def test_quiet_hours_wait_for_the_morning(utc, expected):
    # when
    opening = quiet_until(utc.replace(tzinfo=timezone.utc), shopper_zone(("RU",), "UTC"), *NIGHT)

    # then
    assert opening == (expected.replace(tzinfo=timezone.utc) if expected else None)
