from conclave.csv_safety import csv_cell


def test_formula_starts_get_an_apostrophe_and_plain_text_is_kept():
    cells = ["=HYPERLINK(1)", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "Priya Raman", "", 42]
    assert [csv_cell(c) for c in cells] == [
        "'=HYPERLINK(1)",
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "Priya Raman",
        "",
        "42",
    ]
