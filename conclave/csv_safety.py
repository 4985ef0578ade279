"""Spreadsheet-safe CSV cells: the one rule every CSV export applies to people's own text."""

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """`value` as text, with a leading apostrophe if a spreadsheet would read it as a formula."""
    text = str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text
