from datetime import UTC, datetime

from conclave.intervals import overlaps


def at(hour, minute=0):
    return datetime(2027, 1, 28, hour, minute, tzinfo=UTC)


def test_half_open_intervals_overlap_only_when_they_share_a_moment():
    assert overlaps(at(9), at(10), at(9, 30), at(11))
    assert overlaps(at(9), at(12), at(10), at(11))  # one inside the other
    assert overlaps(at(10), at(11), at(9), at(12))
    assert not overlaps(at(9), at(10), at(10), at(11))  # back to back
    assert not overlaps(at(10), at(11), at(9), at(10))
    assert not overlaps(at(9), at(10), at(11), at(12))
