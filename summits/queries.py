from itertools import groupby

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from .enums import RegistrationStatus, SummitStatus
from .models import Registration, Speaker, Summit


def published_summits():
    return Summit.objects.filter(status=SummitStatus.PUBLISHED)


def upcoming_summits():
    return published_summits().filter(end_date__gte=timezone.localdate()).order_by("start_date")


def summits_organized_by(user):
    if user.is_superuser:
        return Summit.objects.all()
    return Summit.objects.filter(organizers=user)


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


def registration_counts(summit):
    """{category_id: {status: count}} for the organizer dashboard."""
    rows = Registration.objects.filter(summit=summit).values("category_id", "status").annotate(n=Count("pk")).order_by()
    counts = {}
    for row in rows:
        counts.setdefault(row["category_id"], {})[row["status"]] = row["n"]
    return counts


def seats_taken(category):
    return Registration.objects.filter(category=category, status__in=RegistrationStatus.seat_holding()).count()


def registrations_for_screening(summit, *, status=None, search=""):
    qs = Registration.objects.filter(summit=summit).select_related("user", "category")
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(
            Q(badge_name__icontains=search) | Q(organisation__icontains=search) | Q(user__email__icontains=search)
        )
    return qs.order_by("created", "pk")


def screening_queue(summit):
    """Registrations of the summit that still count (pending, approved, waiting list), with
    who last screened them, in one query; the screening page groups them by their state."""
    return (
        Registration.objects.filter(summit=summit, status__in=RegistrationStatus.active())
        .select_related("user", "category", "eligibility_checked_by")
        .order_by("-eligibility_checked_at", "created", "pk")
    )


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
