"""The check-in list as CSV rows: a pure builder (registrations in, rows out); the view writes them."""

from conclave.csv_safety import csv_cell

from .queries import checkin_export_rows


def checkin_csv_rows(summit):
    """The header, then one row per registration of `summit` with its check-in (times in the summit's
    zone, text cells made safe for spreadsheets). The same two queries whatever the number."""
    yield [
        "name",
        "organisation",
        "category",
        "registration status",
        f"checked in ({summit.timezone})",
        "desk",
        "staff",
    ]
    for registration in checkin_export_rows(summit):
        checkin = getattr(registration, "checkin", None)
        yield [
            csv_cell(registration.badge_name),
            csv_cell(registration.organisation),
            csv_cell(registration.category.name),
            registration.status,
            f"{checkin.created.astimezone(summit.tz):%Y-%m-%d %H:%M}" if checkin else "",
            csv_cell(checkin.desk) if checkin else "",
            checkin.staff.email if checkin and checkin.staff else "",
        ]
