"""The frab exports of a summit as served: rendered once per release and kind, then read back.

Decoding a 500-session snapshot costs several times what the document itself does, so a
released summit's schedule.json and schedule.xml are kept as bytes (ReleaseDocument) and a
cold request costs one query. A summit never released shows its live agenda, built each time
(the feeds' bytes cache, keyed by ETag, still spares repeats).
"""

import hashlib

from django.db import IntegrityError, transaction
from django.db.models import Subquery
from django.utils.translation import gettext as _

from summits.models import Summit

from .exports import schedule_data, schedule_json, schedule_xml
from .models import ReleaseDocument, ScheduleRelease
from .queries import live_sessions
from .snapshot import build_snapshot

EXPORT_FORMAT = 1  # raise when the exports' layout changes: stored documents and ETags renew
RENDERERS = {"json": schedule_json, "xml": schedule_xml}


def fingerprint(summit, release, kind, site_url):
    """What a stored document depends on besides its release's snapshot (which never changes)."""
    parts = (EXPORT_FORMAT, kind, site_url, release.pk, summit.pk, summit.updated.isoformat())
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _stored_document(summit_id, kind):
    """The stored document of `kind` of the summit's latest release, with the release (without
    its snapshot) and the summit: one query; None if that release has none yet."""
    latest = ScheduleRelease.objects.filter(summit_id=summit_id).order_by("-pk").values("pk")[:1]
    return (
        ReleaseDocument.objects.filter(release_id=Subquery(latest), kind=kind)
        .select_related("release__summit")
        .defer("release__snapshot")
        .first()
    )


def export_bytes(summit_id, kind, *, site_url, released=True):
    """schedule.`kind` of the summit as the public sees it: the latest release's stored
    document (rendered and stored now if missing or stale), or the live agenda's.
    `released=False` (the markers saw no release) spares the look-up."""
    render = RENDERERS[kind]
    document = _stored_document(summit_id, kind) if released else None
    if document is not None:
        release, summit = document.release, document.release.summit
        if document.fingerprint == fingerprint(summit, release, kind, site_url):
            return document.body.encode()
    else:
        release = None
        if released:
            release = ScheduleRelease.objects.filter(summit_id=summit_id).select_related("summit").order_by("-pk")
            release = release.first()
        if release is None:
            summit = Summit.objects.get(pk=summit_id)
            records = build_snapshot(live_sessions(summit))["sessions"]
            return render(schedule_data(summit, records, version=_("draft"), site_url=site_url))
        summit = release.summit
    records = release.snapshot.get("sessions", [])  # decoded only to render the document again
    body = render(schedule_data(summit, records, version=release.version, site_url=site_url))
    _store(release, kind, fingerprint(summit, release, kind, site_url), body)
    return body


def _store(release, kind, expected, body):
    try:
        with transaction.atomic():
            ReleaseDocument.objects.update_or_create(
                release_id=release.pk, kind=kind, defaults={"fingerprint": expected, "body": body.decode()}
            )
    except IntegrityError:
        pass  # a concurrent request stored the same document first
