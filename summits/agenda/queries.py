"""Read queries of the agenda builder and session statistics. Fixed query counts."""

from django.db.models import Count, Prefetch

from ..enums import RegistrationStatus
from ..models import Registration, Session, SessionClearance, SessionSignup, Speaker


def builder_sessions(summit):
    """Every session (cancelled included) with room, track, speakers and moderators: four queries."""
    people = Speaker.objects.only("pk", "name", "summit_id").order_by("name")
    return (
        Session.objects.filter(summit=summit)
        .select_related("room", "track")
        .prefetch_related(Prefetch("speakers", queryset=people), Prefetch("moderators", queryset=people))
        .order_by("starts_at", "room__position", "title")
    )


def signup_counts(summit):
    """{session_id: {status: n}} for all of a summit's sessions, in one query."""
    rows = (
        SessionSignup.objects.filter(session__summit=summit)
        .values("session_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {}
    for row in rows:
        counts.setdefault(row["session_id"], {})[row["status"]] = row["n"]
    return counts


def session_signups(session):
    """Sign-ups of a session in queue order, with the people."""
    return (
        SessionSignup.objects.filter(session=session)
        .select_related("registration__user", "registration__category")
        .order_by("created", "pk")
    )


def approved_registrations(summit):
    return Registration.objects.filter(summit=summit, status=RegistrationStatus.APPROVED).select_related(
        "user", "category"
    )


def clearances_of(session):
    """{registration_id: SessionClearance} with who decided."""
    return {c.registration_id: c for c in SessionClearance.objects.filter(session=session).select_related("decided_by")}
