"""Reads of the agenda: published summits, their sessions by day, the agenda builder's
sessions and counts, session statistics. Fixed query counts."""

from itertools import groupby

from django.db.models import Count, Prefetch
from django.utils import timezone

from ..enums import RegistrationStatus, SummitStatus
from ..models import Registration, Session, SessionClearance, SessionSignup, Speaker, Summit


def published_summits():
    return Summit.objects.filter(status=SummitStatus.PUBLISHED)


def upcoming_summits():
    return published_summits().filter(end_date__gte=timezone.localdate()).order_by("start_date")


def agenda_sessions(summit):
    """All sessions of a summit with what the agenda shows, in a fixed number of queries."""
    # Through the related manager, so each session's .summit is this object (no query per row).
    return (
        summit.sessions.select_related("room", "track")
        .prefetch_related(Prefetch("speakers", queryset=Speaker.objects.order_by("name")))
        .order_by("starts_at", "room__position", "title")
    )


def sessions_by_local_day(sessions, tz):
    """[(date, [session, ...]), ...] with days in the summit's zone."""
    return [(day, list(items)) for day, items in groupby(sessions, key=lambda s: s.starts_at.astimezone(tz).date())]


def summit_day_spans(summit):
    """{local date: (first start, last end)} of the summit's scheduled sessions. One query."""
    tz = summit.tz
    spans = {}
    rows = summit.sessions.exclude(status="cancelled").order_by().values_list("starts_at", "ends_at")
    for starts_at, ends_at in rows:
        day = starts_at.astimezone(tz).date()
        first, last = spans.get(day, (starts_at, ends_at))
        spans[day] = (min(first, starts_at), max(last, ends_at))
    return spans


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
