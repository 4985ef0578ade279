import pytest

from conclave.formfields import MAX_ID, parse_id


@pytest.mark.parametrize(
    "value, expected",
    [
        ("42", 42),
        (" 42", None),
        ("0", None),
        ("-3", None),
        ("²", None),
        ("٣", None),
        ("4e2", None),
        ("", None),
        (None, None),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("x" * 10_000, None),
    ],
)
def test_parse_id_takes_only_ascii_digits_a_database_column_can_hold(value, expected):
    assert parse_id(value) == expected
