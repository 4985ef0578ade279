"""conclave.timezones: wall-clock time in an IANA zone to UTC; a repeated hour asks which occurrence."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from conclave.timezones import FIRST, SECOND, fold_field, fold_number, local_to_utc, repeated_time, zone_label


def test_kolkata_is_five_and_a_half_hours_ahead_of_utc():
    assert local_to_utc(datetime(2027, 2, 17, 9, 30), "Asia/Kolkata") == datetime(2027, 2, 17, 4, 0, tzinfo=UTC)
    assert zone_label("Asia/Kolkata", datetime(2027, 2, 17, 4, tzinfo=UTC)) == "Asia/Kolkata, UTC+05:30"


def test_the_hour_skipped_by_daylight_saving_is_refused():
    # 14 March 2027, 02:30 does not exist in New York: clocks jump from 02:00 to 03:00.
    with pytest.raises(ValidationError) as excinfo:
        local_to_utc(datetime(2027, 3, 14, 2, 30), "America/New_York", field="starts_at")
    assert "does not exist in America/New_York" in excinfo.value.message_dict["starts_at"][0]


def test_the_repeated_hour_needs_its_occurrence_named():
    # 7 November 2027, 01:30 happens twice in New York: first in daylight time (UTC-4), then in standard time.
    repeated = datetime(2027, 11, 7, 1, 30)
    with pytest.raises(ValidationError) as excinfo:
        local_to_utc(repeated, "America/New_York", field="starts_at")
    assert excinfo.value.message_dict["starts_at"] == [
        "01:30 happens twice on 7 Nov 2027 in America/New_York: "
        "choose the first (EDT, UTC\u221204:00) or the second (EST, UTC\u221205:00)."
    ]
    assert local_to_utc(repeated, "America/New_York", fold=0) == datetime(2027, 11, 7, 5, 30, tzinfo=UTC)
    assert local_to_utc(repeated, "America/New_York", fold=1) == datetime(2027, 11, 7, 6, 30, tzinfo=UTC)
    # Either side of the repeated hour, and every other time, needs no choice (and ignores one).
    assert local_to_utc(datetime(2027, 11, 7, 0, 59), "America/New_York") == datetime(2027, 11, 7, 4, 59, tzinfo=UTC)
    assert local_to_utc(datetime(2027, 11, 7, 2, 0), "America/New_York", fold=1) == datetime(
        2027, 11, 7, 7, 0, tzinfo=UTC
    )


def test_the_occurrence_choice_names_each_offset_and_cleans_to_a_fold():
    repeated = repeated_time(datetime(2027, 11, 7, 1, 30), "America/New_York")
    assert repeated.choices() == [
        (FIRST, "The first 01:30 (EDT, UTC\N{MINUS SIGN}04:00), 05:30 UTC"),
        (SECOND, "The second 01:30 (EST, UTC\N{MINUS SIGN}05:00), 06:30 UTC"),
    ]
    field = fold_field("Which 01:30?")
    assert [fold_number(field.clean(v)) for v in (FIRST, SECOND, "third", "")] == [0, 1, None, None]
    assert repeated_time(datetime(2027, 11, 7, 3, 30), "America/New_York") is None
