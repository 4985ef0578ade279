"""The demo's check-in lists: an entrance list for each summit day (found, not doubled, on a second run)."""

from badges.lists import create_entrance_lists


def seed_demo_checkin_lists(summit):
    return create_entrance_lists(summit=summit, actor=summit.organizers.order_by("pk").first())
