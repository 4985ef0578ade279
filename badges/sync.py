"""The offline desk's upload: scans made without a network, each with a client-made id and its
time, decided in time order by the same rules as an online scan. Idempotent: a scan id already
stored answers what was stored, and is not stored again."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ScanInputError
from .lists import scan_at_list
from .models import ListEntry
from .queries import checkin_list_of
from .sync_batch import BatchRace, accept_paper_acknowledgement, decide_batch

MAX_SCANS_PER_UPLOAD = 500
CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# A desk's clock may run a little ahead of the server's; more than this is refused.
CLOCK_SLACK = timedelta(minutes=2)
# An offline queue older than this is not a desk that lost its network for a while.
MAX_AGE = timedelta(days=3)


class SyncError(ScanInputError):
    """The upload as a whole is not one (answered with 400, nothing stored)."""


@dataclass
class QueuedScan:
    client_id: str
    code: str
    at: datetime
    desk: str
    shown: str
    # At the exit desk of a list that tracks exits.
    exit: bool = False
    # The acknowledgement version the person signed on paper at this (offline) door.
    acknowledgement: int | None = None


def parse_upload(payload, *, summit):
    """(checkin_list, [QueuedScan], [refusals]) from the decoded JSON body. SyncError for a body
    that is not an upload of this summit's list; a single bad scan is refused on its own."""
    if not isinstance(payload, dict) or not isinstance(payload.get("scans"), list):
        raise SyncError("malformed", _("Expected an object with a list of scans."))
    list_id = payload.get("list")
    if not isinstance(list_id, int) or isinstance(list_id, bool):
        raise SyncError("malformed", _("Expected the id of the desk's check-in list."))
    checkin_list = checkin_list_of(summit, list_id)
    if checkin_list is None:
        raise SyncError("unknown_list", _("This desk's list is not one of this summit's lists."))
    scans = payload["scans"]
    if len(scans) > MAX_SCANS_PER_UPLOAD:
        raise SyncError("too_many", _("Send at most %(count)s scans at once.") % {"count": MAX_SCANS_PER_UPLOAD})
    now = timezone.now()
    queued, refused = [], []
    for item in scans:
        scan, reason = _parse_scan(item, now)
        if scan is None:
            refused.append(
                {"id": item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None, **reason}
            )
        else:
            queued.append(scan)
    queued.sort(key=lambda s: (s.at, s.client_id))
    return checkin_list, queued, refused


def _parse_scan(item, now):
    def refuse(code, message):
        return None, {"stored": "refused", "code": code, "message": message}

    if not isinstance(item, dict):
        return refuse("malformed", _("A scan is an object."))
    client_id, code, at = item.get("id"), item.get("code"), item.get("at")
    if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
        return refuse("bad_id", _("A scan needs an id of 8 to 64 letters, digits, - or _."))
    if not isinstance(code, str) or not isinstance(at, str):
        return refuse("malformed", _("A scan needs its code and its time."))
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return refuse("bad_time", _("The scan's time is not an ISO 8601 time."))
    if moment.tzinfo is None:
        return refuse("bad_time", _("The scan's time needs its offset from UTC."))
    if moment > now + CLOCK_SLACK:
        return refuse("future", _("The scan's time is in the future: check the desk's clock."))
    if moment < now - MAX_AGE:
        return refuse("too_old", _("The scan is too old to count."))
    desk = item.get("desk") if isinstance(item.get("desk"), str) else ""
    shown = item.get("outcome") if isinstance(item.get("outcome"), str) else ""
    acknowledgement = item.get("acknowledgement")
    if acknowledgement is not None and (
        not isinstance(acknowledgement, int) or isinstance(acknowledgement, bool) or not 0 < acknowledgement < 2**31
    ):
        return refuse("malformed", _("The acknowledgement is the id of its version."))
    exit = item.get("exit", False) is True
    return QueuedScan(client_id, code[:200], moment, desk[:60], shown[:40], exit, acknowledgement), None


@transaction.atomic
def sync_offline_scans(*, summit, staff, payload):
    """Store an offline desk's queued scans in time order; one answer per scan, in the order sent
    back: {"id", "stored": "new" | "duplicate" | "refused", "outcome", "message"}. One
    transaction for the upload, decided as one batch (badges/sync_batch.py); if a desk online
    wrote one of its people at the same moment, the batch is decided again one scan at a time."""
    checkin_list, queued, answers = parse_upload(payload, summit=summit)
    known = dict(
        ListEntry.objects.filter(client_id__in=[s.client_id for s in queued]).values_list("client_id", "outcome")
    )
    fresh, seen, no_exits = [], set(), set()
    for scan in queued:
        if scan.client_id in known or scan.client_id in seen:
            continue
        seen.add(scan.client_id)
        if scan.exit and not checkin_list.track_exits:
            no_exits.add(scan.client_id)
        else:
            fresh.append(scan)
    try:
        with transaction.atomic():
            decided = decide_batch(checkin_list=checkin_list, staff=staff, scans=fresh)
    except BatchRace:
        decided = _one_by_one(checkin_list, staff, fresh)
    for scan in queued:
        if scan.client_id in decided:
            answers.append({"id": scan.client_id, **decided.pop(scan.client_id)})
        elif scan.client_id in no_exits:
            no_exits.discard(scan.client_id)
            message = _("This list does not record exits.")
            answers.append({"id": scan.client_id, "stored": "refused", "code": "no_exits", "message": message})
        else:
            answers.append({"id": scan.client_id, "stored": "duplicate", "outcome": known.get(scan.client_id, "")})
    return answers


def _one_by_one(checkin_list, staff, scans):
    """The slow path: each scan in its own savepoint, as the online desk decides it."""
    decided = {}
    for scan in scans:
        refusal = accept_paper_acknowledgement(checkin_list, staff, scan) if scan.acknowledgement else None
        try:
            result = scan_at_list(
                checkin_list=checkin_list,
                raw_code=scan.code,
                staff=staff,
                desk=scan.desk,
                at=scan.at,
                client_id=scan.client_id,
                offline=True,
                shown=scan.shown,
                exit=scan.exit,
            )
        except ScanInputError as error:
            decided[scan.client_id] = {"stored": "refused", "code": error.code, "message": error.message}
            continue
        except IntegrityError:
            # The same scan id arrived twice at the same moment: the other upload stored it.
            decided[scan.client_id] = {"stored": "duplicate", "outcome": ""}
            continue
        decided[scan.client_id] = {"stored": "new", "outcome": result.outcome, "message": result.message}
        if refusal:
            decided[scan.client_id]["acknowledgement"] = refusal
    return decided
