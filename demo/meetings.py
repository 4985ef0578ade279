"""Demo matchmaking: a taxonomy, profiles, two meeting blocks with 20 tables, requests (most
accepted) between the two delegations and local startups, two people away on flights during
both blocks (their requests cannot be placed), and a first published schedule."""

from datetime import datetime

from django.contrib.auth import get_user_model

from conclave.timezones import local_to_utc
from delegations.enums import ItemKind
from delegations.models import Delegation
from delegations.services import add_itinerary_item
from meetings import scheduling, services
from meetings.models import MeetingRequest, MeetingRules, MeetingTable, Profile, TechArea
from summits.enums import RegistrationStatus

from .accounts import ATTENDEE_EMAIL, ORGANIZER_EMAIL
from .delegations import IN_NAME, US_NAME

KOLKATA = "Asia/Kolkata"
AREAS = [
    "Maritime ISR",
    "Underwater communications",
    "Space situational awareness",
    "AI at the edge",
    "Counter-drone systems",
    "Secure communications",
    "Advanced materials",
    "Autonomy and robotics",
]
STAGE_BY_KIND = {"industry": "prime", "startup": "startup", "investor": "investor", "government": "government"}
OFFERS = [
    "Sonar signal processing on low-power hardware",
    "Satellite tracking data and conjunction alerts",
    "Edge inference modules qualified for rugged use",
    "Test ranges and field-trial partnerships",
    "Early-stage investment for dual-use hardware",
]
SEEKS = [
    "A prime partner for a joint challenge",
    "Pilot customers in naval programmes",
    "Co-development on autonomy stacks",
    "Startups for our scouting programme",
]


def _at(day, hh, mm):
    return local_to_utc(datetime(2027, 2, day, hh, mm), KOLKATA)


def seed_demo_meetings(summit, rng):
    """Idempotent: a summit with meeting rules already has its demo matchmaking."""
    if MeetingRules.objects.filter(summit=summit).exists():
        return
    organizer = get_user_model().objects.filter(username=ORGANIZER_EMAIL).first()
    services.set_areas(summit=summit, actor=organizer, names=AREAS)
    services.save_rules(
        summit=summit, actor=organizer, request_deadline=_at(16, 18, 0), min_per_startup=1, max_per_person=6
    )
    services.set_tables(summit=summit, actor=organizer, count=20, reserved={n: "prime" for n in range(1, 5)})
    tables = list(MeetingTable.objects.filter(summit=summit))
    for day, name in ((17, "Matchmaking, day 1"), (18, "Matchmaking, day 2")):
        services.create_block(
            summit=summit,
            actor=organizer,
            name=name,
            starts_at=_at(day, 15, 0),
            ends_at=_at(day, 17, 0),
            slot_minutes=20,
            buffer_minutes=5,
            tables=tables,
        )
    areas = list(TechArea.objects.filter(summit=summit))
    people = _people(summit)
    for i, registration in enumerate(people):
        stage = STAGE_BY_KIND.get(registration.category.kind, "sme")
        if registration.user.username == ATTENDEE_EMAIL:
            stage = "startup"
        profile = Profile.objects.create(
            registration=registration,
            summit=summit,
            opted_in=True,
            stage=stage,
            country=registration.country_of_citizenship,
            offers=OFFERS[i % len(OFFERS)],
            seeks=SEEKS[i % len(SEEKS)],
            show_email=i % 3 == 0,
            show_organisation=i % 5 != 4,
        )
        profile.offer_areas.set(rng.sample(areas, 2))
        profile.seek_areas.set(rng.sample(areas, 2))
    _flights(summit, organizer)
    _requests(summit, people, rng)
    scheduling.run_schedule(summit=summit, time_limit=5, actor=organizer)
    scheduling.publish_schedule(summit=summit, actor=organizer)


def _people(summit):
    """The two delegations' members, the demo attendee and local startups: 36 people."""
    from delegations.queries import delegations_for_summit

    approved = summit.registrations.filter(status=RegistrationStatus.APPROVED).select_related("user", "category")
    members = set()
    for delegation in delegations_for_summit(summit):
        members |= {m.user_id for m in delegation.memberships.filter(left_at__isnull=True)}
    on_delegations = [r for r in approved if r.user_id in members]
    local = [r for r in approved.filter(country_of_citizenship="IN").order_by("pk") if r.user_id not in members]
    return on_delegations + local[: 36 - len(on_delegations)]


def _flights(summit, actor):
    """Two members of the Indian delegation fly to Pune and back across both meeting blocks."""
    delegation = Delegation.objects.filter(summit=summit, name=IN_NAME).first()
    if delegation is None:
        return
    flyers = list(delegation.memberships.filter(left_at__isnull=True, role="member").order_by("pk")[:2])
    for title, start, end, places in (
        ("6E 5393 Bengaluru → Pune", _at(17, 14, 30), _at(17, 17, 10), ("Bengaluru (BLR)", "Pune (PNQ)")),
        ("6E 6122 Pune → Bengaluru", _at(18, 14, 45), _at(18, 17, 5), ("Pune (PNQ)", "Bengaluru (BLR)")),
    ):
        add_itinerary_item(
            delegation,
            actor=actor,
            participants=flyers,
            kind=ItemKind.FLIGHT,
            title=title,
            starts_at=start,
            ends_at=end,
            start_tz=KOLKATA,
            end_tz=KOLKATA,
            start_place=places[0],
            end_place=places[1],
            everyone=False,
        )


def _requests(summit, people, rng):
    """About 60 requests: most accepted, some waiting, a few declined."""
    us = Delegation.objects.filter(summit=summit, name=US_NAME).first()
    us_users = set(us.memberships.values_list("user_id", flat=True)) if us else set()
    american = [p for p in people if p.user_id in us_users]
    indian = [p for p in people if p.user_id not in us_users]
    pairs = set()
    for a in indian:
        for b in rng.sample(american, min(3, len(american))):
            pairs.add((a, b))
    statuses = ["accepted"] * 8 + ["pending", "declined"]
    for a, b in sorted(pairs, key=lambda p: (p[0].pk, p[1].pk)):
        if a.user.username == ATTENDEE_EMAIL or b.user.username == ATTENDEE_EMAIL:
            status = "accepted"
        else:
            status = rng.choice(statuses)
        MeetingRequest.objects.create(
            summit=summit,
            requester=a,
            recipient=b,
            message="We would like to discuss a joint challenge.",
            priority=rng.choice([1, 2, 2, 3]),
            status=status,
        )
