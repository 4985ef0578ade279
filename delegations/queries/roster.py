"""A delegation's roster: active members with registration, screening and badge status, and its history."""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from summits.enums import Restriction
from summits.models import Registration, Session, SessionClearance
from summits.screening.eligibility import is_eligible

from ..badges import badge_statuses
from ..models import ItineraryItem, Membership


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
                badge=badges.get(registration.pk, _("Not printed")) if registration else _("No registration"),
            )
        )
    return rows


def screening_summary(registration, decisions, closed_sessions=()):
    """What export-control screening knows of a person: the eligibility facts, the organizers' decisions
    ({session id: granted}) and whether they may join the closed sessions on the itinerary."""
    if registration is None:
        return _("Not registered")
    parts = [_("U.S. person") if registration.is_us_person else _("Not a U.S. person")]
    if registration.country_of_citizenship:
        parts.append(_("citizen of %(country)s") % {"country": registration.country_of_citizenship.name})
    cleared = frozenset(pk for pk, granted in decisions.items() if granted)
    refused = len(decisions) - len(cleared)
    if decisions:
        parts.append(
            ngettext(
                "cleared for %(cleared)d session, refused for %(refused)d",
                "cleared for %(cleared)d sessions, refused for %(refused)d",
                len(cleared),
            )
            % {"cleared": len(cleared), "refused": refused}
        )
    else:
        parts.append(_("no clearance decisions"))
    if closed_sessions:
        admitted = sum(1 for s in closed_sessions if is_eligible(registration, s, cleared_session_ids=cleared))
        parts.append(
            ngettext(
                "may join %(admitted)d of %(count)d closed session on the itinerary",
                "may join %(admitted)d of %(count)d closed sessions on the itinerary",
                len(closed_sessions),
            )
            % {"admitted": admitted, "count": len(closed_sessions)}
        )
    return " · ".join(parts)


def active_membership(delegation, pk, *, with_user=False):
    """The delegation's active membership `pk`, or None."""
    memberships = Membership.objects.select_related("user") if with_user else Membership.objects
    return memberships.filter(pk=pk, delegation=delegation, left_at__isnull=True).first()


def roster_history(delegation):
    return (
        Membership.objects.filter(delegation=delegation, left_at__isnull=False)
        .select_related("user", "replaced_by__user")
        .order_by("-left_at")
    )


def active_members_with_badge_names(delegation):
    """Active members, each with the name on their summit registration (people know each
    other by name, not by email address)."""
    badge_name = Registration.objects.filter(user=OuterRef("user"), summit=delegation.summit_id).values("badge_name")
    return (
        Membership.objects.filter(delegation=delegation, left_at__isnull=True)
        .select_related("user")
        .annotate(badge_name=Subquery(badge_name[:1]))
    )
