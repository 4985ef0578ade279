"""Itineraries as calendar events: the delegation's shared feed and each member's items in the
summit's private feed (with the change markers behind its ETag)."""

from django.conf import settings
from django.db.models import Count, F, Max, Sum
from django.utils.translation import gettext as _

from summits.calendar.feeds import aggregates
from summits.calendar.ical import CalendarEvent, uid_host
from summits.screening.eligibility import SessionAccess

from ..models import Delegation, ItineraryItem, Membership
from .access import find_by_secret
from .itinerary import (
    active_memberships,
    entry_from_item,
    follow_release,
    items_for_member,
    itinerary_items,
    sort_entries,
)


def delegation_for_feed_token(token):
    """The delegation whose calendar feed URL carries `token` (with its summit); None otherwise."""
    return find_by_secret(
        Delegation.objects.select_related("summit"),
        token,
        token_field="feed_token",
        selector_field="feed_token_selector",
    )


def event_from_entry(entry):
    description = "\n".join(
        x
        for x in [
            f"{entry.kind_label}",
            _("From %(place)s") % {"place": entry.start_place} if entry.start_place else "",
            _("To %(place)s") % {"place": entry.end_place} if entry.end_place else "",
            _("Address: %(address)s") % {"address": entry.address} if entry.address else "",
            _("Contact: %(contact)s") % {"contact": entry.contact} if entry.contact else "",
            _("For: %(who)s") % {"who": entry.who} if entry.who else "",
            entry.notes,
        ]
        if x
    )
    location = entry.location or " → ".join(x for x in [entry.start_place, entry.end_place] if x)
    return CalendarEvent(
        uid=f"delegation-item-{entry.item.pk}@{uid_host(settings.SITE_URL)}",
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
    person is eligible (summits.screening.eligibility.SessionAccess decides)."""
    access = SessionAccess.for_user(user, summit)
    memberships = active_memberships(user, summit)
    items = follow_release(items_for_member(user, summit, memberships))
    entries = [entry_from_item(i, access, label_delegation=True) for i in items]
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
    items = follow_release(list(itinerary_items(delegation)))
    entries = [entry_from_item(item, access, label_delegation=True) for item in items]
    stamps = [delegation.updated, delegation.summit.updated, *(item.updated for item in items)]
    stamps += [item.session.updated for item in items if item.session_id]
    return [event_from_entry(e) for e in sort_entries(entries)], max(stamps)
