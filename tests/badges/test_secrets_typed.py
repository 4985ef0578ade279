from badges.secrets import normalize_code


def test_code_typed_as_printed_in_groups_reads_as_the_code():
    assert normalize_code("qtfn m74m 3ejf-5x7s  5tr4 z7gc") == "QTFNM74M3EJF5X7S5TR4Z7GC"


def test_code_with_other_characters_is_not_a_code():
    assert normalize_code("QTFN/M74M") is None
