from django import template

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
