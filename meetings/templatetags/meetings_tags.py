"""Meetings shown on other apps' pages (My agenda, My itinerary, the delegation booklet)
without those apps importing this one: their templates load this library."""

from django import template

from .. import queries

register = template.Library()


@register.simple_tag
def my_meetings(summit, user):
    return queries.my_meetings(user, summit)


@register.simple_tag
def delegation_meetings(delegation):
    return queries.delegation_meetings(delegation)


@register.filter
def meeting_with(meeting):
    """The other person's name, and organisation where they chose to show it."""
    from ..calendar import other_label

    return other_label(meeting.other)
