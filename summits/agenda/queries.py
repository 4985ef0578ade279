"""Reads of the agenda: published summits, their sessions by day, the agenda builder's
sessions and counts, session statistics, the session download's state. Fixed query counts."""

from itertools import groupby

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Value
from django.utils import timezone

from ..enums import RegistrationStatus, Restriction, SignupStatus, SummitStatus
from ..models import Registration, Session, SessionClearance, SessionSignup, Speaker, Summit
from ..screening.eligibility import is_eligible

# A seat, or a seat in a session since cancelled (it stays, as cancelled, so calendars drop it).
IN_FEED = [SignupStatus.CONFIRMED, SignupStatus.SESSION_CANCELLED]


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


def published_agenda_sessions(summit):
    """What the public agenda shows: the latest schedule release, or the live agenda."""
    if apps.is_installed("schedule"):
        from schedule.queries import released_sessions

        released = released_sessions(summit)
        if released is not None:
            return released
    return agenda_sessions(summit)


def _sessions(summit, queryset):
    """The sessions in feed order, each with its summit and people attached: two queries."""
    sessions = list(queryset.select_related("room").order_by("starts_at", "room__position", "title", "pk"))
    people = {s.pk: ([], []) for s in sessions}
    fields = ["session_id", "speaker__name", "speaker__title", "speaker__organisation"]
    links = [
        getattr(Session, role).through.objects.filter(session_id__in=people).values_list(*fields, Value(n))
        for n, role in enumerate(("speakers", "moderators"))
    ]
    for session_id, *person, role in links[0].union(links[1], all=True):
        people[session_id][role].append(tuple(person))
    for session in sessions:
        session.summit = summit
        session.feed_people = tuple(sorted(p) for p in people[session.pk])
    return sessions


def feed_sessions(summit):
    """A summit's sessions with what a feed shows."""
    return _sessions(summit, summit.sessions.all())


def published_feed_sessions(summit, *, released=True):
    """What the public feed shows: the latest schedule release, or the live agenda.
    `released=False` (the feed's markers saw no release) spares the look-up."""
    if released and apps.is_installed("schedule"):
        from schedule.queries import released_sessions

        released = released_sessions(summit)
        if released is not None:
            return released
    return feed_sessions(summit)


def personal_sessions(registration):
    """Sessions the person holds a seat in, each with the person's clearance (`is_cleared`)."""
    if registration.status not in RegistrationStatus.active():
        return []
    mine = Session.objects.filter(signups__registration=registration, signups__status__in=IN_FEED)
    cleared = SessionClearance.objects.filter(session=OuterRef("pk"), registration=registration, granted=True)
    return _sessions(registration.summit, mine.annotate(is_cleared=Exists(cleared)))


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


# ---------------------------------------------------------------- seats and waiting lists


def seat_limit(session):
    """Seats of a session: its own capacity, else its room's; None means no limit."""
    if session.capacity is not None:
        return session.capacity
    if session.room_id is not None:
        return session.room.capacity
    return None


def confirmed_count(session):
    return SessionSignup.objects.filter(session=session, status=SignupStatus.CONFIRMED).count()


def waitlist_position(signup):
    """1-based place in the session's waiting list, or None if not waiting."""
    if signup.status != SignupStatus.WAITLISTED:
        return None
    ahead = SessionSignup.objects.filter(session_id=signup.session_id, status=SignupStatus.WAITLISTED).filter(
        Q(created__lt=signup.created) | Q(created=signup.created, pk__lt=signup.pk)
    )
    return ahead.count() + 1


def waitlist_positions(signups):
    """{signup_id: position} for the waitlisted ones among `signups`, in one query."""
    waiting = [s for s in signups if s.status == SignupStatus.WAITLISTED]
    if not waiting:
        return {}
    queue = {}
    rows = (
        SessionSignup.objects.filter(session_id__in={s.session_id for s in waiting}, status=SignupStatus.WAITLISTED)
        .order_by("session_id", "created", "pk")
        .values_list("session_id", "pk")
    )
    for session_id, pk in rows:
        queue.setdefault(session_id, []).append(pk)
    return {s.pk: queue[s.session_id].index(s.pk) + 1 for s in waiting}


def agenda_signups(registration):
    """A person's sessions for 'My agenda' and personal feeds: seats, places in line, and
    sessions cancelled under them (shown as cancelled). Ordered by start."""
    return (
        SessionSignup.objects.filter(
            registration=registration,
            status__in=[SignupStatus.CONFIRMED, SignupStatus.WAITLISTED, SignupStatus.SESSION_CANCELLED],
        )
        .select_related("session__summit", "session__room", "session__track")
        .order_by("session__starts_at", "session__pk")
    )


# ---------------------------------------------------------------- session statistics


def session_stats(session):
    """What the session statistics page shows: seats, waiting list in order, sign-ups per
    local day, and for a restricted session who of the approved attendees is eligible,
    awaits screening or is not eligible. A fixed number of queries."""
    summit = session.summit
    signups = list(session_signups(session))
    clearances = clearances_of(session)
    cleared_ids = frozenset(rid for rid, c in clearances.items() if c.granted)  # registration ids

    def eligible(registration):
        own = frozenset({session.pk}) if registration.pk in cleared_ids else frozenset()
        return is_eligible(registration, session, cleared_session_ids=own)

    confirmed = [s for s in signups if s.status == SignupStatus.CONFIRMED]
    waiting = [s for s in signups if s.status == SignupStatus.WAITLISTED]
    for position, signup in enumerate(waiting, start=1):
        signup.position = position
    for signup in signups:
        signup.eligible = eligible(signup.registration)
    tz = summit.tz
    per_day, total = {}, 0
    for signup in signups:
        day = signup.created.astimezone(tz).date()
        per_day[day] = per_day.get(day, 0) + 1
    timeline = []
    for day in sorted(per_day):
        total += per_day[day]
        timeline.append((day, per_day[day], total))
    screening = None
    if session.is_restricted:
        screening = {"eligible": [], "awaiting": [], "not_eligible": []}
        for registration in approved_registrations(summit):
            clearance = clearances.get(registration.pk)
            registration.clearance = clearance
            if eligible(registration):
                screening["eligible"].append(registration)
            elif session.restriction == Restriction.CLEARED and clearance is None:
                screening["awaiting"].append(registration)
            else:
                screening["not_eligible"].append(registration)
    return {
        "limit": seat_limit(session),
        "confirmed": confirmed,
        "waiting": waiting,
        "cancelled_count": len(signups) - len(confirmed) - len(waiting),
        "timeline": timeline,
        "screening": screening,
    }


def session_file(summit, session, access):
    """(the session as its .ics download shows it to `access`, and what the download's ETag covers:
    parts and stamps for calendar.feeds.state_for). Expects the session's people prefetched:
    adding or removing one does not touch the session row."""
    visible = access.can_see(session)
    people = [[p.pk for p in session.speakers.all()], [p.pk for p in session.moderators.all()]]
    parts = [session.pk, session.sequence, session.updated, visible, summit.updated, people]
    stamps = [session.updated, summit.updated]
    shown, release = _as_released(summit, session)
    if release is not None:
        # What the file shows is the release's; the live row above still decides who may see it.
        visible = visible and access.can_see(shown)
        parts += [release.pk, visible]
        stamps.append(release.released_at)
    if not visible and access.can_see(shown):
        shown = session  # closed now though open in the release: the live row renders it closed
    return shown, parts, stamps


def _as_released(summit, session):
    """(the session as the summit's latest release has it, that release), or (session, None) for
    a summit never released or a session not in the release yet (as on the session page)."""
    if not apps.is_installed("schedule"):
        return session, None
    from schedule.queries import latest_release, released_versions

    shown = released_versions(summit, [session]).get(session.pk)
    return (shown, latest_release(summit)) if shown is not None else (session, None)
