"""The registration confirmation's attachment: the summit's days as calendar events, built by
summits.calendar.ical like every other feed."""

from datetime import datetime, time, timedelta

from django.utils.translation import gettext as _

from ..calendar.ical import CalendarEvent, summit_calendar, uid_host

DAY_STARTS, DAY_ENDS = time(9, 0), time(18, 0)


def summit_days_events(summit, *, site_url, day_spans=None):
    """One event per summit day, in the summit's zone.

    `day_spans` maps a local date to (first start, last end) of that day's sessions;
    a day without sessions runs 09:00–18:00 local time.
    """
    host = uid_host(site_url)
    tz = summit.tz
    day_spans = day_spans or {}
    total = (summit.end_date - summit.start_date).days + 1
    url = f"{site_url}/summits/{summit.slug}/agenda/"
    events = []
    for n in range(total):
        day = summit.start_date + timedelta(days=n)
        start, end = day_spans.get(day) or (
            datetime.combine(day, DAY_STARTS, tzinfo=tz),
            datetime.combine(day, DAY_ENDS, tzinfo=tz),
        )
        label = summit.name if total == 1 else _("%(summit)s — day %(day)s") % {"summit": summit.name, "day": n + 1}
        events.append(
            CalendarEvent(
                uid=f"summit-{summit.pk}-{day:%Y%m%d}@{host}",
                summary=label,
                start=start,
                end=end,
                start_tz=summit.timezone,
                location=", ".join(p for p in (summit.venue, summit.venue_address, summit.city) if p),
                description=_("The agenda: %(agenda)s\nYour registration: %(mine)s")
                % {"agenda": url, "mine": f"{site_url}/summits/{summit.slug}/me/"},
                url=url,
            )
        )
    return events


def summit_days_ics(summit, *, site_url, stamp, day_spans=None):
    """The summit's days as an .ics (the registration confirmation mail's attachment)."""
    events = summit_days_events(summit, site_url=site_url, day_spans=day_spans)
    return summit_calendar(summit, events, name=summit.name, stamp=stamp)
