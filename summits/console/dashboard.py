"""The manage/ dashboard's figures, drawn as SVG on the server: registrations by day and status,
sign-ups per session, check-ins by hour. Three queries whatever the numbers (one per figure)."""

from collections import defaultdict

from django.db.models import Count, Q
from django.db.models.functions import TruncDate, TruncHour

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


def day_chart(by_day, *, height=180):
    """Stacked columns, one per day; the SVG scales to the page (viewBox), so it fits 390 px."""
    if not by_day:
        return None
    peak = max(sum(counts.values()) for _, counts in by_day) or 1
    slot = WIDTH / len(by_day)
    bar = max(1.0, slot * 0.8)
    plot = height - 30
    columns = []
    for index, (day, counts) in enumerate(by_day):
        x, top, parts = index * slot + (slot - bar) / 2, height - 20, []
        for status in RegistrationStatus.values:
            n = counts.get(status, 0)
            if not n:
                continue
            h = n / peak * plot
            top -= h
            parts.append(
                {"y": round(top, 1), "h": round(h, 1), "css": STATUS_CLASSES[status], "n": n, "status": status}
            )
        columns.append(
            {"x": round(x, 1), "w": round(bar, 1), "day": day, "total": sum(counts.values()), "parts": parts}
        )
    labels = [columns[0], columns[-1]] if len(columns) > 1 else columns
    return {"width": WIDTH, "height": height, "columns": columns, "labels": labels, "axis_y": height - 20, "peak": peak}


def session_chart(sessions, *, row=16):
    """One horizontal bar per session: confirmed seats (and the capacity as a frame)."""
    if not sessions:
        return None
    peak = max(max(s.confirmed + s.waiting, s.capacity or 0) for s in sessions) or 1
    left, span = 220, WIDTH - 220 - 40
    bars = []
    for index, session in enumerate(sessions):
        y = index * row + 2
        bars.append(
            {
                "y": y,
                "text_y": y + row - 5,
                "title": session.title[:34],
                "full_title": session.title,
                "confirmed": session.confirmed,
                "waiting": session.waiting,
                "capacity": session.capacity,
                "w": round(session.confirmed / peak * span, 1),
                "cap_w": round((session.capacity or 0) / peak * span, 1),
                "count_x": left + round(max(session.confirmed, session.capacity or 0) / peak * span, 1) + 4,
            }
        )
    return {"width": WIDTH, "height": len(bars) * row + 4, "bars": bars, "left": left, "row": row - 4}


def hour_chart(by_hour, *, height=160):
    if not by_hour:
        return None
    peak = max(n for _, n in by_hour) or 1
    slot = WIDTH / max(len(by_hour), 8)
    bars = []
    for index, (hour, n) in enumerate(by_hour):
        h = max(2, round(n / peak * (height - 40)))
        x = index * slot + slot * 0.1
        bars.append(
            {
                "x": round(x, 1),
                "y": height - 20 - h,
                "w": round(slot * 0.8, 1),
                "h": h,
                "n": n,
                "label": f"{hour:%H}:00",
                "day": f"{hour:%d %b}",
                "mid": round(x + slot * 0.4, 1),
            }
        )
    return {"width": WIDTH, "height": height, "bars": bars, "axis_y": height - 20, "label_y": height - 6}


def dashboard_charts(summit):
    return {
        "by_day": day_chart(registrations_by_day(summit)),
        "sessions": session_chart(signups_per_session(summit)),
        "by_hour": hour_chart(checkins_by_hour(summit)),
        "statuses": [(value, label, STATUS_CLASSES[value]) for value, label in RegistrationStatus.choices],
    }
