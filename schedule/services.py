"""Releasing a summit's agenda. Other areas (the API, webhooks) call `release_schedule`."""

from collections import Counter

from django.db import transaction
from django.utils.translation import gettext as _

from summits.audit import log_action
from summits.models import Summit
from webhooks import events as webhook_events

from .changes import diff_snapshots
from .errors import ReleaseError
from .models import ScheduleRelease
from .queries import latest_release, live_sessions
from .snapshot import build_snapshot


def release_schedule(*, summit, version, actor=None, comment=""):
    """Release the live agenda of `summit` as `version`: a snapshot the public agenda, feeds and
    exports show from now on. Raises ReleaseError (codes: version_required, version_taken)."""
    version = (version or "").strip()
    if not version:
        raise ReleaseError("version_required", _("Name this release, for example “1.0”."), field="version")
    with transaction.atomic():
        # One release at a time per summit: the lock orders concurrent releases.
        Summit.objects.select_for_update().filter(pk=summit.pk).first()
        if ScheduleRelease.objects.filter(summit=summit, version=version).exists():
            raise ReleaseError(
                "version_taken", _("A release named “%(v)s” exists already.") % {"v": version}, field="version"
            )
        summit.__dict__.pop("_schedule_latest_release", None)
        previous = latest_release(summit)
        snapshot = build_snapshot(live_sessions(summit))
        release = ScheduleRelease.objects.create(
            summit=summit, version=version, comment=comment.strip(), snapshot=snapshot, released_by=actor
        )
        changes = diff_snapshots(previous.snapshot if previous else None, snapshot)
        summit.__dict__["_schedule_latest_release"] = release
        log_action(
            "schedule.release.created",
            actor=actor,
            summit=summit,
            obj=release,
            version=version,
            sessions=len(snapshot["sessions"]),
            changes=len(changes),
        )
        # Counts by kind only: a release's webhook never carries a session's details.
        webhook_events.schedule_released(summit, version=version, changes=Counter(c.kind for c in changes))
    return release
