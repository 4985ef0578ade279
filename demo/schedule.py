"""The demo agenda, released as version 1.0 (so the public agenda, feeds and exports show a release)."""

from schedule.models import ScheduleRelease
from schedule.services import release_schedule

DEMO_VERSION = "1.0"


def release_demo_agenda(summit):
    """Release the demo agenda once; a second seed leaves an existing release alone."""
    if ScheduleRelease.objects.filter(summit=summit, version=DEMO_VERSION).exists():
        return None
    organizer = summit.organizers.order_by("pk").first()
    return release_schedule(summit=summit, version=DEMO_VERSION, actor=organizer, comment="The demo agenda.")
