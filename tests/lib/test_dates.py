from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from ficfest.lib.dates import (
    add_local_days,
    describe,
    local_midnight,
    month_bounds,
    time_zone_names,
    validate_time_zone,
)


def test_it_starts_an_auckland_december_on_the_previous_day_in_utc():
    opens, closes = month_bounds(2026, 12, "Pacific/Auckland")
    assert opens == datetime(2026, 11, 30, 11, tzinfo=UTC)  # NZDT is UTC+13
    assert closes == datetime(2026, 12, 31, 11, tzinfo=UTC)


def test_it_gives_a_month_across_a_summer_time_change_its_two_offsets():
    # Los Angeles moves to PDT on 8 March 2026: March starts at UTC-8 and April at UTC-7.
    opens, closes = month_bounds(2026, 3, "America/Los_Angeles")
    assert opens == datetime(2026, 3, 1, 8, tzinfo=UTC)
    assert closes == datetime(2026, 4, 1, 7, tzinfo=UTC)
    assert (closes - opens).total_seconds() == (31 * 24 - 1) * 3600


def test_it_wraps_december_into_the_next_year():
    assert month_bounds(2026, 12, "UTC") == (
        datetime(2026, 12, 1, tzinfo=UTC),
        datetime(2027, 1, 1, tzinfo=UTC),
    )


def test_it_starts_a_day_whose_midnight_is_skipped_when_the_clocks_jump():
    # Chile's summer time begins at midnight: 6 September 2026 starts at 01:00 local.
    start = local_midnight(date(2026, 9, 6), "America/Santiago")
    assert start == datetime(2026, 9, 6, 4, tzinfo=UTC)
    assert describe(start, "America/Santiago") == "Sun 6 Sep 2026, 01:00 (America/Santiago)"


def test_it_keeps_a_deadline_s_hour_across_a_summer_time_change():
    claimed = datetime(2026, 3, 2, 20, tzinfo=UTC)  # noon in Los Angeles, PST
    due = add_local_days(claimed, 14, "America/Los_Angeles")
    assert due == datetime(2026, 3, 16, 19, tzinfo=UTC)  # noon again, PDT


def test_it_names_the_zone_by_abbreviation_or_by_its_name():
    when = datetime(2026, 11, 30, 11, tzinfo=UTC)
    assert describe(when, "Pacific/Auckland") == "Tue 1 Dec 2026, 00:00 NZDT"
    assert describe(when, "Europe/London") == "Mon 30 Nov 2026, 11:00 GMT"
    assert describe(when, "Asia/Singapore") == "Mon 30 Nov 2026, 19:00 (Asia/Singapore)"
    assert describe(when, "UTC", weekday=False) == "30 Nov 2026, 11:00 UTC"


def test_it_refuses_a_zone_it_does_not_know_with_a_clear_message():
    validate_time_zone("America/Los_Angeles")
    with pytest.raises(ValidationError) as refusal:
        validate_time_zone("Mars/Olympus_Mons")
    assert "“Mars/Olympus_Mons” is not a time zone we know" in refusal.value.messages[0]


@given(
    st.integers(min_value=2000, max_value=2100),
    st.integers(min_value=1, max_value=12),
    st.sampled_from(["Pacific/Auckland", "America/Los_Angeles", "Europe/London", "Asia/Kolkata",
                     "America/Santiago", "Pacific/Chatham", "UTC"]),
)  # fmt: skip
def test_it_makes_months_that_follow_each_other_without_gaps(year, month, zone):
    opens, closes = month_bounds(year, month, zone)
    following = month_bounds(year + month // 12, month % 12 + 1, zone)
    assert opens < closes == following[0]
    assert opens.tzinfo is UTC


def test_it_knows_the_zones_the_tests_use():
    assert {"Pacific/Auckland", "America/Los_Angeles", "Asia/Singapore"} <= set(time_zone_names())
