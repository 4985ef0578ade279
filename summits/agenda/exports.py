"""CSV builders of the agenda: objects in, rows out; the view only writes them."""

from conclave.csv_safety import csv_cell

from ..enums import SignupStatus
from ..screening.eligibility import is_eligible
from .queries import session_signups


def attendee_rows(session):
    """Header, then one row per seat or place in line of `session`, in queue order, with eligibility."""
    tz = session.summit.tz
    yield [
        "status",
        "waiting_position",
        "name",
        "organisation",
        "email",
        "category",
        "eligible",
        f"signed_up ({tz.key})",
    ]
    signups = [s for s in session_signups(session) if s.status in SignupStatus.active()]
    cleared = frozenset(c.registration_id for c in session.clearances.filter(granted=True))
    position = 0
    for signup in signups:
        registration = signup.registration
        if signup.status == SignupStatus.WAITLISTED:
            position += 1
        ids = frozenset({session.pk}) if registration.pk in cleared else frozenset()
        yield [
            signup.status,
            position if signup.status == SignupStatus.WAITLISTED else "",
            csv_cell(registration.badge_name),
            csv_cell(registration.organisation),
            registration.user.email,
            registration.category.name,
            "yes" if is_eligible(registration, session, cleared_session_ids=ids) else "no",
            signup.created.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        ]
