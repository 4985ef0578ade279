"""The manage/ dashboard's figures, drawn as SVG on the server: registrations by day and status,
sign-ups per session, check-ins by hour. Three queries whatever the numbers (one per figure)."""

from collections import defaultdict

from django.db.models import Count, Q
from django.db.models.functions import TruncDate, TruncHour
from django.utils.dateformat import format as date_format
from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from badges.models import Checkin

from ..enums import RegistrationStatus, SignupStatus
from ..models import Registration, Session

WIDTH = 640
STATUS_CLASSES = {
    RegistrationStatus.PENDING: "chart-pending",
    RegistrationStatus.APPROVED: "chart-approved",
    RegistrationStatus.WAITLISTED: "chart-waitlisted",
    RegistrationStatus.DECLINED: "chart-declined",
    RegistrationStatus.CANCELLED: "chart-cancelled",
}


def registrations_by_day(summit):
    """[(date, {status: count})] in day order, days in the summit's zone (1 query)."""
    rows = (
        Registration.objects.filter(summit=summit)
        .annotate(day=TruncDate("created", tzinfo=summit.tz))
        .values_list("day", "status")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    days = defaultdict(dict)
    for day, status, n in rows:
        days[day][status] = n
    return sorted(days.items())


def signups_per_session(summit):
    """Sessions that take sign-ups, in time order, with confirmed and waiting counts (1 query)."""
    return list(
        Session.objects.filter(summit=summit, needs_signup=True)
        .annotate(
            confirmed=Count("signups", filter=Q(signups__status=SignupStatus.CONFIRMED)),
            waiting=Count("signups", filter=Q(signups__status=SignupStatus.WAITLISTED)),
        )
        .only("pk", "title", "capacity", "starts_at")
        .order_by("starts_at", "pk")
    )


def checkins_by_hour(summit):
    rows = (
        Checkin.objects.filter(summit=summit)
        .annotate(hour=TruncHour("created", tzinfo=summit.tz))
        .values_list("hour")
        .annotate(n=Count("pk"))
        .order_by("hour")
    )
    return list(rows)


def _svg(title_id, title, width, height, body):
    return format_html(
        '<svg class="console-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}"><title id="{}">{}</title>{}</svg>',
        width,
        height,
        title_id,
        title_id,
        title,
        mark_safe("".join(body)),  # noqa: S308 - every part below is built with format_html
    )


def _n(value):
    return f"{value:.1f}".rstrip("0").rstrip(".")


def day_chart(by_day, *, height=180):
    """Stacked columns, one per day; the SVG scales to the page (viewBox), so it fits 390 px.
    Built as a string here: the template language would spend ~10x longer on 300 bars."""
    if not by_day:
        return None
    peak = max(sum(counts.values()) for _, counts in by_day) or 1
    slot = WIDTH / len(by_day)
    bar = max(1.0, slot * 0.8)
    plot, axis = height - 30, height - 20
    body = [format_html('<line x1="0" x2="{}" y1="{}" y2="{}" class="chart-axis"/>', WIDTH, axis, axis)]
    rows = []
    # Read once, not per bar: Choices' lists and lazy labels are rebuilt on every access.
    statuses = [(status, STATUS_CLASSES[status]) for status in RegistrationStatus.values]
    labels = {status: str(label) for status, label in RegistrationStatus.choices}
    width = _n(bar)
    for index, (day, counts) in enumerate(by_day):
        x, top, parts = _n(index * slot + (slot - bar) / 2), axis, []
        for status, css_class in statuses:
            n = counts.get(status, 0)
            if n:
                h = n / peak * plot
                top -= h
                # Numbers and fixed class names only: f-strings, not format_html per bar (5x the cost).
                parts.append(f'<rect x="{x}" y="{_n(top)}" width="{width}" height="{_n(h)}" class="{css_class}"/>')
        label = date_format(day, "d M Y")
        body.append(f"<g><title>{escape(label)}: {sum(counts.values())}</title>{''.join(parts)}</g>")
        rows.append(
            (label, ", ".join(f"{labels[k]} {number_format(v, force_grouping=True)}" for k, v in counts.items()))
        )
    for index in sorted({0, len(by_day) - 1}):
        body.append(
            format_html(
                '<text x="{}" y="{}" class="chart-label">{}</text>',
                _n(index * slot),
                height - 6,
                date_format(by_day[index][0], "d M"),
            )
        )
    return {"svg": _svg("day-chart-title", _("Registrations by day and status"), WIDTH, height, body), "rows": rows}


def session_chart(sessions, *, row=16):
    """One horizontal bar per session: confirmed seats, the capacity as a frame, the waiting list after a +."""
    if not sessions:
        return None
    peak = max(max(s.confirmed + s.waiting, s.capacity or 0) for s in sessions) or 1
    left, span = 220, WIDTH - 220 - 40
    body = []
    for index, session in enumerate(sessions):
        y = index * row + 2
        count = f"{session.confirmed}" + (f"+{session.waiting}" if session.waiting else "")
        frame = ""
        if session.capacity:
            frame = (
                f'<rect x="{left}" y="{y}" width="{_n(session.capacity / peak * span)}" height="{row - 4}" '
                'class="chart-capacity"/>'
            )
        # f-strings (numbers) and escape (text): format_html per bar costs several times more.
        capacity = f" / {session.capacity}" if session.capacity else ""
        body.append(
            f"<g><title>{escape(session.title)}: {count}{capacity}</title>"
            f'<text x="0" y="{y + row - 5}" class="chart-label">{escape(session.title[:34])}</text>{frame}'
            f'<rect x="{left}" y="{y}" width="{_n(session.confirmed / peak * span)}" height="{row - 4}" class="chart-bar"/>'
            f'<text x="{_n(left + max(session.confirmed, session.capacity or 0) / peak * span + 4)}" y="{y + row - 5}" '
            f'class="chart-count">{count}</text></g>'
        )
    height = len(sessions) * row + 4
    return {
        "svg": _svg(
            "session-chart-title", _("Confirmed seats per session, with the capacity as a frame"), WIDTH, height, body
        )
    }


def hour_chart(by_hour, *, height=160):
    if not by_hour:
        return None
    peak = max(n for _, n in by_hour) or 1
    slot = WIDTH / max(len(by_hour), 8)
    axis = height - 20
    body = [format_html('<line x1="0" x2="{}" y1="{}" y2="{}" class="chart-axis"/>', WIDTH, axis, axis)]
    for index, (hour, n) in enumerate(by_hour):
        h = max(2, round(n / peak * (height - 40)))
        x = index * slot + slot * 0.1
        body.append(
            format_html(
                '<g><title>{} {}: {}</title><rect x="{}" y="{}" width="{}" height="{}" class="chart-bar"/>'
                '<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}</text></g>',
                date_format(hour, "d M"),
                f"{hour:%H}:00",
                n,
                _n(x),
                axis - h,
                _n(slot * 0.8),
                h,
                _n(x + slot * 0.4),
                height - 6,
                f"{hour:%H}:00",
            )
        )
    return {"svg": _svg("checkin-chart-title", _("Check-ins per hour"), WIDTH, height, body)}


def dashboard_charts(summit):
    return {
        "by_day": day_chart(registrations_by_day(summit)),
        "sessions": session_chart(signups_per_session(summit)),
        "by_hour": hour_chart(checkins_by_hour(summit)),
        "statuses": [(value, label, STATUS_CLASSES[value]) for value, label in RegistrationStatus.choices],
    }
