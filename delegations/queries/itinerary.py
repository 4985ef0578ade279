"""Itineraries as day-by-day entries: a delegation's, and a member's own ("my itinerary"),
merged with the sessions they signed up for. Every function runs a fixed number of queries."""

import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

from django.apps import apps
from django.db.models import Prefetch, Q
from django.utils.translation import gettext, gettext_lazy

from conclave.timezones import zone_label
from summits.enums import SignupStatus
from summits.models import Session, SessionSignup, Summit
from summits.screening.eligibility import SessionAccess

from ..enums import ItemKind
from ..models import Delegation, ItineraryItem, Membership, SiteVisit
from .clashes import flag_clashes, flag_member_session_clashes
from .roster import person_name

CLOSED_TITLE = gettext_lazy("Closed session")


@dataclass
class Entry:
    """One line of an itinerary, whatever it came from (an item or a session sign-up)."""

    key: str
    kind: str
    kind_label: str
    title: str
    starts_at: datetime
    ends_at: datetime
    start_tz: str
    end_tz: str
    start_place: str = ""
    end_place: str = ""
    location: str = ""
    address: str = ""
    contact: str = ""
    notes: str = ""
    who: str = gettext_lazy("Whole delegation")
    delegation: Delegation | None = None
    closed: bool = False
    cancelled: bool = False
    signed_up: bool = False
    item: ItineraryItem | None = None
    sequence: int = 0
    clashes: list = field(default_factory=list)

    @property
    def local_start(self):
        return self.starts_at.astimezone(zoneinfo.ZoneInfo(self.start_tz))

    @property
    def local_end(self):
        return self.ends_at.astimezone(zoneinfo.ZoneInfo(self.end_tz))

    @property
    def start_zone(self):
        return zone_label(self.start_tz, self.starts_at)

    @property
    def end_zone(self):
        return zone_label(self.end_tz, self.ends_at)

    @property
    def changes_zone(self):
        return self.end_tz != self.start_tz

    @property
    def ends_another_day(self):
        return self.local_end.date() != self.local_start.date()

    @property
    def visit(self):
        return getattr(self.item, "visit", None) if self.item else None

    @property
    def label(self):
        return f"[{self.delegation.name}] {self.title}" if self.delegation else self.title


def itinerary_items(delegation):
    return _item_queryset().filter(delegation=delegation)


def _item_queryset():
    return ItineraryItem.objects.select_related(
        "delegation", "session__room", "session__summit", "visit__host", "visit__trip"
    ).prefetch_related(
        Prefetch("participants", queryset=Membership.objects.select_related("user").order_by("joined_at", "pk"))
    )


def follow_release(rows):
    """Show the sessions that `rows` (items or sign-ups, of one summit) link to as the summit's
    latest release has them, as the agenda does; a session not released yet stays live."""
    linked = [row for row in rows if row.session_id]
    if not linked or not apps.is_installed("schedule"):
        return rows
    from schedule.queries import released_versions

    shown = released_versions(linked[0].session.summit, [row.session for row in linked])
    for row in linked:
        if row.session_id in shown:
            row.session = shown[row.session_id]
    return rows


def _session_fields(session, access, summit):
    # A released version is shown only to whom may also see the session as it is now.
    visible = access.can_see(session) and access.can_see(getattr(session, "live", session))
    return dict(
        title=session.title if visible else str(CLOSED_TITLE),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        start_tz=summit.timezone,
        end_tz=summit.timezone,
        location=", ".join(x for x in [session.room.name if session.room else "", summit.venue] if x),
        address=summit.venue_address,
        closed=not visible,
        cancelled=session.is_cancelled,
    )


def linkable_sessions(summit_id, access, *, keep=None):
    """The summit's sessions a person may link to an itinerary item: those `access` may see, and
    `keep` (the item's current session) whatever it is, so that an item keeps its link. One query
    here to decide (eligibility is decided in Python), one when the result is read."""
    sessions = Session.objects.filter(summit_id=summit_id).select_related("summit", "room").order_by("starts_at")
    ids = [s.pk for s in sessions if access.can_see(s) or (keep is not None and s.pk == keep.pk)]
    return sessions.filter(pk__in=ids)


def item_title(item, access):
    """An item's title as `access` may read it: a linked closed session is only "Closed session"."""
    if item.session_id and not access.can_see(item.session):
        return str(CLOSED_TITLE)
    return item.display_title


def entry_from_item(item, access, *, label_delegation=False):
    common = dict(
        key=f"item-{item.pk}",
        kind=item.kind,
        kind_label=item.get_kind_display(),
        delegation=item.delegation if label_delegation else None,
        item=item,
        sequence=item.sequence,
        who=gettext("Whole delegation")
        if item.everyone
        else ", ".join(person_name(m.user) for m in item.participants.all()),
        contact=item.contact,
        notes=item.notes,
    )
    if item.session_id:
        session = item.session
        fields = _session_fields(session, access, session.summit)
        if fields["closed"]:
            # What the lead typed about a closed session could name it: keep only time and room.
            common["notes"] = ""
            common["contact"] = ""
        common["sequence"] = item.sequence + session.sequence
        return Entry(**common, **fields)
    return Entry(
        **common,
        title=item.display_title,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        start_tz=item.start_tz,
        end_tz=item.arrival_tz,
        start_place=item.start_place,
        end_place=item.end_place,
        location=item.location,
        address=item.address,
    )


def entry_from_signup(signup, access):
    session = signup.session
    return Entry(
        key=f"session-{session.pk}",
        kind="summit_session",
        kind_label=gettext("Signed-up session"),
        who=gettext("You"),
        signed_up=True,
        sequence=session.sequence,
        **_session_fields(session, access, session.summit),
    )


def sort_entries(entries):
    return sorted(entries, key=lambda e: (e.local_start.date(), e.starts_at, e.ends_at, e.key))


def by_day(entries):
    """[(local date, [entry, ...]), ...]: each entry under the date it starts on in its own zone."""
    entries = sort_entries(entries)
    return [(day, list(group)) for day, group in groupby(entries, key=lambda e: e.local_start.date())]


def delegation_entries(delegation, access):
    return [entry_from_item(item, access) for item in follow_release(list(itinerary_items(delegation)))]


def lead_entries(delegation, access):
    """The delegation's itinerary as its lead sees it: items that overlap each other, or the summit
    sessions the people on them signed up for, are flagged. Two queries more than `delegation_entries`."""
    entries = delegation_entries(delegation, access)
    memberships = Membership.objects.filter(delegation=delegation, left_at__isnull=True).select_related("user")
    names = {m.user_id: person_name(m.user) for m in memberships}
    signups = SessionSignup.objects.filter(
        registration__summit_id=delegation.summit_id,
        registration__user_id__in=list(names),
        status=SignupStatus.CONFIRMED,
    ).select_related("session__summit", "session__room", "registration")
    flag_clashes(entries)
    flag_member_session_clashes(entries, list(signups), names, access)
    return entries


def active_memberships(user, summit):
    return list(
        Membership.objects.filter(user=user, delegation__summit=summit, left_at__isnull=True).select_related(
            "delegation"
        )
    )


def items_for_member(user, summit, memberships=None):
    """Items of every delegation `user` is on in `summit` that apply to them (everyone, or chosen)."""
    memberships = active_memberships(user, summit) if memberships is None else memberships
    if not memberships:
        return []
    delegation_ids = [m.delegation_id for m in memberships]
    membership_ids = [m.pk for m in memberships]
    ids = ItineraryItem.objects.filter(
        Q(delegation_id__in=delegation_ids, everyone=True)
        | Q(delegation_id__in=delegation_ids, participants__in=membership_ids)
    ).values("pk")
    return list(_item_queryset().filter(pk__in=ids))


def confirmed_signups(user, summit):
    return list(
        SessionSignup.objects.filter(
            registration__user=user, registration__summit=summit, status=SignupStatus.CONFIRMED
        ).select_related("session__room", "session__summit")
    )


def my_itinerary(user, summit, access=None):
    """The member's items (labelled with the delegation when they are on several) merged with the
    sessions they signed up for, clashes flagged."""
    access = access or SessionAccess.for_user(user, summit)
    memberships = active_memberships(user, summit)
    label = len({m.delegation_id for m in memberships}) > 1
    items = follow_release(items_for_member(user, summit, memberships))
    entries = [entry_from_item(i, access, label_delegation=label) for i in items]
    linked_sessions = {e.item.session_id for e in entries if e.item.session_id}
    for signup in follow_release(confirmed_signups(user, summit)):
        if signup.session_id in linked_sessions:
            for entry in entries:
                if entry.item.session_id == signup.session_id:
                    entry.signed_up = True
            continue
        entries.append(entry_from_signup(signup, access))
    flag_clashes(entries)
    return memberships, sort_entries(entries)


def plain_item_of(delegation, pk):
    """The delegation's item `pk` unless it is a site visit's (edited with the visit), or None."""
    return ItineraryItem.objects.filter(delegation=delegation, pk=pk).exclude(kind=ItemKind.SITE_VISIT).first()


def item_of(delegation, pk):
    return ItineraryItem.objects.filter(delegation=delegation, pk=pk).first()


def visit_of(delegation, pk):
    """The delegation's site visit `pk` with its item, host and trip, or None."""
    return SiteVisit.objects.select_related("item", "host", "trip").filter(pk=pk, trip__delegation=delegation).first()


def summit_for_slug(slug):
    return Summit.objects.filter(slug=slug).first()
