"""Reads of schedule releases: the latest release, the published sessions every public reader
shows, the change markers behind the feeds' and exports' ETags, and the changelog."""

from datetime import datetime

from django.db import connections, router
from django.db.models import Max, Prefetch, Subquery

from summits.models import Speaker

from .changes import RENAMED, diff_snapshots
from .models import ScheduleRelease
from .snapshot import build_snapshot, restore_session, restore_sessions
from .snapshot_records import VENDORS, SessionRecords

_LATEST = "_schedule_latest_release"


def releases_of(summit):
    return ScheduleRelease.objects.filter(summit=summit).select_related("released_by").order_by("-pk")


def latest_release(summit):
    """The summit's latest release or None; one query, remembered on the summit object."""
    if _LATEST not in summit.__dict__:
        summit.__dict__[_LATEST] = ScheduleRelease.objects.filter(summit=summit).order_by("-pk").first()
    return summit.__dict__[_LATEST]


def latest_release_id(summit):
    """The latest release's id or None, without its snapshot (one small query, or none if the
    release was read already)."""
    if _LATEST in summit.__dict__:
        release = summit.__dict__[_LATEST]
        return release.pk if release is not None else None
    release_id = ScheduleRelease.objects.filter(summit=summit).order_by("-pk").values_list("pk", flat=True).first()
    if release_id is None:
        summit.__dict__[_LATEST] = None  # no release to read later either
    return release_id


def live_sessions(summit):
    """The draft being edited: every session with room, track and people (four queries)."""
    people = Speaker.objects.order_by("name", "pk")
    sessions = list(
        summit.sessions.select_related("room", "track")
        .prefetch_related(Prefetch("speakers", queryset=people), Prefetch("moderators", queryset=people))
        .order_by("starts_at", "room__position", "title", "pk")
    )
    for session in sessions:
        session.feed_people = tuple(
            sorted((p.name, p.title, p.organisation) for p in getattr(session, role).all())
            for role in ("speakers", "moderators")
        )
    return sessions


def _order(session):
    return (session.starts_at, session.room.position if session.room else 0, session.title, session.pk)


def released_sessions(summit):
    """The latest release's sessions in agenda order, or None if the summit was never released."""
    release = latest_release(summit)
    if release is None:
        return None
    return sorted(restore_sessions(release.snapshot, summit), key=_order)


def published_sessions(summit):
    """What the public sees of a summit's sessions: the latest release, or the live agenda of a
    summit never released. Unsaved Session objects for a release (same ids); readers still ask
    SessionAccess before showing a restricted session's details."""
    released = released_sessions(summit)
    return live_sessions(summit) if released is None else released


def published_records(summit):
    """What the exports show, as snapshot records (plain dicts, see snapshot.py): the latest
    release's, or the live agenda's of a summit never released."""
    release = latest_release(summit)
    if release is None:
        return build_snapshot(live_sessions(summit))["sessions"]
    return release.snapshot.get("sessions", [])


def as_released(summit, sessions):
    """Live sessions (a person's seats) shown as the latest release has them; sessions not in
    the release yet are left out. Attributes the caller annotated (`is_cleared`) are kept."""
    release = latest_release(summit)
    if release is None:
        return sessions
    records = {record["id"]: record for record in release.snapshot.get("sessions", [])}
    shown = []
    for live in sessions:
        record = records.get(live.pk)
        if record is None:
            continue
        session = restore_session(record, summit)
        session.is_cleared = getattr(live, "is_cleared", False)
        shown.append(session)
    return shown


def released_versions(summit, sessions):
    """{id: the session as the latest release has it} for those of the live `sessions` that are
    in it, each with `.live` (the live row: seats, and who may see it now); {} for a summit never
    released. Readers show a session only to whom may see both versions."""
    release, records = _released_records(summit, [live.pk for live in sessions])
    if release is None:
        return {}
    shown = {}
    for live in sessions:
        record = records.get(live.pk)
        if record is not None:
            shown[live.pk] = restore_session(record, summit)
            shown[live.pk].live = live
    return shown


def _released_records(summit, ids):
    """(the latest release, {id: its record} for `ids`): one query. The database picks the few
    records out of the snapshot unless the release was read whole already, so a single-session
    .ics (and its 304) neither sends nor decodes the other sessions. The release is remembered
    as `latest_release` is, with its snapshot left to load if a later reader wants it."""
    known = summit.__dict__.get(_LATEST)
    whole = _LATEST in summit.__dict__ and (known is None or "snapshot" in known.__dict__)
    if whole or connections[router.db_for_read(ScheduleRelease)].vendor not in VENDORS:
        release = latest_release(summit)
        if release is None:
            return None, {}
        if "_records" not in release.__dict__:
            release.__dict__["_records"] = {record["id"]: record for record in release.snapshot.get("sessions", [])}
        return release, release.__dict__["_records"]
    releases = ScheduleRelease.objects.filter(pk=known.pk) if known else ScheduleRelease.objects.filter(summit=summit)
    release = releases.order_by("-pk").defer("snapshot").annotate(picked=SessionRecords(ids)).first()
    summit.__dict__.setdefault(_LATEST, release)
    return release, {record["id"]: record for record in release.picked} if release else {}


def release_markers(summit):
    """Scalar subqueries for a feed's change markers: the latest release of `summit` (an OuterRef)."""
    releases = ScheduleRelease.objects.filter(summit=summit).order_by().values("summit")
    return {
        "release_id": Subquery(releases.annotate(v=Max("pk")).values("v")),
        "release_at": Subquery(releases.annotate(v=Max("released_at")).values("v")),
    }


def pending_changes(summit):
    """What releasing now would change: the live draft against the latest release."""
    release = latest_release(summit)
    return diff_snapshots(release.snapshot if release else None, build_snapshot(live_sessions(summit)))


def changelog(summit, access):
    """[(release, [entry, ...]), ...], newest release first. An entry shows a session's title
    only when `access` may see it both as that release had it and as the latest has it; else
    it is "Closed session" with time and room (as on the agenda), and a rename is left out."""
    releases = list(releases_of(summit).order_by("pk"))
    if not releases:
        return []
    latest = {r["id"]: r for r in releases[-1].snapshot.get("sessions", [])}

    def visible(record):
        versions = [record, latest.get(record["id"], record)]
        return all(access.can_see(restore_session(v, summit)) for v in versions)

    log, previous = [], None
    for release in releases:
        entries = []
        for change in diff_snapshots(previous, release.snapshot):
            shown = visible(change.new or change.old) and (change.old is None or visible(change.old))
            if change.kind == RENAMED and not shown:
                continue
            entries.append(_entry(change, shown, summit))
        log.append((release, entries))
        previous = release.snapshot
    return log[::-1]


def _when(record, summit):
    tz = summit.tz
    return {
        "starts_at": datetime.fromisoformat(record["starts_at"]).astimezone(tz),
        "ends_at": datetime.fromisoformat(record["ends_at"]).astimezone(tz),
        "room": record["room"]["name"] if record.get("room") else "",
    }


def _entry(change, shown, summit):
    current = change.new or change.old
    return {
        "kind": change.kind,
        "session_id": change.session_id,
        "visible": shown,
        "title": current["title"] if shown else None,
        "old_title": change.old["title"] if shown and change.old else None,
        "new": _when(change.new, summit) if change.new else None,
        "old": _when(change.old, summit) if change.old else None,
        "linked": change.new is not None,
    }
