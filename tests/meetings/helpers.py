"""Builders for the meetings tests."""

from datetime import datetime, time, timedelta

from meetings import services
from meetings.models import MeetingRequest, MeetingTable, Profile
from tests.factories import RegistrationFactory


def person(summit, stage="startup", *, opted_in=True, **fields):
    registration = RegistrationFactory(summit=summit, **fields)
    Profile.objects.create(registration=registration, summit=summit, opted_in=opted_in, stage=stage, country="IN")
    return registration


def local(summit, day_offset, hh, mm=0):
    day = summit.start_date + timedelta(days=day_offset)
    return datetime.combine(day, time(hh, mm), tzinfo=summit.tz)


def tables(summit, n, reserved=None):
    return [
        MeetingTable.objects.create(summit=summit, number=i, reserved_stage=(reserved or {}).get(i, ""))
        for i in range(1, n + 1)
    ]


def block(summit, table_list, *, day=0, start=(10, 0), end=(11, 0), slot=20, buffer=0, name="Block"):
    return services.create_block(
        summit=summit,
        actor=None,
        name=name,
        starts_at=local(summit, day, *start),
        ends_at=local(summit, day, *end),
        slot_minutes=slot,
        buffer_minutes=buffer,
        tables=table_list,
    )


def accepted(a, b, priority=2):
    return MeetingRequest.objects.create(
        summit=a.summit, requester=a, recipient=b, priority=priority, status="accepted"
    )


def draft_meeting(request, meeting_block, table, slot=0):
    """A meeting as a scheduler run leaves it (a draft in one of the block's slots)."""
    from meetings.models import Meeting
    from meetings.queries import block_slots

    start, end = block_slots(meeting_block)[slot]
    return Meeting.objects.create(request=request, block=meeting_block, table=table, starts_at=start, ends_at=end)
