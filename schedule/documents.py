"""The frab exports of a summit as served: rendered once per release and kind, then read back.

Decoding a 500-session snapshot costs several times what the document itself does, so a
released summit's schedule.json and schedule.xml are kept as text (ReleaseDocument), one per
language since the summit's name follows the reader's, and a cold request costs one query.
A summit never released shows its live agenda, built each time (the feeds' bytes cache, keyed
by ETag, still spares repeats).
"""

import functools
import hashlib

from django.conf import settings
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Subquery
from django.utils.translation import get_language
from django.utils.translation import gettext as _

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


# Placeholders for the parameters of the stored-document query, swapped for the real ones.
_KIND, _LANGUAGE, _SUMMIT = "\x00kind", "\x00language", -1


@functools.cache
def _stored_document_query(alias):
    """The stored-document query, built by the ORM once per process and database alias, with
    placeholders where the kind, the language and the summit go: building it and its model
    instances cost about 2 ms of CPU per cold request, five times what sending it and reading
    the row do."""
    latest = ScheduleRelease.objects.filter(summit_id=_SUMMIT).order_by("-pk").values("pk")[:1]
    rows = ReleaseDocument.objects.filter(release_id=Subquery(latest), kind=_KIND, language=_LANGUAGE)
    rows = rows.values_list("body", "fingerprint", "release_id", "release__summit__updated")[:1]
    compiler = rows.query.get_compiler(alias)
    sql, params = compiler.as_sql()
    slots = [{_KIND: "kind", _LANGUAGE: "language", _SUMMIT: "summit_id"}[param] for param in params]
    return compiler, sql, slots, compiler.get_converters([column for column, _, _ in compiler.select])


def _stored_document(summit_id, kind, language):
    """(body, fingerprint, release id, summit's `updated`) of the stored document of `kind` in
    `language` of the summit's latest release: one query, only the columns needed; None if none."""
    alias = router.db_for_read(ReleaseDocument)
    compiler, sql, slots, converters = _stored_document_query(alias)
    values = {"kind": kind, "language": language, "summit_id": summit_id}
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [values[slot] for slot in slots])
        row = cursor.fetchone()
    if row is None or not converters:
        return row
    # SQLite hands the timestamp over as text; the converters read only the alias's settings.
    return next(iter(compiler.apply_converters([row], converters)))


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
