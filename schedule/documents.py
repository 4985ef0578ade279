"""The frab exports of a summit as served: rendered once per release and kind, then read back.

Decoding a 500-session snapshot costs several times what the document itself does, so a
released summit's schedule.json and schedule.xml are kept as text (ReleaseDocument), one per
language since the summit's name follows the reader's, and a cold request costs one query.
A summit never released shows its live agenda, built each time (the feeds' bytes cache, keyed
by ETag, still spares repeats).
"""

import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Subquery
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from conclave.compiled_query import CompiledRead
from summits.models import Summit

from .exports import schedule_data, schedule_json, schedule_xml
from .models import ReleaseDocument, ScheduleRelease
from .queries import live_sessions
from .snapshot import build_snapshot

EXPORT_FORMAT = 1  # raise when the exports' layout changes: stored documents and ETags renew
RENDERERS = {"json": schedule_json, "xml": schedule_xml}


def fingerprint(kind, site_url, release_id, summit_id, summit_updated):
    """What a stored document depends on besides its release's snapshot (which never changes)."""
    parts = (EXPORT_FORMAT, kind, site_url, release_id, summit_id, summit_updated.isoformat())
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _latest_documents(summit_id, kind, language):
    latest = ScheduleRelease.objects.filter(summit_id=summit_id).order_by("-pk").values("pk")[:1]
    rows = ReleaseDocument.objects.filter(release_id=Subquery(latest), kind=kind, language=language)
    return rows.values_list("body", "fingerprint", "release_id", "release__summit__updated")[:1]


# Building this query and its model instances cost about 2 ms of CPU per cold request, five
# times what sending it and reading the row do: it is compiled once per process.
_STORED_DOCUMENT = CompiledRead(
    ReleaseDocument, _latest_documents, summit_id=-1, kind="\x00kind", language="\x00language"
)


def _stored_document(summit_id, kind, language):
    """(body, fingerprint, release id, summit's `updated`) of the stored document of `kind` in
    `language` of the summit's latest release: one query, only the columns needed; None if none."""
    return _STORED_DOCUMENT.first(summit_id=summit_id, kind=kind, language=language)


def export_bytes(summit_id, kind, *, site_url, released=True):
    """schedule.`kind` of the summit as the public sees it: the latest release's stored
    document (rendered and stored now if missing or stale), or the live agenda's.
    `released=False` (the markers saw no release) spares the look-up."""
    render, language = RENDERERS[kind], get_language() or settings.LANGUAGE_CODE
    if released:
        document = _stored_document(summit_id, kind, language)
        if document is not None:
            body, stored, release_id, summit_updated = document
            if stored == fingerprint(kind, site_url, release_id, summit_id, summit_updated):
                return body.encode()
        release = ScheduleRelease.objects.filter(summit_id=summit_id).select_related("summit").order_by("-pk").first()
    else:
        release = None
    if release is None:
        summit = Summit.objects.get(pk=summit_id)
        records = build_snapshot(live_sessions(summit))["sessions"]
        return render(schedule_data(summit, records, version=_("draft"), site_url=site_url))
    summit = release.summit
    records = release.snapshot.get("sessions", [])  # decoded only to render the document again
    body = render(schedule_data(summit, records, version=release.version, site_url=site_url))
    _store(release, kind, language, fingerprint(kind, site_url, release.pk, summit.pk, summit.updated), body)
    return body


def _store(release, kind, language, expected, body):
    try:
        with transaction.atomic():
            ReleaseDocument.objects.update_or_create(
                release_id=release.pk,
                kind=kind,
                language=language,
                defaults={"fingerprint": expected, "body": body.decode()},
            )
    except IntegrityError:
        pass  # a concurrent request stored the same document first
