"""The second zone of meeting times: the home time zone of a person's delegation, when it differs
from the summit's (asked of the delegations app). Meeting times are shown in the summit's zone and,
for such a person, in their home zone beside it."""

import zoneinfo

from django.apps import apps
from django.utils.translation import gettext as _

from conclave.timezones import wall_clock


def home_zone(user, summit):
    """The IANA name of the home zone of `user`'s (a user or a user id) delegation in `summit`,
    or "" (none, or the summit's own): one query."""
    if not apps.is_installed("delegations") or not getattr(user, "is_authenticated", True):
        return ""
    from delegations.queries import active_memberships

    zones = [m.delegation.home_timezone for m in active_memberships(user, summit)]
    return next((z for z in zones if z and z != summit.timezone), "")


def home_zones(summit, user_ids):
    """{user id: home zone} for those of `user_ids` on a delegation living in another zone: one
    query, then one per such delegation (a summit has a handful)."""
    if not apps.is_installed("delegations") or not user_ids:
        return {}
    from delegations.queries import active_members_with_badge_names, delegations_for_summit

    out = {}
    for delegation in delegations_for_summit(summit).exclude(home_timezone__in=["", summit.timezone]):
        members = active_members_with_badge_names(delegation).filter(user_id__in=user_ids)
        for user_id in members.values_list("user_id", flat=True):
            out.setdefault(user_id, delegation.home_timezone)
    return out


def home_time(start, end, zone):
    """ "Tue 2 Feb 23:30–23:50 in America/New_York" (the zone's abbreviation after a time the
    clocks repeat there), for texts: the feed's description and mails."""
    local_start, local_end = (value.astimezone(zoneinfo.ZoneInfo(zone)) for value in (start, end))
    return _("%(start)s–%(end)s in %(zone)s") % {
        "start": wall_clock(local_start, f"%a {local_start.day} %b %H:%M"),
        "end": wall_clock(local_end),
        "zone": zone,
    }
