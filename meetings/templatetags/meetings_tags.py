"""Meetings shown on other apps' pages (My agenda, My itinerary, the delegation booklet)
without those apps importing this one: their templates load this library."""

from django import template

from .. import queries, zones

register = template.Library()


@register.simple_tag
def my_meetings(summit, user):
    return queries.my_meetings(user, summit)


@register.simple_tag
def delegation_meetings(delegation):
    return queries.delegation_meetings(delegation)


@register.simple_tag
def meeting_home_zone(summit, user):
    """The home zone of the user's delegation when it is not the summit's, else ""."""
    return zones.home_zone(user, summit)


@register.simple_tag
def delegation_home_zone(delegation):
    """The delegation's home zone when it is not its summit's, else "" (for the booklet)."""
    zone = delegation.home_timezone
    return zone if zone and zone != delegation.summit.timezone else ""


@register.filter
def meeting_with(meeting):
    """The other person's name, and organisation where they chose to show it."""
    from ..calendar import other_label

    return other_label(meeting.other)
