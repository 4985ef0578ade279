"""The organizer's rooms × time grid: sessions in, positioned cells out (no queries here).

Rows are 15-minute steps of local wall-clock time in the summit's zone; columns are
rooms. Positions are CSS classes (gr-N row, gs-N span, gc-N column, see
static/css/agenda.css) because the Content-Security-Policy forbids inline styles.
"""

import math
from dataclasses import dataclass, field
from datetime import date, time, timedelta

STEP_MINUTES = 15
MAX_ROWS = 96  # one day of 15-minute rows
MAX_COLUMNS = 40  # rooms; more rooms than this wrap into a list below the grid
DEFAULT_FIRST_HOUR, DEFAULT_LAST_HOUR = 8, 19


@dataclass
class GridItem:
    session: object
    column: int
    row: int
    span: int
    conflicts: list = field(default_factory=list)


@dataclass
class GridCell:
    room: object
    column: int
    row: int
    day: date
    start: time

    @property
    def closed(self):
        """The room is closed for the whole of this hour (its opening hours, local time)."""
        opens, closes = self.room.opens_at, self.room.closes_at
        hour_end = self.start.hour + 1
        return bool(
            (opens and hour_end * 60 <= opens.hour * 60 + opens.minute)
            or (closes and self.start.hour * 60 >= closes.hour * 60 + closes.minute)
        )

    @property
    def day_iso(self):
        return self.day.isoformat()

    @property
    def start_hm(self):
        return self.start.strftime("%H:%M")


@dataclass
class GridDay:
    day: date
    first_hour: int
    last_hour: int
    hours: list  # [(row, "08:00"), ...]
    items: list
    cells: list

    @property
    def rows(self):
        return (self.last_hour - self.first_hour) * 60 // STEP_MINUTES


def _minutes(local):
    return local.hour * 60 + local.minute


def build_grid(summit, rooms, sessions, conflicts_by_id):
    """(days, elsewhere, cancelled): grid days of the summit, sessions outside them or
    without a room, and cancelled sessions (kept, listed apart)."""
    tz = summit.tz
    columns = {room.pk: index + 2 for index, room in enumerate(rooms[:MAX_COLUMNS])}
    by_day, elsewhere, cancelled = {}, [], []
    summit_days = [summit.start_date + timedelta(days=n) for n in range((summit.end_date - summit.start_date).days + 1)]
    for session in sessions:
        session.conflicts = conflicts_by_id.get(session.pk, [])
        if session.is_cancelled:
            cancelled.append(session)
            continue
        start = session.starts_at.astimezone(tz)
        end = session.ends_at.astimezone(tz)
        if start.date() not in summit_days or session.room_id not in columns or end.date() != start.date():
            elsewhere.append(session)
            continue
        by_day.setdefault(start.date(), []).append((session, start, end))
    open_hours = [r.opens_at.hour for r in rooms if r.opens_at] or [DEFAULT_FIRST_HOUR]
    close_hours = [math.ceil(_minutes(r.closes_at) / 60) for r in rooms if r.closes_at] or [DEFAULT_LAST_HOUR]
    days = []
    for day in summit_days:
        entries = by_day.get(day, [])
        first = min([min(open_hours), DEFAULT_FIRST_HOUR] + [s.hour for _, s, _ in entries])
        last = max([max(close_hours), DEFAULT_LAST_HOUR] + [math.ceil(_minutes(e) / 60) for _, _, e in entries])
        last = min(max(last, first + 1), 24)
        items = []
        for session, start, end in entries:
            row = (_minutes(start) - first * 60) // STEP_MINUTES + 2
            span = max(1, math.ceil((_minutes(end) - _minutes(start)) / STEP_MINUTES))
            span = min(span, MAX_ROWS + 2 - row)
            items.append(GridItem(session, columns[session.room_id], row, span, session.conflicts))
        hours = [((h - first) * 60 // STEP_MINUTES + 2, f"{h:02d}:00") for h in range(first, last)]
        cells = [
            GridCell(room, columns[room.pk], row, day, time(int(label[:2]), 0))
            for room in rooms[:MAX_COLUMNS]
            for row, label in hours
        ]
        days.append(GridDay(day, first, last, hours, items, cells))
    return days, elsewhere, cancelled
