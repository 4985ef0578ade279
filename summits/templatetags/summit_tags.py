from django import template
from django.utils.dateformat import format as date_format

from conclave.timezones import repeated_hour_label

register = template.Library()


@register.filter
def is_organizer_of(summit, user):
    return summit.is_organizer(user)


@register.filter
def in_zone(value, tz):
    """A UTC datetime shown in a zone (a ZoneInfo or IANA name)."""
    if value is None:
        return ""
    if isinstance(tz, str):
        import zoneinfo

        tz = zoneinfo.ZoneInfo(tz)
    return value.astimezone(tz)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, 0) if mapping else 0


@register.filter
def clock(value, fmt="H:i"):
    """A local time (aware, in its own zone) as the `date` filter would show it, with its zone's
    abbreviation beside it when it falls in a repeated hour ("01:30 EDT", an hour later "01:30 EST"),
    where the clock alone would name two instants. One rule for every page and the PDF booklet."""
    if not value:
        return ""
    text = date_format(value, fmt)
    label = repeated_hour_label(value)
    return f"{text} {label}" if label else text


@register.simple_tag
def shown_answer(question, value):
    """A stored answer as people read it: "Yes" / "No" in their language for a yes / no question."""
    from ..registration.forms import answer_label

    return answer_label(question, value)
