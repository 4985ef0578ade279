"""Reads: who may see a delegation, its roster with statuses, itineraries as day-by-day entries,
clashes, and calendar events. Every function runs a fixed number of queries."""

import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby
from urllib.parse import urlparse

from django.conf import settings
from django.db.models import Count, F, Max, Prefetch, Q, Sum
from django.http import Http404

from conclave.timezones import zone_label
from conclave.tokens import find_by_token
from summits.calendar.feeds import aggregates
from summits.calendar.ical import CalendarEvent
from summits.eligibility import SessionAccess, is_eligible
from summits.enums import Restriction, SignupStatus
from summits.models import Registration, Session, SessionClearance, SessionSignup

from .badges import badge_statuses
from .enums import InvitationStatus, ItemKind
from .models import TOKEN_LENGTH, Delegation, Invitation, ItineraryItem, Membership

CLOSED_TITLE = "Closed session"


# ---------------------------------------------------------------- secret tokens


def _find_by_token(queryset, *, token, token_field, selector_field):
    """The row whose secret is `token`, or Http404 for anything else (conclave.tokens decides)."""
    found = find_by_token(
        queryset, token, length=TOKEN_LENGTH, selector_field=selector_field, secret_field=token_field, whole_token=True
    )
    if found is None:
        raise Http404
    return found


def delegation_for_feed_token(token):
    """The delegation whose calendar feed URL carries `token` (with its summit); Http404 otherwise."""
    return _find_by_token(
        Delegation.objects.select_related("summit"),
        token=token,
        token_field="feed_token",
        selector_field="feed_token_selector",
    )


def invitation_for_token(token):
    """The invitation whose link carries `token` (with delegation, summit, category); Http404 otherwise."""
    return _find_by_token(
        Invitation.objects.select_related("delegation__summit", "category"),
        token=token,
        token_field="token",
        selector_field="token_selector",
    )


# ---------------------------------------------------------------- access


@dataclass(frozen=True)
class DelegationAccess:
    delegation: Delegation
    can_manage: bool  # the lead and the summit's organizers
    membership: Membership | None  # an active member reads


def delegation_access(user, pk):
    """The delegation `pk` if `user` may see it; 404 for anyone else, whatever the id."""
    if not user.is_authenticated:
        raise Http404
    delegation = Delegation.objects.select_related("summit", "lead", "category").filter(pk=pk).first()
    if delegation is None:
        raise Http404
    can_manage = delegation.lead_id == user.pk or delegation.summit.is_organizer(user)
    membership = Membership.objects.filter(delegation=delegation, user=user, left_at__isnull=True).first()
    if not can_manage and membership is None:
        raise Http404
    return DelegationAccess(delegation, can_manage, membership)


def delegations_for_summit(summit):
    return (
        Delegation.objects.filter(summit=summit)
        .select_related("lead", "category")
        .annotate(active_members=Count("memberships", filter=Q(memberships__left_at__isnull=True)))
        .order_by("name")
    )


def delegations_of(user):
    """Delegations a person leads or is an active member of, for their summit pages."""
    return (
        Delegation.objects.filter(Q(lead=user) | Q(memberships__user=user, memberships__left_at__isnull=True))
        .select_related("summit")
        .distinct()
        .order_by("summit__start_date", "name")
    )


# ---------------------------------------------------------------- roster


@dataclass
class RosterRow:
    membership: Membership
    registration: Registration | None
    screening: str
    badge: str


def person_name(user):
    return user.get_full_name() or user.email


def roster(delegation):
    """Active members with registration, export-control screening and badge status: 5 queries."""
    memberships = list(
        Membership.objects.filter(delegation=delegation, left_at__isnull=True)
        .select_related("user")
        .order_by("role", "joined_at", "pk")
    )
    registrations = {
        r.user_id: r
        for r in Registration.objects.filter(
            summit_id=delegation.summit_id, user_id__in=[m.user_id for m in memberships]
        ).select_related("category")
    }
    decisions = {}
    for registration_id, session_id, granted in SessionClearance.objects.filter(
        registration__in=registrations.values()
    ).values_list("registration_id", "session_id", "granted"):
        decisions.setdefault(registration_id, {})[session_id] = granted
    closed = list(
        Session.objects.filter(
            pk__in=ItineraryItem.objects.filter(delegation=delegation, session__isnull=False).values("session_id")
        ).exclude(restriction=Restriction.OPEN)
    )
    badges = badge_statuses(list(registrations.values()))
    rows = []
    for membership in memberships:
        registration = registrations.get(membership.user_id)
        mine = decisions.get(registration.pk, {}) if registration else {}
        rows.append(
            RosterRow(
                membership=membership,
                registration=registration,
                screening=screening_summary(registration, mine, closed),
                badge=badges.get(registration.pk, "Not printed") if registration else "No registration",
            )
        )
    return rows


def screening_summary(registration, decisions, closed_sessions=()):
    """What export-control screening knows of a person: the eligibility facts, the organizers' decisions
    ({session id: granted}) and whether they may join the closed sessions on the itinerary."""
    if registration is None:
        return "Not registered"
    parts = ["U.S. person" if registration.is_us_person else "Not a U.S. person"]
    if registration.country_of_citizenship:
        parts.append(f"citizen of {registration.country_of_citizenship.name}")
    cleared = frozenset(pk for pk, granted in decisions.items() if granted)
    refused = len(decisions) - len(cleared)
    if decisions:
        parts.append(f"cleared for {len(cleared)} session(s), refused for {refused}")
    else:
        parts.append("no clearance decisions")
    if closed_sessions:
        admitted = sum(1 for s in closed_sessions if is_eligible(registration, s, cleared_session_ids=cleared))
        parts.append(f"may join {admitted} of {len(closed_sessions)} closed session(s) on the itinerary")
    return " · ".join(parts)


def roster_history(delegation):
    return (
        Membership.objects.filter(delegation=delegation, left_at__isnull=False)
        .select_related("user", "replaced_by__user")
        .order_by("-left_at")
    )


def pending_invitations(delegation):
    return Invitation.objects.filter(delegation=delegation, status=InvitationStatus.PENDING).select_related(
        "category", "replaces__user"
    )


# ---------------------------------------------------------------- itinerary entries


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
    who: str = "Whole delegation"
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


def _session_fields(session, access, summit):
    visible = access.can_see(session)
    return dict(
        title=session.title if visible else CLOSED_TITLE,
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
        return CLOSED_TITLE
    return item.display_title


def entry_from_item(item, access, *, label_delegation=False):
    common = dict(
        key=f"item-{item.pk}",
        kind=item.kind,
        kind_label=item.get_kind_display(),
        delegation=item.delegation if label_delegation else None,
        item=item,
        sequence=item.sequence,
        who="Whole delegation" if item.everyone else ", ".join(person_name(m.user) for m in item.participants.all()),
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
        kind_label="Signed-up session",
        who="You",
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
    return [entry_from_item(item, access) for item in itinerary_items(delegation)]


# ---------------------------------------------------------------- "my itinerary"


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
    entries = [entry_from_item(i, access, label_delegation=label) for i in items_for_member(user, summit, memberships)]
    linked_sessions = {e.item.session_id for e in entries if e.item.session_id}
    for signup in confirmed_signups(user, summit):
        if signup.session_id in linked_sessions:
            for entry in entries:
                if entry.item.session_id == signup.session_id:
                    entry.signed_up = True
            continue
        entries.append(entry_from_signup(signup, access))
    flag_clashes(entries)
    return memberships, sort_entries(entries)


def flag_clashes(entries):
    """Mark every pair of entries that overlap in time (hotel stays and cancelled sessions excepted)."""
    live = sorted(
        (e for e in entries if not e.cancelled and e.kind not in ItemKind.not_clashing()), key=lambda e: e.starts_at
    )
    for i, a in enumerate(live):
        for b in live[i + 1 :]:
            if b.starts_at >= a.ends_at:
                break
            if a.starts_at < b.ends_at:
                a.clashes.append(clash_note(a, b))
                b.clashes.append(clash_note(b, a))
    return entries


def clash_note(entry, other):
    if entry.kind in ItemKind.travel() and entry.ends_at > other.starts_at >= entry.starts_at:
        minutes = int((entry.ends_at - other.starts_at).total_seconds() // 60)
        return f"Arrives {minutes} min after “{other.title}” starts"
    return f"Overlaps “{other.title}”"


# ---------------------------------------------------------------- calendar events


def _uid_host():
    return urlparse(settings.SITE_URL).hostname or "conclave"


def event_from_entry(entry):
    description = "\n".join(
        x
        for x in [
            f"{entry.kind_label}",
            f"From {entry.start_place}" if entry.start_place else "",
            f"To {entry.end_place}" if entry.end_place else "",
            f"Address: {entry.address}" if entry.address else "",
            f"Contact: {entry.contact}" if entry.contact else "",
            f"For: {entry.who}" if entry.who else "",
            entry.notes,
        ]
        if x
    )
    location = entry.location or " → ".join(x for x in [entry.start_place, entry.end_place] if x)
    return CalendarEvent(
        uid=f"delegation-item-{entry.item.pk}@{_uid_host()}",
        summary=entry.label,
        start=entry.starts_at,
        end=entry.ends_at,
        start_tz=entry.start_tz,
        end_tz=entry.end_tz,
        location=location,
        description=description,
        sequence=entry.sequence,
        cancelled=entry.cancelled,
        last_modified=entry.item.updated,
    )


def itinerary_events_for(user, summit):
    """The person's delegation items in `summit` as calendar events, each labelled with its delegation.

    For the private per-person feed: restricted sessions show as "Closed session" unless the
    person is eligible (summits.eligibility.SessionAccess decides)."""
    access = SessionAccess.for_user(user, summit)
    memberships = active_memberships(user, summit)
    entries = [entry_from_item(i, access, label_delegation=True) for i in items_for_member(user, summit, memberships)]
    return [event_from_entry(e) for e in sort_entries(entries)]


def itinerary_markers(*, user, summit):
    """Change markers of `user`'s itinerary in `summit` as scalar subqueries (`user` and `summit`
    may be OuterRefs), for the summit feeds' state query: the person's active memberships
    (`itinerary_memberships` counts them) and their delegations, those delegations' items, the
    sessions the items follow, and the items' participants."""
    mine = Membership.objects.filter(user=user, delegation__summit=summit, left_at__isnull=True)
    on = dict(delegation__memberships__user=user, delegation__memberships__left_at__isnull=True)
    items = ItineraryItem.objects.filter(delegation__summit=summit, **on)
    through = ItineraryItem.participants.through
    links = through.objects.filter(
        itineraryitem__delegation__summit=summit, **{f"itineraryitem__{k}": v for k, v in on.items()}
    )
    return {
        **aggregates(
            mine,
            "user",
            itinerary_memberships=Count("pk"),
            itinerary_membership_ids=Sum("pk"),
            itinerary_delegations_updated=Max("delegation__updated"),
        ),
        **aggregates(
            items,
            "delegation__memberships__user",
            itinerary_items=Count("pk"),
            itinerary_item_ids=Sum("pk"),
            itinerary_items_sequence=Sum("sequence"),
            itinerary_items_updated=Max("updated"),
            itinerary_sessions_updated=Max("session__updated"),
            itinerary_sessions_sequence=Sum("session__sequence"),
        ),
        **aggregates(
            links,
            "itineraryitem__delegation__memberships__user",
            itinerary_participants=Count("pk"),
            itinerary_participants_spread=Sum(F("itineraryitem_id") * F("membership_id")),
        ),
    }


def delegation_feed_events(delegation):
    """The shared delegation feed: nobody in particular reads it, so closed sessions stay closed."""
    return delegation_feed_contents(delegation)[0]


def delegation_feed_contents(delegation):
    """(events, last modified) of the shared delegation feed: the latest change of the
    delegation, its summit, its items and the sessions they follow."""
    access = SessionAccess()
    items = list(itinerary_items(delegation))
    entries = [entry_from_item(item, access, label_delegation=True) for item in items]
    stamps = [delegation.updated, delegation.summit.updated, *(item.updated for item in items)]
    stamps += [item.session.updated for item in items if item.session_id]
    return [event_from_entry(e) for e in sort_entries(entries)], max(stamps)


# ---------------------------------------------------------------- organisation directory


def may_browse_directory(user):
    """Leads, roster members and organizers use the shared directory of host organisations."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.organized_summits.exists():
        return True
    return Delegation.objects.filter(
        Q(lead=user) | Q(memberships__user=user, memberships__left_at__isnull=True)
    ).exists()


def organisation_directory(*, kind="", city="", search=""):
    from .models import Organisation

    qs = Organisation.objects.annotate(visit_count=Count("visits"))
    if kind:
        qs = qs.filter(kind=kind)
    if city:
        qs = qs.filter(city__iexact=city)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(technology_areas__icontains=search))
    return qs.order_by("name")
