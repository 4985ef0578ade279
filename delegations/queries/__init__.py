"""Reads of the delegations app, split by concern; this package is their one import path
(`from delegations import queries`, `delegations.queries.itinerary_markers`).

A query returns rows, values or None; it never answers with an HTTP status (views decide).
"""

from .access import DelegationAccess, delegation_access, delegations_for_summit, delegations_led_by, delegations_of
from .clashes import clash_note, flag_clashes, flag_member_session_clashes
from .directory import may_browse_directory, organisation_directory
from .feed import (
    delegation_feed_contents,
    delegation_feed_events,
    delegation_for_feed_token,
    event_from_entry,
    itinerary_events_for,
    itinerary_markers,
)
from .invitations import invitation_for_token, invitation_in, invitee_registration, pending_invitations, user_has_email
from .itinerary import (
    CLOSED_TITLE,
    Entry,
    active_memberships,
    by_day,
    confirmed_signups,
    delegation_entries,
    entry_from_item,
    entry_from_signup,
    item_of,
    item_title,
    items_for_member,
    itinerary_items,
    lead_entries,
    linkable_sessions,
    my_itinerary,
    plain_item_of,
    sort_entries,
    summit_for_slug,
    visit_of,
)
from .roster import (
    RosterRow,
    active_members_with_badge_names,
    active_membership,
    person_name,
    roster,
    roster_history,
    screening_summary,
)

__all__ = [
    "CLOSED_TITLE",
    "DelegationAccess",
    "Entry",
    "RosterRow",
    "active_members_with_badge_names",
    "active_membership",
    "active_memberships",
    "by_day",
    "clash_note",
    "confirmed_signups",
    "delegation_access",
    "delegation_entries",
    "delegation_feed_contents",
    "delegation_feed_events",
    "delegation_for_feed_token",
    "delegations_for_summit",
    "delegations_led_by",
    "delegations_of",
    "entry_from_item",
    "entry_from_signup",
    "event_from_entry",
    "flag_clashes",
    "flag_member_session_clashes",
    "invitation_for_token",
    "invitation_in",
    "invitee_registration",
    "item_of",
    "item_title",
    "items_for_member",
    "lead_entries",
    "itinerary_events_for",
    "itinerary_items",
    "itinerary_markers",
    "linkable_sessions",
    "may_browse_directory",
    "my_itinerary",
    "organisation_directory",
    "pending_invitations",
    "person_name",
    "plain_item_of",
    "roster",
    "roster_history",
    "screening_summary",
    "sort_entries",
    "summit_for_slug",
    "user_has_email",
    "visit_of",
]
